import FieldSyncShared
import Foundation
import Logging
import PostgresNIO

extension PostgresServerStore {
    typealias MemoryRow = (Int64, String?, String?, Int64, Bool, String?)

    /// The replica's token and what `ReplicaHandshake` decides from; locked for the transaction
    /// with `forUpdate`, so two instances answering two copies at once decide one after the other.
    static func memory(
        _ connection: PostgresConnection, replica: ReplicaID, forUpdate: Bool, logger: Logger
    ) async throws -> (tokenID: Int64, memory: ReplicaMemory)? {
        let id = replica.description
        let query: PostgresQuery =
            forUpdate
            ? "SELECT token_id, epoch, pending_epoch, mark, resending, timeline FROM replica WHERE id = \(id) FOR UPDATE"
            : "SELECT token_id, epoch, pending_epoch, mark, resending, timeline FROM replica WHERE id = \(id)"
        // Every row read (at most one): a sequence left half read would hold the connection.
        var found: (tokenID: Int64, memory: ReplicaMemory)?
        for try await row in try await connection.query(query, logger: logger).decode(MemoryRow.self) {
            found = (
                row.0,
                ReplicaHandshake.memory(current: row.1, pending: row.2, mark: row.3, resending: row.4, timeline: row.5)
            )
        }
        return found
    }

    public func bind(replica: ReplicaID, identity: Identity, epoch: Epoch?, now: String) async throws -> ReplicaStanding
    {
        let logger = logger
        return try await transaction { connection in
            let id = replica.description
            let inserted = try await Self.rows(
                connection,
                """
                INSERT INTO replica (id, token_id, first_seen, last_sync) VALUES (\(id), \(identity.tokenID), \(now), \(now))
                ON CONFLICT (id) DO NOTHING RETURNING token_id
                """, as: Int64.self, logger: logger)
            guard inserted.isEmpty else { return ReplicaStanding() }
            guard let known = try await Self.memory(connection, replica: replica, forUpdate: true, logger: logger),
                known.tokenID == identity.tokenID
            else { throw ReplicaHandshake.boundElsewhere(replica) }
            switch ReplicaHandshake.check(shown: epoch, memory: known.memory) {
            case .refuse(let reason):
                throw ReplicaHandshake.forked(reason)
            case .accept(let promote):
                // A retired replica that syncs again is alive after all: it counts for purges again.
                if promote, let epoch {
                    try await connection.query(
                        """
                        UPDATE replica SET last_sync = \(now), retired_at = NULL, epoch = \(epoch.description), pending_epoch = NULL
                        WHERE id = \(id)
                        """, logger: logger)
                } else {
                    try await connection.query(
                        "UPDATE replica SET last_sync = \(now), retired_at = NULL WHERE id = \(id)", logger: logger)
                }
                return ReplicaStanding(resending: known.memory.resending)
            }
        }
    }

