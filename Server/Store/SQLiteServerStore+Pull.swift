import FieldSyncShared
import Foundation
import GRDB

extension SQLiteServerStore {
    public func pull(after cursor: Int64, limit: Int, scope: Region?, replica: ReplicaID?, options: PullOptions)
        async throws -> ChangePage
    {
        let page = try await changes(after: cursor, limit: limit, scope: scope, replica: replica, options: options) {
            db, id, kind, state in
            WireRecord(id: id, kind: kind, state: try decodeState(state, db))
        }
        return ChangePage(
            records: page.records, removed: page.removed, next: page.next, more: page.more, remaining: page.remaining)
    }

    /// The page with the states as stored, never decoded: a pull only passes them on.
    public func pullText(after cursor: Int64, limit: Int, scope: Region?, replica: ReplicaID?, options: PullOptions)
        async throws -> (body: Data, records: Int)
    {
        let page = try await changes(after: cursor, limit: limit, scope: scope, replica: replica, options: options) {
            _, id, kind, state in
            EncodedWireRecord(id: id, kind: kind, state: state)
        }
        func text() throws -> Data {
            try PullResponse.text(
                records: page.records, removed: page.removed, next: page.next, more: page.more,
                remaining: page.remaining, numbering: replicaNumbers.current)
        }
        do {
            return (try text(), page.records.count)
        } catch is UnknownReplicaNumber {
            replicaNumbers.add(try await read(Self.numberRows))
            return (try text(), page.records.count)
        }
    }

