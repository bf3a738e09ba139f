import FieldSyncShared

/// The rules of a pull page, the same on every store: when a replica must pull again from the
/// start, and how a page is cut from the records and exits after its cursor.
public enum PullPage {
    /// A replica can have missed a tombstone only if it was purged above its cursor by a purge after
    /// the replica last pulled from 0 (active replicas hold purges back). `purgedAfterBaseline`
    /// says whether the store holds such a purge in the replica's scope above `cursor`.
    static func mustPullFromStart(cursor: Int64, purgedAfterBaseline: Bool) -> Bool {
        cursor > 0 && purgedAfterBaseline
    }

    /// The answer to a replica that must pull again from the start.
    static func rebaselineRequired(after cursor: Int64) -> ServerError {
        ServerError(
            .outOfStep, SyncErrorCode.rebaselineRequired,
            "deletions after cursor \(cursor) were purged; pull again from 0 (the agent does this by itself and keeps unsynced work)"
        )
    }

    /// A page of at most `limit` changes after `cursor`: the records and the exits (records that
    /// left the region) merged in change-log order. Each list is at most `limit + 1` long, read in
    /// order, so whether more follow is known without counting. A record whose entry is the
    /// `requester`'s own push is left out when it asks so (`Echo.skips`), but still counts among the
    /// page's changes: the cursor moves past it, so pages progress and the last one ends at the head.
    public static func assemble<Record>(
        records: [(seq: Int64, record: Record, pushedBy: ReplicaID?)], exits: [(seq: Int64, id: RecordID)],
        after cursor: Int64, limit: Int, requester: ReplicaID? = nil, omitEchoes: Bool = false
    ) -> (records: [Record], removed: [RecordID], next: Int64, more: Bool) {
        var changes = [(seq: Int64, record: Record?, removed: RecordID?, echo: Bool)]()
        changes.reserveCapacity(records.count + exits.count)
        for (seq, record, pushedBy) in records {
            changes.append(
                (seq, record, nil, Echo.skips(pushedBy: pushedBy, requester: requester, omitEchoes: omitEchoes)))
        }
        for (seq, id) in exits { changes.append((seq, nil, id, false)) }
        if !exits.isEmpty { changes.sort { $0.seq < $1.seq } }
        let more = changes.count > limit
        let page = changes.prefix(limit)
        return (
            page.compactMap { $0.echo ? nil : $0.record }, page.compactMap(\.removed), page.last?.seq ?? cursor, more
        )
    }

    /// How many changes a replica will still be sent after a page: the store counts the records
    /// after the page's cursor by the replica that pushed them (`nil`: nobody's echo) and the
    /// exits; the requester's own echoes are left out as the pages leave them out.
    public static func remaining(
        recordsByPusher: [(pushedBy: ReplicaID?, count: Int64)], exits: Int64, requester: ReplicaID?,
        omitEchoes: Bool
    ) -> Int64 {
        recordsByPusher.reduce(exits) { total, group in
            Echo.skips(pushedBy: group.pushedBy, requester: requester, omitEchoes: omitEchoes)
                ? total : total + group.count
        }
    }
}

/// Which tombstones may be purged: per region, those every active replica that sees the region
/// has pulled past.
enum PurgeFloor {
    /// An active replica: its acknowledged cursor, and its token's region (`nil`: every region).
    struct ActiveReplica: Sendable {
        let cursor: Int64
        let region: String?
    }

    /// The change-log place up to which each region's tombstones may go: the smallest cursor of
    /// the active replicas that see the region. A region nobody syncs, or that some replica has
    /// not pulled at all, keeps its tombstones.
    static func floors(_ replicas: [ActiveReplica]) -> [Region: Int64] {
        var floors = [Region: Int64]()
        for region in Region.allCases {
            let cursors = replicas.filter { $0.region == nil || $0.region == region.rawValue }.map(\.cursor)
            if let floor = cursors.min(), floor > 0 { floors[region] = floor }
        }
        return floors
    }
}
