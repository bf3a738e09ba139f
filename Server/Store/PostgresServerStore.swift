import FieldSyncShared
import Foundation
import HTTPTypes
import Logging
import NIOCore
import PostgresNIO
import ServiceLifecycle

/// The server's store on PostgreSQL, for several stateless server instances on one database.
///
/// Connections come from a `PostgresClient` pool, which must run (`run()`): as a service of the
/// application, or in a task of its own for one-shot commands. `prepare()` checks the database
/// is reachable and migrates it; every operation awaits it first.
///
/// Concurrency, which SQLite's single writer made moot:
/// - **The cursor**: change-log places come from a sequence, and transactions commit them out of
///   order. A transaction holds an advisory lock on its first place until it ends
///   (`fieldsync_take_seqs`), and a pull reads, before its snapshot, the smallest place still in
///   flight and returns only places below it (`fieldsync_pull_frontier`, `pull`).
/// - **Merges of one record**: every transaction that writes a record row first takes that
///   record's advisory lock (`fieldsync_lock_records`), whether the row exists yet or not, then
///   reads what is stored and merges with `PushDecision.decide`.
public struct PostgresServerStore: ServerStore, Service {
    public let location: PostgresLocation
    let client: PostgresClient
    let readiness = StoreReadiness()
    let logger: Logger
    /// The numbers stored states name replicas by; see `ReplicaNumbering`.
    let replicaNumbers = ReplicaNumberCache()

    /// A store on `location`; nothing connects until the pool runs and `prepare()` is called.
    public init(location: PostgresLocation, logger: Logger = Logger(label: "fieldsync.server.postgres")) {
        self.location = location
        self.logger = logger
        client = PostgresClient(configuration: location.clientConfiguration, backgroundLogger: logger)
    }

    /// Runs the connection pool until cancelled or the service group shuts down.
    public func run() async throws {
        await client.run()
    }

    /// Connects once, directly (a clear error if the database cannot be reached), and migrates the
    /// schema (refusing one newer than this server). Done once; later calls return its outcome.
    public func prepare() async throws {
        let location = location
        let logger = logger
        try await readiness.once {
            let connection: PostgresConnection
            do {
                connection = try await PostgresConnection.connect(
                    configuration: try location.connectionConfiguration(), id: 0, logger: logger)
            } catch {
                throw Self.unreachable(location, error)
            }
            do {
                try await Self.migrate(connection, location: location, logger: logger)
                try? await connection.close()
            } catch let error as ServerError {
                try? await connection.close()
                throw error
            } catch {
                try? await connection.close()
                throw ServerError(
                    .internalServerError, "storage",
                    "could not set up the schema in \(location.endpoint): \(Self.reason(error)); check that the user may create tables there")
            }
        }
    }

    /// Says which server could not be reached, and what to check.
    static func unreachable(_ location: PostgresLocation, _ error: any Error) -> ServerError {
        let at = "PostgreSQL at \(location.host):\(location.port)"
        if let error = error as? PSQLError, let state = error.serverInfo?[.sqlState] {
            switch state {
            case "28P01", "28000":
                return ServerError(
                    .internalServerError, "storage_unreachable",
                    "\(at) refused user \(location.username) (\(reason(error))): check the user and password in --database and the server's pg_hba.conf")
            case "3D000":
                return ServerError(
                    .internalServerError, "storage_unreachable",
                    "\(at) has no database \(location.database): create it (createdb -h \(location.host) -p \(location.port) \(location.database)) or fix --database")
            default:
                return ServerError(.internalServerError, "storage_unreachable", "\(at) refused the connection: \(reason(error))")
            }
        }
        return ServerError(
            .internalServerError, "storage_unreachable",
            "cannot reach \(at) (\(reason(error))): check that PostgreSQL is running, that it listens on that address and port "
                + "(listen_addresses, port), that no firewall is in the way, and the host and port in --database")
    }

