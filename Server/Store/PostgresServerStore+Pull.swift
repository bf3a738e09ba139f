import FieldSyncShared
import Foundation
import Logging
import PostgresNIO

extension PostgresServerStore {
    /// The changes after `cursor`, never past a change whose transaction may still be in flight.
    ///
    /// Concurrent pushes take change-log places from a sequence and commit out of order: place 6
    /// can be committed and visible while place 5's transaction is still open. A pull that
    /// returned 6 would move the replica's cursor past 5 for ever. So, before taking its snapshot,
    /// a pull asks for the frontier (`fieldsync_pull_frontier`): the smallest place whose
    /// transaction is still in flight (each holds an advisory lock named after its first place
    /// until it ends, visible to every session while its rows are not), or else the next place
    /// to be taken. Every place below the frontier belongs to a transaction that has ended, so the
    /// snapshot taken afterwards holds every committed one, and no later transaction can take
    /// one. The page is the changes after `cursor` and below the frontier.
    ///
    /// Why not the transaction ids (`pg_snapshot_xmin`): they are the whole cluster's, so any
    /// transaction anywhere on it (another database, a replica's acknowledgement) would hold every
    /// pull back, and a transaction with a smaller id can take a larger place.
    ///
    /// A page that stops at the frontier ends with `more` false: the agent comes back on its next
    /// sync rather than asking again at once. Only this database's pushes in flight hold it back,
    /// for as long as they take to commit.
    public func pull(after cursor: Int64, limit: Int, scope: Region?, replica: ReplicaID?, options: PullOptions)
        async throws -> ChangePage
    {
        let logger = logger
        let numbers = replicaNumbers
        return try await withConnection { connection in
            // Outside the snapshot's transaction, and before it: see above.
            let frontier =
                try await Self.rows(connection, "SELECT fieldsync_pull_frontier()", as: Int64.self, logger: logger)
                .first ?? 0
            return try await Self.inTransaction(connection, readOnlySnapshot: true, logger: logger) { connection in
                try await Self.page(
                    connection, after: cursor, below: frontier, limit: limit, scope: scope, replica: replica,
                    options: options, numbers: numbers, logger: logger)
            }
        }
    }

    static func page(
        _ connection: PostgresConnection, after cursor: Int64, below frontier: Int64, limit: Int, scope: Region?,
        replica: ReplicaID?, options: PullOptions,
        numbers: ReplicaNumberCache,
        logger: Logger
    ) async throws -> ChangePage {
        // A replica can have missed a tombstone only if it was purged above its cursor by a
        // purge after the replica last started from 0 (active replicas hold purges back).
        var baseline: Int64 = 0
        if let replica {
            for try await value in try await connection.query(
                "SELECT baseline_generation FROM replica WHERE id = \(replica.description)", logger: logger
            ).decode(Int64.self) {
                baseline = value
            }
        }
        if cursor > 0 {
            let missed: PostgresQuery =
                if let scope {
                    "SELECT EXISTS (SELECT 1 FROM purged WHERE region = \(scope.rawValue) AND seq > \(cursor) AND generation > \(baseline))"
                } else {
                    "SELECT EXISTS (SELECT 1 FROM purged WHERE seq > \(cursor) AND generation > \(baseline))"
                }
            let purgedAfterBaseline = try await rows(connection, missed, as: Bool.self, logger: logger).first == true
            if PullPage.mustPullFromStart(cursor: cursor, purgedAfterBaseline: purgedAfterBaseline) {
                throw PullPage.rebaselineRequired(after: cursor)
            }
        }

        let fetch = limit + 1
        var records = [(seq: Int64, record: WireRecord, pushedBy: ReplicaID?)]()
        var exits = [(seq: Int64, id: RecordID)]()
        let recordQuery: PostgresQuery =
            if let scope {
                """
                SELECT id, kind, seq, state, pushed_by FROM record
                WHERE region = \(scope.rawValue) AND seq > \(cursor) AND seq < \(frontier) ORDER BY seq LIMIT \(fetch)
                """
            } else {
                """
                SELECT id, kind, seq, state, pushed_by FROM record
                WHERE seq > \(cursor) AND seq < \(frontier) ORDER BY seq LIMIT \(fetch)
                """
            }
        // Read to the end before decoding: decoding may query the connection (see `storedRows`).
        var raw = [(id: String, kind: String, seq: Int64, state: Data, pushedBy: Int64?)]()
        for try await row in try await connection.query(recordQuery, logger: logger)
            .decode((String, String, Int64, Data, Int64?).self)
        {
            raw.append(row)
        }
        for (id, kind, seq, state, pushedBy) in raw {
            guard let id = RecordID(id) else { continue }
            records.append(
                (
                    seq,
                    WireRecord(
                        id: id, kind: kind,
                        state: try await decodeState(state, numbers: numbers, connection, logger: logger)),
                    try await pusher(pushedBy, numbers: numbers, connection, logger: logger)
                ))
        }
        if let scope {
            // An exit is stale once the record has come back to the region (at a later seq): the
            // agent applies a page's records before its removals, so sending both would drop it.
            for try await (id, seq) in try await connection.query(
                """
                SELECT id, seq FROM record_exit
                WHERE region = \(scope.rawValue) AND seq > \(cursor) AND seq < \(frontier)
                  AND NOT EXISTS (SELECT 1 FROM record WHERE record.id = record_exit.id AND record.region = record_exit.region)
                ORDER BY seq LIMIT \(fetch)
                """, logger: logger
            ).decode((String, Int64).self) {
                guard let id = RecordID(id) else { continue }
                exits.append((seq, id))
            }
        }
        let page = PullPage.assemble(
            records: records, exits: exits, after: cursor, limit: limit, requester: replica,
            omitEchoes: options.omitEchoes)
        var remaining: Int64?
        if options.count {
            remaining = try await remainingChanges(
                connection, after: page.next, below: frontier, scope: scope, replica: replica, options: options,
                numbers: numbers, logger: logger)
        }
        return ChangePage(
            records: page.records, removed: page.removed, next: page.next, more: page.more, remaining: remaining)
    }

