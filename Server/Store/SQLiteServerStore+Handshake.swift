import FieldSyncShared
import Foundation
import GRDB

extension SQLiteServerStore {
    /// A replica as the store knows it: its token, and what `ReplicaHandshake` decides from.
    struct KnownReplica {
        let tokenID: Int64
        let memory: ReplicaMemory
    }

    static func memory(_ db: Database, replica: ReplicaID) throws -> KnownReplica? {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(
                    sql: "SELECT token_id, epoch, pending_epoch, mark, resending, timeline FROM replica WHERE id = ?"),
                arguments: [replica.description])
        else { return nil }
        return KnownReplica(
            tokenID: row[0],
            memory: ReplicaHandshake.memory(
                current: row[1], pending: row[2], mark: row[3], resending: row[4], timeline: row[5]))
    }

    public func bind(replica: ReplicaID, identity: Identity, epoch: Epoch?, now: String) async throws -> ReplicaStanding
    {
        try await write { db in try Self.bind(db, replica: replica, identity: identity, epoch: epoch, now: now) }
    }

    /// Binds `replica` to the caller's token on first sight, and checks the epoch its request shows.
    static func bind(_ db: Database, replica: ReplicaID, identity: Identity, epoch: Epoch?, now: String) throws
        -> ReplicaStanding
    {
        guard let known = try memory(db, replica: replica) else {
            try db.execute(
                sql: "INSERT INTO replica (id, token_id, first_seen, last_sync) VALUES (?, ?, ?, ?)",
                arguments: [replica.description, identity.tokenID, now, now])
            return ReplicaStanding()
        }
        guard known.tokenID == identity.tokenID else { throw ReplicaHandshake.boundElsewhere(replica) }
        switch ReplicaHandshake.check(shown: epoch, memory: known.memory) {
        case .refuse(let reason):
            throw ReplicaHandshake.forked(reason)
        case .accept(let promote):
            // A retired replica that syncs again is alive after all: it counts for purges again.
            if promote, let epoch {
                try db.cachedStatement(
                    sql:
                        "UPDATE replica SET last_sync = ?, retired_at = NULL, epoch = ?, pending_epoch = NULL WHERE id = ?"
                ).execute(arguments: [now, epoch.description, replica.description])
            } else {
                try db.cachedStatement(sql: "UPDATE replica SET last_sync = ?, retired_at = NULL WHERE id = ?")
                    .execute(arguments: [now, replica.description])
            }
            return ReplicaStanding(resending: known.memory.resending)
        }
    }

    public func hello(_ hello: HelloRequest, identity: Identity, now: String) async throws -> HelloResponse {
        try await write { db in
            let known = try Self.memory(db, replica: hello.replica)
            if let known, known.tokenID != identity.tokenID { throw ReplicaHandshake.boundElsewhere(hello.replica) }
            let former = (hello.former ?? []).map(\.description)
            let timelines = try Self.timelines(db)
            var standing = ServerStanding(
                newestChange: try Self.counter(db, "seq"), timeline: timelines.current,
                nextTimeline: ReplicaID.random().description,
                earlierTimelines: timelines.earlier)
            for id in former {
                let resending = try Bool.fetchOne(
                    db, sql: "SELECT resending FROM replica WHERE id = ? AND token_id = ?",
                    arguments: [id, identity.tokenID])
                if resending == true { standing.formerResending = true }
            }
            try db.execute(sql: "UPDATE counter SET value = value + 1 WHERE name = 'epoch'")
            let verdict = ReplicaHandshake.decide(
                hello: hello, memory: known?.memory, server: standing,
                fresh: .fresh(number: try Self.counter(db, "epoch")))
            guard case .proceed(let outcome, let reason, let memory, let newTimeline) = verdict else {
                if case .forked(let reason) = verdict { throw ReplicaHandshake.forked(reason) }
                preconditionFailure("a verdict proceeds or is forked")
            }
            let formerText = former.isEmpty ? nil : former.joined(separator: " ")
            if known == nil {
                try db.execute(
                    sql: """
                        INSERT INTO replica (id, token_id, first_seen, last_sync, epoch, pending_epoch, mark, resending, former, timeline)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        hello.replica.description, identity.tokenID, now, now, memory.current?.description,
                        ReplicaHandshake.pendingText(memory), Int64(memory.mark), memory.resending, formerText,
                        memory.timeline,
                    ])
            } else {
                try db.execute(
                    sql: """
                        UPDATE replica SET last_sync = ?, retired_at = NULL, epoch = ?, pending_epoch = ?, mark = ?, resending = ?,
                            former = COALESCE(?, former), timeline = ?
                        WHERE id = ?
                        """,
                    arguments: [
                        now, memory.current?.description, ReplicaHandshake.pendingText(memory), Int64(memory.mark),
                        memory.resending,
                        formerText, memory.timeline, hello.replica.description,
                    ])
            }
            // The ids this file gave up no longer hold tombstone purges back; a copy still using one
            // counts again when it next syncs.
            for id in former where id != hello.replica.description {
                try db.execute(
                    sql: "UPDATE replica SET retired_at = ? WHERE id = ? AND token_id = ? AND retired_at IS NULL",
                    arguments: [now, id, identity.tokenID])
            }
            if let newTimeline {
                try Self.startTimeline(
                    db, id: newTimeline, at: now, reason: "replica \(hello.replica): \(reason ?? "restored")")
            }
            let cursor = outcome == .serverRestored ? 0 : hello.cursor
            let changes: Int64
            if let scope = identity.region {
                changes =
                    try Int64.fetchOne(
                        db, sql: "SELECT COUNT(*) FROM record WHERE region = ? AND seq > ?",
                        arguments: [scope.rawValue, cursor]) ?? 0
            } else {
                changes =
                    try Int64.fetchOne(db, sql: "SELECT COUNT(*) FROM record WHERE seq > ?", arguments: [cursor]) ?? 0
            }
            guard let epoch = memory.pending.last else { preconditionFailure("a hello hands out an epoch") }
            return HelloResponse(
                verdict: outcome, epoch: epoch, reason: reason, changes: changes, timeline: memory.timeline)
        }
    }

    /// The current timeline, and the ones before it.
    static func timelines(_ db: Database) throws -> (current: String, earlier: Set<String>) {
        let ids = try String.fetchAll(db.cachedStatement(sql: "SELECT id FROM timeline ORDER BY number DESC"))
        return (ids.first ?? "", Set(ids.dropFirst()))
    }

    static func startTimeline(_ db: Database, id: String, at: String, reason: String) throws {
        try db.execute(
            sql: "INSERT INTO timeline (id, started_at, reason) VALUES (?, ?, ?)", arguments: [id, at, reason])
    }

    static func counter(_ db: Database, _ name: String) throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT value FROM counter WHERE name = ?"), arguments: [name]) ?? 0
    }

    public func records(ids: [RecordID], scope: Region?) async throws -> [WireRecord] {
        try await read { db in
            try Self.rows(db, table: "record", ids: ids.map(\.description), columns: "id, kind, region, state").values
                .filter { row in scope.map { $0.rawValue == row["region"] as String } ?? true }
                .compactMap { row in
                    guard let id = RecordID(row["id"] as String) else { return nil }
                    return WireRecord(id: id, kind: row["kind"], state: try decodeState(row["state"], db))
                }
                .sorted { $0.id.description < $1.id.description }
        }
    }

    /// What `backup` made.
    public struct BackupReport: Sendable {
        public let path: String
        public let bytes: Int64
        public let seconds: Double
    }

    /// Writes a consistent copy of the store at `path` while it is in use (SQLite's `VACUUM INTO`,
    /// on a read connection of its own: writers go on), marked as a backup, so that a server
    /// started on it once it is copied back knows it was restored and says so.
    public static func backup(from source: String, to path: String) throws -> BackupReport {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw ServerError(.malformed, "backup_exists", "\(path) already exists; name a new file for the backup")
        }
        guard FileManager.default.fileExists(atPath: source) else {
            throw ServerError(.malformed, "no_store", "there is no store at \(source) to back up")
        }
        let started = ContinuousClock.now
        do {
            var configuration = Configuration()
            configuration.readonly = true
            configuration.busyMode = .timeout(30)
            let queue = try DatabaseQueue(path: source, configuration: configuration)
            try queue.inDatabase { db in try db.execute(sql: "VACUUM INTO ?", arguments: [path]) }
            let copy = try DatabaseQueue(path: path)
            try copy.write { db in
                // A store of an older schema has no marker table: its copy is found out by the replicas.
                guard try db.tableExists("backup_marker") else { return }
                try db.execute(sql: "DELETE FROM backup_marker")
                try db.execute(
                    sql: "INSERT INTO backup_marker (taken_at) VALUES (?)",
                    arguments: [ServiceTime.now(Date()).description])
            }
            try copy.close()
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw ServerError(.broken, "backup_failed", "could not back up \(source) to \(path): \(Self.reason(error))")
        }
        let elapsed = ContinuousClock.now - started
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let bytes = (attributes?[.size] as? NSNumber)?.int64Value ?? 0
        return BackupReport(
            path: path, bytes: bytes,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    /// A store opened from a copy says so once and starts a new timeline, so that every replica
    /// sends it what it lacks: a backup's copy put in place (its marker), or the file copied or
    /// moved by hand (`FileIdentity`). Returns what happened, for the log.
    static func noteRestore(_ db: Database, file: String?) throws -> String? {
        var reasons = [String]()
        if let takenAt = try String.fetchOne(db, sql: "SELECT taken_at FROM backup_marker LIMIT 1") {
            try db.execute(sql: "DELETE FROM backup_marker")
            reasons.append("this store is a backup taken at \(takenAt), put back in place")
        }
        if let file {
            let recorded = try String.fetchOne(db, sql: "SELECT value FROM store_identity WHERE name = 'file'")
            if let recorded, recorded != file, reasons.isEmpty {
                reasons.append(
                    "this store's file is a copy of another (\(recorded), now \(file)): restored from a backup, or moved"
                )
            }
            try db.execute(
                sql:
                    "INSERT INTO store_identity (name, value) VALUES ('file', ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                arguments: [file])
        }
        guard let reason = reasons.first else { return nil }
        try startTimeline(
            db, id: ReplicaID.random().description, at: ServiceTime.now(Date()).description, reason: reason)
        return reason
    }
}