    /// What went wrong, without statement text or arguments.
    static func reason(_ error: any Error) -> String {
        if let error = error as? ServerError { return error.message }
        if let error = error as? PostgresTransactionError {
            return reason(error.closureError ?? error.commitError ?? error.beginError ?? error.rollbackError ?? error)
        }
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] {
                return message + (error.serverInfo?[.sqlState].map { " [\($0)]" } ?? "")
            }
            if let underlying = error.underlying {
                let text = String(describing: underlying)
                for (needle, plain) in [
                    ("Connection refused", "connection refused"), ("timed out", "timed out"), ("connectTimeout", "timed out"),
                    ("No address", "host name not found"), ("NXDOMAIN", "host name not found"), ("resolve", "host name not found"),
                ] where text.contains(needle) {
                    return plain
                }
                return "\(error.code): \(text)"
            }
            return "\(error.code)"
        }
        return String(describing: error)
    }

    // MARK: Transactions

    /// Runs `work` on a pooled connection, translating storage failures at the boundary. A
    /// serialization failure or deadlock is retried: `work` must not keep state between attempts.
    func withConnection<T: Sendable>(_ work: @Sendable @escaping (PostgresConnection) async throws -> T) async throws -> T {
        try await prepare()
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await client.withConnection { connection in try await work(connection) }
            } catch {
                let underlying = (error as? PostgresTransactionError).flatMap { $0.closureError ?? $0.commitError } ?? error
                if let error = underlying as? ServerError { throw error }
                if let state = (underlying as? PSQLError)?.serverInfo?[.sqlState], ["40001", "40P01"].contains(state), attempt < 5 {
                    continue
                }
                logger.error("storage failed", metadata: ["error.reason": .string(Self.reason(underlying))])
                throw ServerError(
                    .serviceUnavailable, "storage",
                    "the server could not use its database (\(Self.reason(underlying))); try again later")
            }
        }
    }

    /// Runs `body` in one transaction: READ COMMITTED, or with `readOnlySnapshot` one snapshot for
    /// every statement, as a SQLite read transaction has.
    func transaction<T: Sendable>(
        readOnlySnapshot: Bool = false, _ body: @Sendable @escaping (PostgresConnection) async throws -> T
    ) async throws -> T {
        let logger = logger
        return try await withConnection { connection in
            try await Self.inTransaction(connection, readOnlySnapshot: readOnlySnapshot, logger: logger, body)
        }
    }

    static func inTransaction<T: Sendable>(
        _ connection: PostgresConnection, readOnlySnapshot: Bool, logger: Logger,
        _ body: @Sendable @escaping (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await connection.withTransaction(logger: logger) { connection in
            if readOnlySnapshot {
                try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", logger: logger)
            }
            return try await body(connection)
        }
    }

    /// Every row of `query`, decoded as `type`.
    static func rows<Row: Sendable>(
        _ connection: PostgresConnection, _ query: PostgresQuery, as type: Row.Type, logger: Logger
    ) async throws -> [Row] where Row: PostgresDecodable {
        var result = [Row]()
        for try await value in try await connection.query(query, logger: logger).decode(Row.self) { result.append(value) }
        return result
    }

    // MARK: Replica numbers

    static func numberRows(_ connection: PostgresConnection, logger: Logger) async throws -> [(number: Int64, id: ReplicaID)] {
        var rows = [(number: Int64, id: ReplicaID)]()
        for try await (number, id) in try await connection.query("SELECT number, id FROM replica_number", logger: logger)
            .decode((Int64, String).self)
        {
            if let replica = ReplicaID(id) { rows.append((number, replica)) }
        }
        return rows
    }

    /// Gives a number to each replica `states` name that has none, committed before the push's
    /// transaction (a number is harmless if that push fails; the cache holds only committed
    /// numbers). Instances number concurrently: `ON CONFLICT` keeps the first number given.
    func numberReplicas(of states: some Sequence<RecordState>) async throws {
        let missing = replicaNumbers.unnumbered(in: states)
        guard !missing.isEmpty else { return }
        let logger = logger
        let ids = missing.map(\.description)
        let rows = try await withConnection { connection in
            try await connection.query(
                "INSERT INTO replica_number (id) SELECT unnest(\(ids)::text[]) ON CONFLICT (id) DO NOTHING", logger: logger)
            return try await Self.numberRows(connection, logger: logger)
        }
        replicaNumbers.add(rows)
    }

    /// A stored state, read with the store's numbering (read again if another instance numbered
    /// a replica since).
    static func decodeState(
        _ data: Data, numbers: ReplicaNumberCache, _ connection: PostgresConnection, logger: Logger
    ) async throws -> RecordState {
        do {
            return try RecordState(encoded: data, numbering: numbers.current)
        } catch is UnknownReplicaNumber {
            numbers.add(try await numberRows(connection, logger: logger))
            return try RecordState(encoded: data, numbering: numbers.current)
        }
    }

    // MARK: Push

    public func push(_ records: [WireRecord], pusher: ReplicaID, identity: Identity, now: String) async throws -> PushSummary {
        try await push(records, pusher: pusher, identity: identity, now: now, resending: false)
    }

    public func bindAndPush(_ records: [WireRecord], pusher: ReplicaID, identity: Identity, epoch: Epoch?, now: String) async throws
        -> PushSummary
    {
        // Bound in a transaction of its own: the push's transaction then holds the replica's row
        // only for its last statement, so two batches of one replica merge side by side.
        let standing = try await bind(replica: pusher, identity: identity, epoch: epoch, now: now)
        return try await push(records, pusher: pusher, identity: identity, now: now, resending: standing.resending)
    }

    func push(_ records: [WireRecord], pusher: ReplicaID, identity: Identity, now: String, resending: Bool) async throws -> PushSummary {
        let logger = logger
        try await numberReplicas(of: records.lazy.map(\.state))
        let numbers = replicaNumbers
        let numbering = numbers.current
        return try await transaction { connection in
            let ids = records.map(\.id.description)
            // Merges of one record one after the other, on every instance: see `fieldsync_lock_records`.
            try await connection.query("SELECT fieldsync_lock_records(\(ids))", logger: logger)
            var stored = [String: StoredRow]()
            for try await (id, kind, region, state) in try await connection.query(
                "SELECT id, kind, region, state FROM record WHERE id = ANY(\(ids))", logger: logger
            ).decode((String, String, String, Data).self) {
                stored[id] = StoredRow(
                    kind: kind, region: region, state: try await Self.decodeState(state, numbers: numbers, connection, logger: logger))
            }
            var purged = [String: StoredRow]()
            for try await (id, kind, region, state) in try await connection.query(
                "SELECT id, kind, region, state FROM purged WHERE id = ANY(\(ids))", logger: logger
            ).decode((String, String, String, Data).self) where stored[id] == nil {
                purged[id] = StoredRow(
                    kind: kind, region: region, state: try await Self.decodeState(state, numbers: numbers, connection, logger: logger))
            }
            let items = records.map { record in
                PushBatch.decide(
                    record, held: stored[record.id.description], purged: purged[record.id.description], pusher: pusher,
                    identity: identity, resending: resending)
            }
            if let refusal = PushBatch.refusal(items) { throw refusal }

            // Exactly the places needed, marked in flight until this transaction ends.
            let needed = PushBatch.placesNeeded(items)
            var first: Int64 = 0
            if needed > 0 {
                for try await value in try await connection.query("SELECT fieldsync_take_seqs(\(Int32(needed)))", logger: logger).decode(Int64.self) {
                    first = value
                }
            }

            var summary = PushSummary(results: [], stored: 0, conflictsOpened: 0)
            for (item, places) in zip(items, PushBatch.places(items, first: first)) {
                let record = item.record
                let id = record.id.description
                if case .store(let state, let region, _, _) = item.decision, let places {
                    if let exit = places.exit, let previousRegion = item.previousRegion {
                        try await connection.query(
                            "INSERT INTO record_exit (seq, id, region) VALUES (\(exit), \(id), \(previousRegion))", logger: logger)
                    }
                    if item.wasPurged {
                        try await connection.query("DELETE FROM purged WHERE id = \(id)", logger: logger)
                    }
                    let customer = state.customerColumn
                    try await connection.query(
                        """
                        INSERT INTO record (id, kind, region, seq, is_deleted, has_conflicts, customer, state)
                        VALUES (\(id), \(record.kind), \(region.rawValue), \(places.record), \(state.isDeleted),
                                \(state.hasConflicts), \(customer), \(try state.encoded(numbering: numbering)))
                        ON CONFLICT (id) DO UPDATE SET region = excluded.region, seq = excluded.seq,
                            is_deleted = excluded.is_deleted, has_conflicts = excluded.has_conflicts,
                            customer = excluded.customer, state = excluded.state
                        """, logger: logger)
                }
                summary.note(item.decision, for: record.id)
            }
            let mark = Int64(PushBatch.highestOwnCounter(records, pusher: pusher))
            try await connection.query(
                "UPDATE replica SET mark = GREATEST(mark, \(mark)) WHERE id = \(pusher.description) AND mark < \(mark)", logger: logger)
            return summary
        }
    }
}