    public func hello(_ hello: HelloRequest, identity: Identity, now: String) async throws -> HelloResponse {
        let logger = logger
        return try await transaction { connection in
            let id = hello.replica.description
            // Lock the row (made now if new) first: hellos of two copies decide one after the other.
            let isNew = try await !Self.rows(
                connection,
                """
                INSERT INTO replica (id, token_id, first_seen, last_sync) VALUES (\(id), \(identity.tokenID), \(now), \(now))
                ON CONFLICT (id) DO NOTHING RETURNING token_id
                """, as: Int64.self, logger: logger
            ).isEmpty
            guard
                let locked = try await Self.memory(connection, replica: hello.replica, forUpdate: true, logger: logger)
            else {
                preconditionFailure("the replica's row was just made")
            }
            guard locked.tokenID == identity.tokenID else { throw ReplicaHandshake.boundElsewhere(hello.replica) }
            let timelines = try await Self.rows(
                connection, "SELECT id FROM timeline ORDER BY number DESC", as: String.self, logger: logger)
            let newest =
                try await Self.rows(
                    connection, "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM change_seq", as: Int64.self,
                    logger: logger
                ).first ?? 0
            let former = (hello.former ?? []).map(\.description)
            let formerResending = try await !Self.rows(
                connection,
                "SELECT id FROM replica WHERE id = ANY(\(former)) AND token_id = \(identity.tokenID) AND resending",
                as: String.self, logger: logger
            ).isEmpty
            let number =
                try await Self.rows(connection, "SELECT nextval('epoch_seq')", as: Int64.self, logger: logger).first
                ?? 1
            let verdict = ReplicaHandshake.decide(
                hello: hello, memory: isNew ? nil : locked.memory,
                server: ServerStanding(
                    newestChange: newest, timeline: timelines.first ?? "", nextTimeline: ReplicaID.random().description,
                    earlierTimelines: Set(timelines.dropFirst()), formerResending: formerResending),
                fresh: .fresh(number: number))
            guard case .proceed(let outcome, let reason, let memory, let newTimeline) = verdict else {
                if case .forked(let reason) = verdict { throw ReplicaHandshake.forked(reason) }
                preconditionFailure("a verdict proceeds or is forked")
            }
            let formerText = former.isEmpty ? nil : former.joined(separator: " ")
            try await connection.query(
                """
                UPDATE replica SET last_sync = \(now), retired_at = NULL, epoch = \(memory.current?.description),
                    pending_epoch = \(ReplicaHandshake.pendingText(memory)), mark = \(Int64(memory.mark)), resending = \(memory.resending),
                    former = COALESCE(\(formerText), former), timeline = \(memory.timeline)
                WHERE id = \(id)
                """, logger: logger)
            // The ids this file gave up no longer hold tombstone purges back; a copy still using one
            // counts again when it next syncs.
            try await connection.query(
                """
                UPDATE replica SET retired_at = \(now)
                WHERE id = ANY(\(former)) AND id <> \(id) AND token_id = \(identity.tokenID) AND retired_at IS NULL
                """, logger: logger)
            if let newTimeline {
                // Two instances finding it at once: the second one's timeline is the one kept as current.
                let why = "replica \(id): \(reason ?? "restored")"
                try await connection.query(
                    "INSERT INTO timeline (id, started_at, reason) VALUES (\(newTimeline), \(now), \(why))",
                    logger: logger)
            }
            let cursor = outcome == .serverRestored ? 0 : hello.cursor
            let count: PostgresQuery =
                if let scope = identity.region {
                    "SELECT COUNT(*) FROM record WHERE region = \(scope.rawValue) AND seq > \(cursor)"
                } else {
                    "SELECT COUNT(*) FROM record WHERE seq > \(cursor)"
                }
            let changes = try await Self.rows(connection, count, as: Int64.self, logger: logger).first ?? 0
            guard let epoch = memory.pending.last else { preconditionFailure("a hello hands out an epoch") }
            return HelloResponse(
                verdict: outcome, epoch: epoch, reason: reason, changes: changes, timeline: memory.timeline)
        }
    }

    public func records(ids: [RecordID], scope: Region?) async throws -> [WireRecord] {
        let logger = logger
        let numbers = replicaNumbers
        let keys = ids.map(\.description)
        return try await transaction(readOnlySnapshot: true) { connection in
            let query: PostgresQuery =
                if let scope {
                    "SELECT id, kind, state FROM record WHERE id = ANY(\(keys)) AND region = \(scope.rawValue) ORDER BY id"
                } else {
                    "SELECT id, kind, state FROM record WHERE id = ANY(\(keys)) ORDER BY id"
                }
            // Read to the end before decoding: decoding may query the connection (see `storedRows`).
            var raw = [(String, String, Data)]()
            for try await row in try await connection.query(query, logger: logger).decode((String, String, Data).self) {
                raw.append(row)
            }
            var records = [WireRecord]()
            for (id, kind, state) in raw {
                guard let id = RecordID(id) else { continue }
                records.append(
                    WireRecord(
                        id: id, kind: kind,
                        state: try await Self.decodeState(state, numbers: numbers, connection, logger: logger)))
            }
            return records
        }
    }
}