    /// The replica a stored `pushed_by` number names (read the numbering again if another
    /// instance numbered it since); `nil` for none.
    static func pusher(_ number: Int64?, numbers: ReplicaNumberCache, _ connection: PostgresConnection, logger: Logger)
        async throws -> ReplicaID?
    {
        guard let number else { return nil }
        if let id = numbers.current.replica(numbered: number) { return id }
        numbers.add(try await numberRows(connection, logger: logger))
        return numbers.current.replica(numbered: number)
    }

    /// How many changes after `cursor` (and below the frontier) a replica will still be sent
    /// (`PullPage.remaining`).
    static func remainingChanges(
        _ connection: PostgresConnection, after cursor: Int64, below frontier: Int64, scope: Region?,
        replica: ReplicaID?, options: PullOptions, numbers: ReplicaNumberCache, logger: Logger
    ) async throws -> Int64 {
        let groupQuery: PostgresQuery =
            if let scope {
                """
                SELECT pushed_by, COUNT(*) FROM record
                WHERE region = \(scope.rawValue) AND seq > \(cursor) AND seq < \(frontier) GROUP BY pushed_by
                """
            } else {
                "SELECT pushed_by, COUNT(*) FROM record WHERE seq > \(cursor) AND seq < \(frontier) GROUP BY pushed_by"
            }
        var groups = [(pushedBy: ReplicaID?, count: Int64)]()
        for try await (number, count) in try await connection.query(groupQuery, logger: logger)
            .decode((Int64?, Int64).self)
        {
            groups.append((try await pusher(number, numbers: numbers, connection, logger: logger), count))
        }
        var exits: Int64 = 0
        if let scope {
            exits =
                try await rows(
                    connection,
                    """
                    SELECT COUNT(*) FROM record_exit
                    WHERE region = \(scope.rawValue) AND seq > \(cursor) AND seq < \(frontier)
                      AND NOT EXISTS (SELECT 1 FROM record WHERE record.id = record_exit.id AND record.region = record_exit.region)
                    """, as: Int64.self, logger: logger
                ).first ?? 0
        }
        return PullPage.remaining(
            recordsByPusher: groups, exits: exits, requester: replica, omitEchoes: options.omitEchoes)
    }