    /// The changes after `cursor` in `scope`, each record made by `record` from its id, kind and stored state.
    func changes<Record: Sendable>(
        after cursor: Int64, limit: Int, scope: Region?, replica: ReplicaID?, options: PullOptions,
        record: @escaping @Sendable (Database, RecordID, String, Data) throws -> Record
    ) async throws -> (records: [Record], removed: [RecordID], next: Int64, more: Bool, remaining: Int64?) {
        try await read { db in
            // A replica can have missed a tombstone only if it was purged above its cursor by a
            // purge after the replica last started from 0 (active replicas hold purges back).
            let baseline =
                try replica.flatMap {
                    try Int64.fetchOne(
                        db, sql: "SELECT baseline_generation FROM replica WHERE id = ?", arguments: [$0.description])
                } ?? 0
            let missed: Bool
            if let scope {
                missed =
                    try Bool.fetchOne(
                        db, sql: "SELECT EXISTS (SELECT 1 FROM purged WHERE region = ? AND seq > ? AND generation > ?)",
                        arguments: [scope.rawValue, cursor, baseline]) ?? false
            } else {
                missed =
                    try Bool.fetchOne(
                        db, sql: "SELECT EXISTS (SELECT 1 FROM purged WHERE seq > ? AND generation > ?)",
                        arguments: [cursor, baseline])
                    ?? false
            }
            if PullPage.mustPullFromStart(cursor: cursor, purgedAfterBaseline: missed) {
                throw PullPage.rebaselineRequired(after: cursor)
            }
            var exits = [(seq: Int64, id: RecordID)]()
            let recordRows: [Row]
            if let scope {
                recordRows = try Row.fetchAll(
                    db,
                    sql:
                        "SELECT id, kind, seq, state, pushed_by FROM record WHERE region = ? AND seq > ? ORDER BY seq LIMIT ?",
                    arguments: [scope.rawValue, cursor, limit + 1])
                // An exit is stale once the record has come back to the region (at a later seq): the
                // agent applies a page's records before its removals, so sending both would drop it.
                let exitRows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT id, seq FROM record_exit
                        WHERE region = ? AND seq > ?
                          AND NOT EXISTS (SELECT 1 FROM record WHERE record.id = record_exit.id AND record.region = record_exit.region)
                        ORDER BY seq LIMIT ?
                        """,
                    arguments: [scope.rawValue, cursor, limit + 1])
                for row in exitRows {
                    guard let id = RecordID(row["id"] as String) else { continue }
                    exits.append((row["seq"], id))
                }
            } else {
                recordRows = try Row.fetchAll(
                    db, sql: "SELECT id, kind, seq, state, pushed_by FROM record WHERE seq > ? ORDER BY seq LIMIT ?",
                    arguments: [cursor, limit + 1])
            }
            var records = [(seq: Int64, record: Record, pushedBy: ReplicaID?)]()
            records.reserveCapacity(recordRows.count)
            for row in recordRows {
                guard let id = RecordID(row["id"] as String) else { continue }
                records.append(
                    (row["seq"], try record(db, id, row["kind"], row["state"]), try pusher(row["pushed_by"], db)))
            }
            let page = PullPage.assemble(
                records: records, exits: exits, after: cursor, limit: limit, requester: replica,
                omitEchoes: options.omitEchoes)
            let remaining =
                options.count
                ? try remainingChanges(db, after: page.next, scope: scope, replica: replica, options: options) : nil
            return (page.records, page.removed, page.next, page.more, remaining)
        }
    }

    /// The replica a stored `pushed_by` number names (read the numbering again if another
    /// process numbered it since); `nil` for none.
    func pusher(_ number: Int64?, _ db: Database) throws -> ReplicaID? {
        guard let number else { return nil }
        if let id = replicaNumbers.current.replica(numbered: number) { return id }
        replicaNumbers.add(try Self.numberRows(db))
        return replicaNumbers.current.replica(numbered: number)
    }

    /// How many changes after `cursor` a replica will still be sent (`PullPage.remaining`).
    func remainingChanges(
        _ db: Database, after cursor: Int64, scope: Region?, replica: ReplicaID?, options: PullOptions
    )
        throws -> Int64
    {
        let groups: [Row]
        var exits: Int64 = 0
        if let scope {
            groups = try Row.fetchAll(
                db,
                sql: "SELECT pushed_by, COUNT(*) FROM record WHERE region = ? AND seq > ? GROUP BY pushed_by",
                arguments: [scope.rawValue, cursor])
            exits =
                try Int64.fetchOne(
                    db,
                    sql: """
                        SELECT COUNT(*) FROM record_exit
                        WHERE region = ? AND seq > ?
                          AND NOT EXISTS (SELECT 1 FROM record WHERE record.id = record_exit.id AND record.region = record_exit.region)
                        """,
                    arguments: [scope.rawValue, cursor]) ?? 0
        } else {
            groups = try Row.fetchAll(
                db, sql: "SELECT pushed_by, COUNT(*) FROM record WHERE seq > ? GROUP BY pushed_by", arguments: [cursor])
        }
        var byPusher = [(pushedBy: ReplicaID?, count: Int64)]()
        for group in groups {
            let number: Int64? = group[0]
            let count: Int64 = group[1]
            byPusher.append((try pusher(number, db), count))
        }
        return PullPage.remaining(
            recordsByPusher: byPusher, exits: exits, requester: replica, omitEchoes: options.omitEchoes)
    }

    public func acknowledge(replica: ReplicaID, cursor: Int64, now: String) async throws -> Int {
        try await write { db in
            // A cursor past the newest change is worth no more than the newest change.
            let newest = try Int64.fetchOne(db, sql: "SELECT value FROM counter WHERE name = 'seq'") ?? 0
            if cursor == 0 {
                try db.execute(
                    sql: """
                        UPDATE replica SET cursor = 0, last_sync = ?,
                            baseline_generation = (SELECT value FROM counter WHERE name = 'purge_generation')
                        WHERE id = ?
                        """, arguments: [now, replica.description])
            } else {
                try db.execute(
                    sql: "UPDATE replica SET cursor = MAX(cursor, ?), last_sync = ? WHERE id = ?",
                    arguments: [min(cursor, newest), now, replica.description])
            }
            return try purgeTombstones(db)
        }
    }

    /// Purges, per region, the tombstones every active replica that sees the region has pulled past;
    /// when an attachment's goes, collects (in the same transaction) the bytes no record names now.
    func purgeTombstones(_ db: Database) throws -> Int {
        var purged = 0
        var purgedAttachment = false
        var generation: Int64?
        let active = try Row.fetchAll(
            db,
            sql: """
                SELECT replica.cursor, token.region FROM replica JOIN token ON token.id = replica.token_id
                WHERE replica.retired_at IS NULL AND token.revoked_at IS NULL
                """
        ).map { PurgeFloor.ActiveReplica(cursor: $0[0], region: $0[1]) }
        let floors = PurgeFloor.floors(active)
        for region in Region.allCases {
            guard let floor = floors[region] else { continue }
            let rows = try Row.fetchAll(
                db,
                sql:
                    "SELECT id, kind, seq, state FROM record WHERE region = ? AND is_deleted AND NOT has_conflicts AND seq <= ?",
                arguments: [region.rawValue, floor])
            for row in rows {
                let state = try decodeState(row["state"], db)
                let marker = TombstoneMarker.marker(of: state)
                if generation == nil {
                    try db.execute(sql: "UPDATE counter SET value = value + 1 WHERE name = 'purge_generation'")
                    generation = try Int64.fetchOne(
                        db, sql: "SELECT value FROM counter WHERE name = 'purge_generation'")
                }
                try db.execute(
                    sql:
                        "INSERT OR REPLACE INTO purged (id, kind, region, seq, generation, state) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [
                        row["id"] as String, row["kind"] as String, region.rawValue, row["seq"] as Int64, generation,
                        try JSONText.data(marker),
                    ])
                try db.execute(sql: "DELETE FROM record WHERE id = ?", arguments: [row["id"] as String])
                purged += 1
                if row["kind"] as String == RecordKind.attachment.rawValue { purgedAttachment = true }
            }
            try db.execute(
                sql: "DELETE FROM record_exit WHERE region = ? AND seq <= ?", arguments: [region.rawValue, floor])
        }
        if purgedAttachment { _ = try collectUnnamed(db) }
        return purged
    }

    public func allRecords(scope: Region?) async throws -> [WireRecord] {
        try await read { db in
            let rows =
                try scope.map {
                    try Row.fetchAll(
                        db, sql: "SELECT id, kind, state FROM record WHERE region = ? ORDER BY id",
                        arguments: [$0.rawValue])
                } ?? Row.fetchAll(db, sql: "SELECT id, kind, state FROM record ORDER BY id")
            return try rows.compactMap { row in
                guard let id = RecordID(row["id"] as String) else { return nil }
                return WireRecord(id: id, kind: row["kind"], state: try decodeState(row["state"], db))
            }
        }
    }
}
