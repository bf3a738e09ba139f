import FieldSyncShared
import Foundation
import GRDB

/// The technician's local replica: a SQLite file (WAL) holding every record's state.
///
/// A `Sendable` struct around GRDB's pool, which already serialises writes. Every
/// write is one transaction that takes the next dot from the replica's counter,
/// stores the new state and marks the record dirty, so a crash can lose nothing
/// acknowledged and never reuse a dot.
public struct ReplicaStore: Sendable {
    let pool: DatabasePool
    /// The numbers stored states name replicas by; see `ReplicaNumbering`.
    let replicaNumbers = ReplicaNumberCache()
    public let path: String
    let clock: @Sendable () -> Date
    /// Which file this is (`FileIdentity`), read when the store was opened.
    let fileIdentity: String?

    /// Creates a new replica file. Works offline: the replica id is random, not issued by the server.
    public static func create(
        at path: String, serverURL: String, region: Region?, technician: String?,
        replicaID: ReplicaID = .random(), clock: @escaping @Sendable () -> Date = { Date() }
    ) throws -> ReplicaStore {
        if FileManager.default.fileExists(atPath: path) {
            let existing = try? open(at: path, clock: clock)
            if existing != nil {
                throw AgentError.alreadyInitialised(path: path)
            }
        }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let store = try ReplicaStore(pool: makePool(path), path: path, clock: clock)
        try store.translatingErrors {
            try migrator.migrate(store.pool)
            try store.pool.write { db in
                let row = ReplicaRow(
                    replicaID: replicaID.description, counter: 0, serverURL: serverURL,
                    region: region?.rawValue, technician: technician,
                    createdAt: ServiceTime.now(clock()).description, fileIdentity: store.fileIdentity)
                try row.insert(db)
            }
            try store.numberReplicas([replicaID])
        }
        return store
    }

    /// Opens an existing replica, applying migrations this version adds.
    public static func open(at path: String, clock: @escaping @Sendable () -> Date = { Date() }) throws -> ReplicaStore
    {
        guard FileManager.default.fileExists(atPath: path) else {
            throw AgentError.noReplica(path: path)
        }
        let store = try ReplicaStore(pool: makePool(path), path: path, clock: clock)
        try store.translatingErrors {
            if try store.pool.read({ try migrator.hasBeenSuperseded($0) }) {
                throw AgentError.newerDatabase(path: path)
            }
            try migrator.migrate(store.pool)
            guard try store.pool.read({ try ReplicaRow.fetchOne($0) }) != nil else {
                throw AgentError.notAReplica(path: path)
            }
            if let own = try store.pool.read({ try ReplicaRow.fetchOne($0) }).flatMap({ ReplicaID($0.replicaID) }) {
                try store.numberReplicas([own])
            }
        }
        return store
    }

    private static func makePool(_ path: String) throws -> DatabasePool {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.label = "fieldsync.replica"
        do {
            return try DatabasePool(path: path, configuration: configuration)
        } catch {
            // SQLite cannot make its shared-memory file on a full disk and says only "disk I/O error".
            if diskIsFull(holding: path) { throw storageError(DatabaseError(resultCode: .SQLITE_FULL), path: path) }
            throw AgentError.cannotOpen(path: path, reason: Self.reason(error))
        }
    }

    private init(pool: DatabasePool, path: String, clock: @escaping @Sendable () -> Date) {
        self.pool = pool
        self.path = path
        self.clock = clock
        fileIdentity = FileIdentity.of(path: path)
    }

    /// The numbering stored states are written and read with, as this process knows it.
    var numbering: ReplicaNumbering { replicaNumbers.current }

    static func numberRows(_ db: Database) throws -> [(number: Int64, id: ReplicaID)] {
        try Row.fetchAll(db, sql: "SELECT number, id FROM replica_number").compactMap { row in
            ReplicaID(row["id"] as String).map { (row["number"], $0) }
        }
    }

    /// Gives a number to each of `replicas` that has none, in a transaction of its own (so the
    /// cache only ever holds committed numbers), and reads the table into the cache.
    func numberReplicas(_ replicas: some Sequence<ReplicaID>) throws {
        let missing = numbering.unnumbered(replicas)
        if missing.isEmpty {
            // Opening a replica to read it must not need to write (a read-only copy still lists).
            if numbering.count == 0 { replicaNumbers.add(try pool.read(Self.numberRows)) }
            return
        }
        let rows = try pool.write { db in
            for replica in missing {
                try db.execute(
                    sql: "INSERT INTO replica_number (id) VALUES (?) ON CONFLICT (id) DO NOTHING",
                    arguments: [replica.description])
            }
            return try Self.numberRows(db)
        }
        replicaNumbers.add(rows)
    }

    /// Runs `body`, turning GRDB's errors into one line a technician can act on. A state naming
    /// a replica number this process has not read yet (another `fieldsync` process numbered it)
    /// rolls the transaction back; the table is read again and `body` runs once more.
    func translatingErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            do {
                return try body()
            } catch is UnknownReplicaNumber {
                replicaNumbers.add(try pool.read(Self.numberRows))
                return try body()
            }
        } catch let error as AgentError {
            throw error
        } catch {
            throw Self.storageError(error, path: path)
        }
    }

    /// What a failed transaction means for the technician. SQLite rolled it back, so the file
    /// holds what it held before; the message names the cause when SQLite knows it.
    static func storageError(_ error: any Error, path: String) -> AgentError {
        var code = (error as? DatabaseError)?.resultCode
        if code == .SQLITE_IOERR, diskIsFull(holding: path) { code = .SQLITE_FULL }
        let folder = (path as NSString).deletingLastPathComponent
        switch code {
        case .SQLITE_FULL:
            return AgentError.diskFull(path: path, folder: folder)
        case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_CANTOPEN, .SQLITE_AUTH:
            return AgentError.notWritable(path: path, reason: reason(error))
        default:
            return AgentError.databaseUnusable(path: path, reason: reason(error))
        }
    }

    /// Whether the file system holding `path` has (next to) no room left for this user.
    static func diskIsFull(holding path: String) -> Bool {
        let folder = (path as NSString).deletingLastPathComponent
        let attributes = try? FileManager.default.attributesOfFileSystem(forPath: folder.isEmpty ? "." : folder)
        guard let free = (attributes?[.systemFreeSize] as? NSNumber)?.int64Value else { return false }
        return free < 256 * 1024
    }

    /// SQLite's own words for what failed, without statement arguments.
    static func reason(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "SQLite error \(error.resultCode.rawValue)" }
        return String(describing: type(of: error))
    }

    // MARK: Replica

    public func info() throws -> ReplicaInfo {
        try translatingErrors {
            try pool.read { db in try ReplicaInfo(row: try Self.replicaRow(db)) }
        }
    }

    static func replicaRow(_ db: Database) throws -> ReplicaRow {
        guard let row = try ReplicaRow.fetchOne(db) else {
            throw AgentError.replicaRowMissing()
        }
        return row
    }

    /// The next dot, with the counter stored in the caller's transaction. A file that is not the
    /// one this replica was (copied, restored, moved) first takes a new replica id.
    func nextDot(_ db: Database) throws -> Dot {
        var row = try Self.replicaRow(db)
        try verifyIdentity(db, row: &row)
        row.counter += 1
        try row.update(db)
        guard let replica = ReplicaID(row.replicaID) else {
            throw AgentError.damagedReplicaID()
        }
        return Dot(replica: replica, counter: UInt64(row.counter))
    }

    var now: ServiceTime { ServiceTime.now(clock()) }
}