    public func acknowledge(replica: ReplicaID, cursor: Int64, now: String) async throws -> Int {
        let logger = logger
        let numbers = replicaNumbers
        let purged = try await transaction { connection in
            let id = replica.description
            if cursor == 0 {
                try await connection.query(
                    """
                    UPDATE replica SET cursor = 0, last_sync = \(now),
                        baseline_generation = (SELECT value FROM counter WHERE name = 'purge_generation')
                    WHERE id = \(id)
                    """, logger: logger)
            } else {
                // A cursor past the newest change is worth no more than the newest change.
                try await connection.query(
                    """
                    UPDATE replica SET last_sync = \(now), cursor = GREATEST(cursor, LEAST(\(cursor),
                        (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM change_seq)))
                    WHERE id = \(id)
                    """, logger: logger)
            }
            return try await Self.purgeTombstones(connection, numbers: numbers, logger: logger)
        }
        // Its own transaction, once the purge committed: the collection locks the records against
        // pushes, which a transaction already writing them could not do without deadlocking another.
        if purged > 0 { _ = try await collectUnnamedBytes() }
        return purged
    }

    /// Purges, per region, the tombstones every active replica that sees the region has pulled past.
    ///
    /// Takes the records' locks (all regions' candidates at once, in key order) and reads them
    /// again under the locks: a push or another instance's purge may have changed them meanwhile.
    static func purgeTombstones(_ connection: PostgresConnection, numbers: ReplicaNumberCache, logger: Logger)
        async throws -> Int
    {
        var active = [PurgeFloor.ActiveReplica]()
        for try await (cursor, region) in try await connection.query(
            """
            SELECT replica.cursor, token.region FROM replica JOIN token ON token.id = replica.token_id
            WHERE replica.retired_at IS NULL AND token.revoked_at IS NULL
            """, logger: logger
        ).decode((Int64, String?).self) {
            active.append(PurgeFloor.ActiveReplica(cursor: cursor, region: region))
        }
        var floors = [String: Int64]()
        for (region, floor) in PurgeFloor.floors(active) { floors[region.rawValue] = floor }
        guard !floors.isEmpty else { return 0 }
        var candidates = [String]()
        for (region, floor) in floors {
            candidates += try await rows(
                connection,
                "SELECT id FROM record WHERE region = \(region) AND is_deleted AND NOT has_conflicts AND seq <= \(floor)",
                as: String.self, logger: logger)
        }
        var purged = 0
        if !candidates.isEmpty {
            try await connection.query("SELECT fieldsync_lock_records(\(candidates))", logger: logger)
            var generation: Int64?
            var raw = [(String, String, String, Int64, Data)]()
            for try await row in try await connection.query(
                "SELECT id, kind, region, seq, state FROM record WHERE id = ANY(\(candidates)) AND is_deleted AND NOT has_conflicts",
                logger: logger
            ).decode((String, String, String, Int64, Data).self) {
                raw.append(row)
            }
            // Decoded and written only once the rows are all read (see `storedRows`).
            for (id, kind, region, seq, state) in raw {
                guard let floor = floors[region], seq <= floor else { continue }
                if generation == nil {
                    generation = try await rows(
                        connection,
                        "UPDATE counter SET value = value + 1 WHERE name = 'purge_generation' RETURNING value",
                        as: Int64.self, logger: logger
                    ).first
                }
                let marker = TombstoneMarker.marker(
                    of: try await decodeState(state, numbers: numbers, connection, logger: logger))
                try await connection.query(
                    """
                    INSERT INTO purged (id, kind, region, seq, generation, state)
                    VALUES (\(id), \(kind), \(region), \(seq), \(generation ?? 0), \(try JSONText.data(marker)))
                    ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, region = excluded.region, seq = excluded.seq,
                        generation = excluded.generation, state = excluded.state
                    """, logger: logger)
                try await connection.query("DELETE FROM record WHERE id = \(id)", logger: logger)
                purged += 1
            }
        }
        for (region, floor) in floors {
            try await connection.query(
                "DELETE FROM record_exit WHERE region = \(region) AND seq <= \(floor)", logger: logger)
        }
        return purged
    }

    public func allRecords(scope: Region?) async throws -> [WireRecord] {
        let logger = logger
        let numbers = replicaNumbers
        return try await transaction(readOnlySnapshot: true) { connection in
            let query: PostgresQuery =
                if let scope {
                    "SELECT id, kind, state FROM record WHERE region = \(scope.rawValue) ORDER BY id"
                } else {
                    "SELECT id, kind, state FROM record ORDER BY id"
                }
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
