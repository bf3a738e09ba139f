import FieldSyncShared

/// A row a push decides against, as a store reads it: a record, or a purged tombstone's marker.
struct StoredRow: Sendable {
    let kind: String
    let region: String
    let state: RecordState
}

/// The rules of a push batch, the same on every store: each record decided against what is stored
/// for it, the whole batch refused if any record is, the change-log places it needs counted, and
/// the pusher's mark. The stores read and lock the rows, call these, and write what they return.
public enum PushBatch {
    /// What a push does with one record, and what the store needs to carry it out.
    struct Item: Sendable {
        let record: WireRecord
        let decision: PushDecision
        /// The region the stored row was in: a record leaving it leaves an exit in its log.
        let previousRegion: String?
        /// The record comes back from behind a purge: its marker goes.
        let wasPurged: Bool
        /// The pusher, when what is stored is exactly what it pushed (`Echo.pusher`): the change-log
        /// entry remembers it, so the pusher's own pull can leave the entry out.
        let pushedBy: ReplicaID?
    }

    /// Decides one record against its stored row (`held`), or else its purge marker (`purged`).
    static func decide(
        _ record: WireRecord, held: StoredRow?, purged: StoredRow?, pusher: ReplicaID, identity: Identity,
        resending: Bool
    ) -> Item {
        var existing: (kind: String, state: RecordState)?
        var marker: RecordState?
        if let held {
            existing = (held.kind, held.state)
        } else if let purged {
            marker = purged.state
            existing = (
                purged.kind, TombstoneMarker.resurrectable(purged.state, region: purged.region, against: record.state)
            )
        }
        let decision = PushDecision.decide(
            pushed: record, existing: existing, pusher: pusher, identity: identity, purgeMarker: marker,
            resending: resending)
        var pushedBy: ReplicaID?
        if case .store(let state, _, _, _) = decision {
            pushedBy = Echo.pusher(stored: state, pushed: record.state, by: pusher)
        }
        return Item(
            record: record, decision: decision, previousRegion: held?.region, wasPurged: held == nil && purged != nil,
            pushedBy: pushedBy)
    }

    /// The error that refuses the whole batch, if any of its records is refused; nothing of it is
    /// stored. A pusher whose file is a forked copy is told so first (409 `replica_forked`): it
    /// must take a new replica id, and the records are not its fault. Otherwise 403, naming the
    /// records, which the agent keeps and shows.
    static func refusal(_ items: [Item]) -> ServerError? {
        let refused = items.compactMap { item -> (id: RecordID, code: String, reason: String)? in
            guard case .refuse(let code, let reason) = item.decision else { return nil }
            return (item.record.id, code, reason)
        }
        if let forked = refused.first(where: { $0.code == SyncErrorCode.replicaForked }) {
            return ServerError(.outOfStep, forked.code, "\(forked.reason); nothing of this push was stored")
        }
        guard let first = refused.first else { return nil }
        return ServerError(
            .refused, first.code,
            "\(first.reason). \(refused.count) record(s) refused; nothing of this push was stored",
            records: refused.map(\.id))
    }

    /// The change-log places the batch needs: one for each record stored, and one more for each
    /// that leaves a region (its exit from the old region's log).
    static func placesNeeded(_ items: [Item]) -> Int {
        items.reduce(0) { count, item in
            guard case .store(_, let region, _, _) = item.decision else { return count }
            return count + (item.previousRegion.map { $0 != region.rawValue ? 2 : 1 } ?? 1)
        }
    }

    /// The places of each record stored, from `first` on, in the batch's order: its own, and its
    /// exit's when it leaves a region. `nil` for a record not stored.
    static func places(_ items: [Item], first: Int64) -> [(record: Int64, exit: Int64?)?] {
        var next = first
        return items.map { item in
            guard case .store(_, let region, _, _) = item.decision else { return nil }
            let own = next
            next += 1
            guard let previous = item.previousRegion, previous != region.rawValue else { return (own, nil) }
            defer { next += 1 }
            return (own, next)
        }
    }

    /// The highest counter of the pusher's own writes in the batch: the server remembers it, so a
    /// copy of the replica that went back behind it is known at its next hello.
    public static func highestOwnCounter(_ records: [WireRecord], pusher: ReplicaID) -> UInt64 {
        records.reduce(0) { max($0, $1.state.context[pusher]) }
    }
}
