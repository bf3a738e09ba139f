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
            var stored = [String: StoredRow]()
            for try await (id, kind, region, state) in try await connection.query(
                "SELECT id, kind, region, state FROM record WHERE id = ANY(\(ids))", logger: logger
            ).decode((String, String, String, Data).self) {
                stored[id] = StoredRow(
                    kind: kind, region: region,
                    state: try await Self.decodeState(state, numbers: numbers, connection, logger: logger))
            }
            var purged = [String: StoredRow]()
            for try await (id, kind, region, state) in try await connection.query(
                "SELECT id, kind, region, state FROM purged WHERE id = ANY(\(ids))", logger: logger
            ).decode((String, String, String, Data).self) where stored[id] == nil {
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

            var summary = PushSummary(results: [], stored: 0, conflictsOpened: 0)
            for (item, places) in zip(items, PushBatch.places(items, first: first)) {
                let record = item.record
                let id = record.id.description
                if case .store(let state, let region, _, _) = item.decision, let places {
                    if let exit = places.exit, let previousRegion = item.previousRegion {
                        try await connection.query(
                            "INSERT INTO record_exit (seq, id, region) VALUES (\(exit), \(id), \(previousRegion))",
                            logger: logger)
                    }
                    if item.wasPurged {
                        try await connection.query("DELETE FROM purged WHERE id = \(id)", logger: logger)
                    }
                    let customer = state.customerColumn
                    let pushedBy = item.pushedBy == nil ? nil : pusherNumber
                    try await connection.query(
                        """
                        INSERT INTO record (id, kind, region, seq, is_deleted, has_conflicts, customer, state, pushed_by)
                        VALUES (\(id), \(record.kind), \(region.rawValue), \(places.record), \(state.isDeleted),
                                \(state.hasConflicts), \(customer), \(try state.encoded(numbering: numbering)), \(pushedBy))
                        ON CONFLICT (id) DO UPDATE SET region = excluded.region, seq = excluded.seq,
                            is_deleted = excluded.is_deleted, has_conflicts = excluded.has_conflicts,
                            customer = excluded.customer, state = excluded.state, pushed_by = excluded.pushed_by
                        """, logger: logger)
                }
                summary.note(item.decision, for: record.id)
            }
            let mark = Int64(PushBatch.highestOwnCounter(records, pusher: pusher))
            try await connection.query(
                "UPDATE replica SET mark = GREATEST(mark, \(mark)) WHERE id = \(pusher.description) AND mark < \(mark)",
                logger: logger)
            return summary
        }
    }
}
