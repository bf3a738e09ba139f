import FieldSyncShared
import Foundation
import GRDB

/// The server's embedded store: one SQLite file in WAL mode, no setup.
///
/// SQLite runs one writer at a time, so change-log numbers commit in the order they
/// are taken and a puller can never skip one still in flight.
public struct SQLiteServerStore: ServerStore {
    let pool: DatabasePool
    let replicaNumbers = ReplicaNumberCache()
    /// Why this store is a restored copy, when opening it found that it is one (a new timeline).
    public let restored: String?

    /// Opens (creating and migrating) the store at `path`.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.label = "fieldsync.server"
        configuration.prepareDatabase { db in
            // WAL with NORMAL sync: a commit survives a crash of the process; the
            // server answers a push only after its commit.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            if try pool.read({ try Self.migrator.hasBeenSuperseded($0) }) {
                throw ServerError(
                    .broken, "schema_newer", "\(path) was written by a newer fieldsync-server; run that version")
            }
            try Self.migrator.migrate(pool)
            let file = FileIdentity.of(path: path)
            restored = try pool.write { db in try Self.noteRestore(db, file: file) }
            replicaNumbers.add(try pool.read(Self.numberRows))
        } catch let error as ServerError {
            throw error
        } catch {
            throw ServerError(.broken, "storage", "cannot open the database \(path): \(Self.reason(error))")
        }
    }

    static func reason(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "SQLite error \(error.resultCode.rawValue)" }
        if let error = error as? ServerError { return error.message }
        return String(describing: type(of: error))
    }

    /// Runs a write transaction, translating storage failures at the boundary.
    func write<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws -> T {
        do {
            return try await pool.write(body)
        } catch let error as ServerError {
            throw error
        } catch {
            throw ServerError(
                .unavailable, "storage",
                "the server could not store the change (\(Self.reason(error))); try again later")
        }
    }

    func read<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws -> T {
        do {
            return try await pool.read(body)
        } catch let error as ServerError {
            throw error
        } catch {
            throw ServerError(
                .unavailable, "storage", "the server could not read its store (\(Self.reason(error))); try again later")
        }
    }

    /// Takes `count` change-log numbers at once; returns the first (the rest follow it).
    static func takeSeqs(_ db: Database, count: Int64) throws -> Int64 {
        guard count > 0 else { return 0 }
        try db.cachedStatement(sql: "UPDATE counter SET value = value + ? WHERE name = 'seq'").execute(arguments: [
            count
        ])
        let last = try Int64.fetchOne(db.cachedStatement(sql: "SELECT value FROM counter WHERE name = 'seq'")) ?? count
        return last - count + 1
    }

    /// The rows of `table` (`record` or `purged`) with these ids, by id: a few statements, not one per id.
    static func rows(_ db: Database, table: String, ids: [String], columns: String = "id, kind, region, state, seq")
        throws
        -> [String: Row]
    {
        var found = [String: Row]()
        var start = 0
        while start < ids.count {
            let chunk = Array(ids[start..<min(ids.count, start + 500)])
            start += chunk.count
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
            for row in try Row.fetchAll(
                db, sql: "SELECT \(columns) FROM \(table) WHERE id IN (\(marks))", arguments: StatementArguments(chunk))
            {
                found[row["id"]] = row
            }
        }
        return found
    }

    // MARK: Replica numbers

    static func numberRows(_ db: Database) throws -> [(number: Int64, id: ReplicaID)] {
        try Row.fetchAll(db, sql: "SELECT number, id FROM replica_number").compactMap { row in
            ReplicaID(row["id"] as String).map { (row["number"], $0) }
        }
    }

    /// Gives a number to each replica `states` name that has none, in a transaction of its own:
    /// a number is harmless if the push that needed it then fails, and the cache only ever
    /// holds committed numbers.
    func numberReplicas(of states: some Sequence<RecordState>, and pusher: ReplicaID? = nil) async throws {
        var unnumbered = replicaNumbers.unnumbered(in: states)
        if let pusher, replicaNumbers.current.number(of: pusher) == nil, !unnumbered.contains(pusher) {
            unnumbered.append(pusher)
        }
        let missing = unnumbered
        guard !missing.isEmpty else { return }
        let rows = try await write { db in
            for replica in missing {
                try db.execute(
                    sql: "INSERT INTO replica_number (id) VALUES (?) ON CONFLICT (id) DO NOTHING",
                    arguments: [replica.description])
            }
            return try Self.numberRows(db)
        }
        replicaNumbers.add(rows)
    }

    /// A stored state, read with the store's numbering (read again if another process numbered
    /// a replica since).
    func decodeState(_ data: Data, _ db: Database) throws -> RecordState {
        do {
            return try RecordState(encoded: data, numbering: replicaNumbers.current)
        } catch is UnknownReplicaNumber {
            replicaNumbers.add(try Self.numberRows(db))
            return try RecordState(encoded: data, numbering: replicaNumbers.current)
        }
    }

    // MARK: Push

    /// Which stored rows a push decided against: a record's and a purge marker's places in the
    /// change log (`nil` when absent). Equal versions mean equal rows.
    struct RowVersion: Equatable, Sendable {
        var record: Int64?
        var purged: Int64?
    }

    /// What a push does with one record, decided from the rows of `basis`, with the state to store
    /// already encoded.
    struct PushPlan: Sendable {
        let item: PushBatch.Item
        let basis: RowVersion
        let stateText: Data?
    }

    /// Decides every record of a push against the rows stored for it. Pure work but for the reads:
    /// run by a reader before the write, so the merges of one push run beside another's write.
    func plan(
        _ db: Database, _ records: [WireRecord], pusher: ReplicaID, identity: Identity, resending: Bool,
        numbering: ReplicaNumbering
    ) throws -> [PushPlan] {
        // One lookup of the batch's ids, not one per record (and the purged table only when
        // it holds anything): per-record statements bound the push rate.
        let ids = records.map(\.id.description)
        let held = try Self.rows(db, table: "record", ids: ids)
        let purged =
            try Self.anyPurged(db) ? try Self.rows(db, table: "purged", ids: ids.filter { held[$0] == nil }) : [:]
        return try records.map { record in
            let heldRow = held[record.id.description]
            let purgedRow = heldRow == nil ? purged[record.id.description] : nil
            let item = PushBatch.decide(
                record, held: try heldRow.map { try storedRow($0, db) },
                purged: try purgedRow.map { try storedRow($0, db) },
                pusher: pusher, identity: identity, resending: resending)
            var stateText: Data?
            if case .store(let state, _, _, _) = item.decision { stateText = try state.encoded(numbering: numbering) }
            return PushPlan(
                item: item, basis: RowVersion(record: heldRow?["seq"], purged: purgedRow?["seq"]), stateText: stateText)
        }
    }

    func storedRow(_ row: Row, _ db: Database) throws -> StoredRow {
        StoredRow(kind: row["kind"], region: row["region"], state: try decodeState(row["state"], db))
    }

    static func anyPurged(_ db: Database) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM purged)")) == true
    }

    /// The versions of the rows stored for `ids` now.
    static func versions(_ db: Database, ids: [String]) throws -> [String: RowVersion] {
        var versions = try rows(db, table: "record", ids: ids, columns: "id, seq").mapValues {
            RowVersion(record: $0["seq"])
        }
        if try anyPurged(db) {
            for (id, row) in try rows(db, table: "purged", ids: ids, columns: "id, seq") {
                versions[id, default: RowVersion()].purged = row["seq"]
            }
        }
        return versions
    }

    public func push(_ records: [WireRecord], pusher: ReplicaID, identity: Identity, now: String) async throws
        -> PushSummary
    {
        try await push(records, pusher: pusher, identity: identity, now: now, binding: false, epoch: nil)
    }

    public func bindAndPush(_ records: [WireRecord], pusher: ReplicaID, identity: Identity, epoch: Epoch?, now: String)
        async throws
        -> PushSummary
    {
        try await push(records, pusher: pusher, identity: identity, now: now, binding: true, epoch: epoch)
    }

    /// A push; with `binding`, the pusher is bound and the `epoch` its request shows checked in the
    /// push's own transaction.
    func push(
        _ records: [WireRecord], pusher: ReplicaID, identity: Identity, now: String, binding: Bool, epoch: Epoch?
    ) async throws -> PushSummary {
        try await numberReplicas(of: records.lazy.map(\.state), and: pusher)
        let numbering = replicaNumbers.current
        let pusherNumber = numbering.number(of: pusher)
        // Decided by a reader, beside any other push's write; the write then only checks that
        // no row decided against changed meanwhile (its place in the change log), decides again
        // the few that did, and stores.
        let (planned, plannedResending) = try await read { db in
            let resending = binding ? try Self.memory(db, replica: pusher)?.memory.resending ?? false : false
            return (
                try plan(db, records, pusher: pusher, identity: identity, resending: resending, numbering: numbering),
                resending
            )
        }
        return try await write { db in
            var resending = false
            if binding {
                resending = try Self.bind(db, replica: pusher, identity: identity, epoch: epoch, now: now).resending
            }
            var plans = planned
            let current = try Self.versions(db, ids: records.map(\.id.description))
            let stale =
                resending != plannedResending
                ? Array(plans.indices)
                : plans.indices.filter {
                    plans[$0].basis != current[plans[$0].item.record.id.description] ?? RowVersion()
                }
            if !stale.isEmpty {
                let again = try plan(
                    db, stale.map { records[$0] }, pusher: pusher, identity: identity, resending: resending,
                    numbering: numbering)
                for (index, plan) in zip(stale, again) { plans[index] = plan }
            }
            let items = plans.map(\.item)
            if let refusal = PushBatch.refusal(items) { throw refusal }
            var summary = PushSummary(results: [], stored: 0, conflictsOpened: 0)
            // The change-log numbers the batch needs, taken as one range.
            let first = try Self.takeSeqs(db, count: Int64(PushBatch.placesNeeded(items)))
            for (plan, places) in zip(plans, PushBatch.places(items, first: first)) {
                let item = plan.item
                let record = item.record
                if case .store(let state, let region, _, _) = item.decision, let stateText = plan.stateText, let places
                {
                    if let exit = places.exit, let previousRegion = item.previousRegion {
                        try db.execute(
                            sql: "INSERT INTO record_exit (seq, id, region) VALUES (?, ?, ?)",
                            arguments: [exit, record.id.description, previousRegion])
                    }
                    if item.wasPurged {
                        try db.execute(sql: "DELETE FROM purged WHERE id = ?", arguments: [record.id.description])
                    }
                    try db.cachedStatement(
                        sql: """
                            INSERT INTO record (id, kind, region, seq, is_deleted, has_conflicts, customer, state, pushed_by)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                            ON CONFLICT(id) DO UPDATE SET region = excluded.region, seq = excluded.seq,
                                is_deleted = excluded.is_deleted, has_conflicts = excluded.has_conflicts,
                                customer = excluded.customer, state = excluded.state, pushed_by = excluded.pushed_by
                            """
                    ).execute(
                        arguments: [
                            record.id.description, record.kind, region.rawValue, places.record, state.isDeleted,
                            state.hasConflicts,
                            state.customerColumn, stateText, item.pushedBy == nil ? nil : pusherNumber,
                        ])
                }
                summary.note(item.decision, for: record.id)
            }
            try db.cachedStatement(sql: "UPDATE replica SET mark = MAX(mark, ?) WHERE id = ?")
                .execute(arguments: [Int64(PushBatch.highestOwnCounter(records, pusher: pusher)), pusher.description])
            return summary
        }
    }
}
