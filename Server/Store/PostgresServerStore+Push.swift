import FieldSyncShared
import Foundation
import Logging
import NIOCore
import PostgresNIO

/// A push: bind the replica, then decide and write the batch in one transaction.
extension PostgresServerStore {
    public func push(_ records: [WireRecord], pusher: ReplicaID, identity: Identity, now: String) async throws
        -> PushSummary
    {
        try await push(records, pusher: pusher, identity: identity, now: now, resending: false)
    }

    public func bindAndPush(_ records: [WireRecord], pusher: ReplicaID, identity: Identity, epoch: Epoch?, now: String)
        async throws
        -> PushSummary
    {
        // Bound in a transaction of its own: the push's transaction then holds the replica's row
        // only for its last statement, so two batches of one replica merge side by side.
        let standing = try await bind(replica: pusher, identity: identity, epoch: epoch, now: now)
        return try await push(records, pusher: pusher, identity: identity, now: now, resending: standing.resending)
    }

    func push(_ records: [WireRecord], pusher: ReplicaID, identity: Identity, now: String, resending: Bool) async throws
        -> PushSummary
    {
        let logger = logger
        try await numberReplicas(of: records.lazy.map(\.state), and: pusher)
        let numbers = replicaNumbers
        let numbering = numbers.current
        let pusherNumber = numbering.number(of: pusher)
        return try await transaction { connection in
            let ids = records.map(\.id.description)
            // Merges of one record one after the other, on every instance: see `fieldsync_lock_records`.
            try await connection.query("SELECT fieldsync_lock_records(\(ids))", logger: logger)
            // Rows are read to the end before any is decoded: decoding may query the connection
            // (a replica numbered by another instance), which must not happen while a stream is open.
            var stored = [String: StoredRow]()
            for (id, kind, region, state) in try await Self.storedRows(
                connection, "SELECT id, kind, region, state FROM record WHERE id = ANY(\(ids))", logger: logger)
            {
                stored[id] = StoredRow(
                    kind: kind, region: region,
                    state: try await Self.decodeState(state, numbers: numbers, connection, logger: logger))
            }
            var purged = [String: StoredRow]()
            for (id, kind, region, state) in try await Self.storedRows(
                connection, "SELECT id, kind, region, state FROM purged WHERE id = ANY(\(ids))", logger: logger)
            where stored[id] == nil {
                purged[id] = StoredRow(
                    kind: kind, region: region,
                    state: try await Self.decodeState(state, numbers: numbers, connection, logger: logger))
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
                for try await value in try await connection.query(
                    "SELECT fieldsync_take_seqs(\(Int32(needed)))", logger: logger
                ).decode(Int64.self) {
                    first = value
                }
            }

            // The whole batch in a few statements (one row a statement cost a round trip each).
            var summary = PushSummary(results: [], stored: 0, conflictsOpened: 0)
            var rows = RecordRows()
            var exits = (seqs: [Int64](), ids: [String](), regions: [String]())
            var unpurged = [String]()
            for (item, places) in zip(items, PushBatch.places(items, first: first)) {
                let record = item.record
                let id = record.id.description
                if case .store(let state, let region, _, _) = item.decision, let places {
                    if let exit = places.exit, let previousRegion = item.previousRegion {
                        exits.seqs.append(exit)
                        exits.ids.append(id)
                        exits.regions.append(previousRegion)
                    }
                    if item.wasPurged { unpurged.append(id) }
                    rows.append(
                        id: id, kind: record.kind, region: region.rawValue, seq: places.record,
                        isDeleted: state.isDeleted,
                        hasConflicts: state.hasConflicts, customer: state.customerColumn,
                        state: try state.encoded(numbering: numbering),
                        pushedBy: item.pushedBy == nil ? nil : pusherNumber)
                }
                summary.note(item.decision, for: record.id)
            }
            if !exits.seqs.isEmpty {
                try await connection.query(
                    """
                    INSERT INTO record_exit (seq, id, region)
                    SELECT * FROM unnest(\(exits.seqs)::bigint[], \(exits.ids)::text[], \(exits.regions)::text[])
                    """, logger: logger)
            }
            if !unpurged.isEmpty {
                try await connection.query("DELETE FROM purged WHERE id = ANY(\(unpurged))", logger: logger)
            }
            if !rows.ids.isEmpty {
                try await connection.query(
                    """
                    INSERT INTO record (id, kind, region, seq, is_deleted, has_conflicts, customer, state, pushed_by)
                    SELECT id, kind, region, seq, is_deleted, has_conflicts,
                        CASE WHEN has_customer THEN customer END, state, CASE WHEN has_pusher THEN pusher END
                    FROM unnest(\(rows.ids)::text[], \(rows.kinds)::text[], \(rows.regions)::text[],
                        \(rows.seqs)::bigint[], \(rows.deleted)::boolean[], \(rows.conflicts)::boolean[],
                        \(rows.customers)::text[], \(rows.hasCustomer)::boolean[], \(rows.states)::bytea[],
                        \(rows.pushers)::bigint[], \(rows.hasPusher)::boolean[])
                        AS batch (id, kind, region, seq, is_deleted, has_conflicts, customer, has_customer, state,
                            pusher, has_pusher)
                    ON CONFLICT (id) DO UPDATE SET region = excluded.region, seq = excluded.seq,
                        is_deleted = excluded.is_deleted, has_conflicts = excluded.has_conflicts,
                        customer = excluded.customer, state = excluded.state, pushed_by = excluded.pushed_by
                    """, logger: logger)
            }
            let mark = Int64(PushBatch.highestOwnCounter(records, pusher: pusher))
            try await connection.query(
                "UPDATE replica SET mark = GREATEST(mark, \(mark)) WHERE id = \(pusher.description) AND mark < \(mark)",
                logger: logger)
            return summary
        }
    }

    /// Every row of `query` (id, kind, region, state), read to the end before any is decoded:
    /// decoding may query the connection (a replica numbered by another instance), which must
    /// not happen while a result stream is still open on it.
    static func storedRows(_ connection: PostgresConnection, _ query: PostgresQuery, logger: Logger) async throws
        -> [(id: String, kind: String, region: String, state: Data)]
    {
        var rows = [(id: String, kind: String, region: String, state: Data)]()
        for try await row in try await connection.query(query, logger: logger).decode(
            (String, String, String, Data).self)
        {
            rows.append(row)
        }
        return rows
    }
}

/// A push batch's rows as columns, for one `INSERT … SELECT … FROM unnest(…)`.
struct RecordRows {
    var ids = [String]()
    var kinds = [String]()
    var regions = [String]()
    var seqs = [Int64]()
    var deleted = [Bool]()
    var conflicts = [Bool]()
    /// A text array cannot carry NULL here: an absent customer is "" with `hasCustomer` false.
    var customers = [String]()
    var hasCustomer = [Bool]()
    var states = [ByteBuffer]()
    /// The replica whose push is stored exactly (`Echo`), by number; 0 with `hasPusher` false when none.
    var pushers = [Int64]()
    var hasPusher = [Bool]()

    mutating func append(
        id: String, kind: String, region: String, seq: Int64, isDeleted: Bool, hasConflicts: Bool, customer: String?,
        state: Data, pushedBy: Int64?
    ) {
        ids.append(id)
        kinds.append(kind)
        regions.append(region)
        seqs.append(seq)
        deleted.append(isDeleted)
        conflicts.append(hasConflicts)
        customers.append(customer ?? "")
        hasCustomer.append(customer != nil)
        states.append(ByteBuffer(bytes: state))
        pushers.append(pushedBy ?? 0)
        hasPusher.append(pushedBy != nil)
    }
}
