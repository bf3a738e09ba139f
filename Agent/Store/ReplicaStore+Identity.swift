import FieldSyncShared
import Foundation
import GRDB

/// Something that happened to this replica's identity or to its server, as `status` tells it.
public struct IdentityEvent: Sendable, Codable, Hashable {
    public enum Kind: String, Sendable, Codable {
        /// The file was copied, restored or moved: it took a new replica id.
        case fileCopied = "file_copied"
        /// The server has synced with another copy of this file since: it took a new replica id.
        case forked
        /// The server lacks what it once confirmed: everything is sent again, and pulled again.
        case serverRestored = "server_restored"
        /// Writes the server had not confirmed to this copy were re-issued under the new id.
        case reissued
        /// The records sent again to a restored server that it did not hold.
        case resent
    }

    public let at: String
    public let kind: Kind
    public let oldReplica: String?
    public let newReplica: String?
    public let count: Int
    /// The server's explanation, in English, when it gave one.
    public let reason: String?

    enum CodingKeys: String, CodingKey {
        case at, kind, count, reason
        case oldReplica = "old_replica"
        case newReplica = "new_replica"
    }

    /// The event in a sentence.
    public var message: Message {
        switch kind {
        case .fileCopied:
            Message(
                "this replica's file was copied, restored or moved: it now writes as replica \(newReplica ?? "?") (was \(oldReplica ?? "?")), so two copies never write under one id",
                zh: "本副本文件被复制、恢复或移动：现以副本 \(newReplica ?? "?") 写入（原为 \(oldReplica ?? "?")），两个副本不会共用同一编号")
        case .forked:
            Message(
                "the server has synced with another copy of this replica's file (restored, cloned or rolled back): it now writes as replica \(newReplica ?? "?") (was \(oldReplica ?? "?"))",
                zh: "服务器已与本副本文件的另一份拷贝同步过（恢复、克隆或回滚）：现以副本 \(newReplica ?? "?") 写入（原为 \(oldReplica ?? "?")）")
        case .serverRestored:
            Message(
                "the server was restored from a backup: everything here is sent to it again, under a new replica id \(newReplica ?? "?") (was \(oldReplica ?? "?")), and pulled again",
                zh: "服务器已从备份恢复：本机的全部记录以新的副本编号 \(newReplica ?? "?")（原为 \(oldReplica ?? "?")）重新上传，并重新下载")
        case .reissued:
            Message(
                "\(count) change(s) the server had not confirmed to this copy were sent again under the new replica id; any that now stand beside another value show as conflicts",
                zh: "服务器尚未确认的 \(count) 处修改已以新的副本编号重新发送；如与其他值并存，会显示为冲突")
        case .resent:
            Message(
                "the server was restored from a backup; \(count) of your changes were sent again",
                zh: "服务器曾从备份恢复；已重新上传您的 \(count) 处修改")
        }
    }
}

extension ReplicaStore {
    // MARK: Which file this is

    /// Takes a new replica id when this file is not the one the replica was (copied, restored or
    /// moved), or records the file when nothing was recorded yet. Called in the transaction of
    /// every write, before the write's dot is taken.
    func verifyIdentity(_ db: Database, row: inout ReplicaRow) throws {
        guard let fileIdentity, row.fileIdentity != fileIdentity else { return }
        if row.fileIdentity == nil {
            // Made by a fieldsync that did not record files yet: this is the file from now on.
            row.fileIdentity = fileIdentity
            try row.update(db)
            return
        }
        try rekey(db, row: &row, kind: .fileCopied, reason: nil)
    }

    /// Checks, before a sync, that this is the file the replica was; see `verifyIdentity`.
    public func checkFileIdentity() throws {
        try translatingErrors {
            try pool.write { db in
                var row = try Self.replicaRow(db)
                try verifyIdentity(db, row: &row)
            }
        }
    }

    /// Takes a new replica id because the server has synced with another copy of this file.
    public func rekeyAfterFork(reason: String) throws {
        try translatingErrors {
            try pool.write { db in
                var row = try Self.replicaRow(db)
                try rekey(db, row: &row, kind: .forked, reason: reason)
            }
        }
    }

    /// Gives up the current replica id for a fresh one: the old id's writes up to the counter the
    /// server confirmed to this copy stay as they are, later ones are re-issued at the next sync.
    private func rekey(_ db: Database, row: inout ReplicaRow, kind: IdentityEvent.Kind, reason: String?) throws {
        let old = row.replicaID
        let new = ReplicaID.random().description
        let at = now.description
        // A file found copied, restored or moved (another inode or path) never wrote under the old
        // id after it was taken: every dot of the old id it holds names the very write the
        // original made, so none needs re-issuing, whatever the server had confirmed to it (a copy
        // of the file without its WAL can predate even that). Only a copy the server catches
        // writing again under old counters (forked) or a restored server leave writes in doubt.
        let confirmed = kind == .fileCopied ? row.counter : row.confirmedCounter
        try db.execute(
            sql:
                "INSERT INTO former_identity (replica_id, confirmed, reason, at) VALUES (?, ?, ?, ?) ON CONFLICT (replica_id) DO NOTHING",
            arguments: [old, confirmed, kind.rawValue, at])
        row.replicaID = new
        row.counter = 0
        row.confirmedCounter = 0
        row.epoch = nil
        row.fileIdentity = fileIdentity ?? row.fileIdentity
        try row.update(db)
        try Self.note(db, IdentityEvent(at: at, kind: kind, oldReplica: old, newReplica: new, count: 0, reason: reason))
    }

    static func note(_ db: Database, _ event: IdentityEvent) throws {
        try db.execute(
            sql:
                "INSERT INTO identity_event (at, kind, old_replica, new_replica, count, reason) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [event.at, event.kind.rawValue, event.oldReplica, event.newReplica, event.count, event.reason])
    }

    /// What happened to this replica's identity and its server, newest first.
    public func identityEvents(limit: Int = 10) throws -> [IdentityEvent] {
        try translatingErrors {
            try pool.read { db in
                try Row.fetchAll(
                    db,
                    sql:
                        "SELECT at, kind, old_replica, new_replica, count, reason FROM identity_event ORDER BY id DESC LIMIT ?",
                    arguments: [limit]
                ).compactMap { row in
                    guard let kind = IdentityEvent.Kind(rawValue: row["kind"]) else { return nil }
                    return IdentityEvent(
                        at: row["at"], kind: kind, oldReplica: row["old_replica"], newReplica: row["new_replica"],
                        count: row["count"],
                        reason: row["reason"])
                }
            }
        }
    }

    // MARK: The hello

    /// What this replica tells the server at the start of a sync.
    public func helloRequest() throws -> HelloRequest {
        try translatingErrors {
            try pool.read { db in
                let row = try Self.replicaRow(db)
                guard let replica = ReplicaID(row.replicaID) else {
                    throw AgentError.damagedReplicaID()
                }
                let former = try String.fetchAll(db, sql: "SELECT replica_id FROM former_identity ORDER BY at")
                    .compactMap(ReplicaID.init)
                return HelloRequest(
                    replica: replica, epoch: row.epoch.flatMap(Epoch.init), counter: UInt64(row.counter),
                    confirmed: UInt64(row.confirmedCounter), cursor: row.pullCursor, resending: row.resending,
                    former: former.isEmpty ? nil : former, timeline: row.serverTimeline)
            }
        }
    }

    /// Keeps the epoch the server handed. When the server was restored from a backup, instead:
    /// takes a new replica id (a copy of this file rolled back with the server could otherwise
    /// write again under counters the server forgot, while other replicas hold the first writes),
    /// marks every record pending to send it again, and starts pulling from the start, in one
    /// transaction. Returns whether the sync must begin again under the new id.
    public func accept(_ hello: HelloResponse) throws -> Bool {
        try translatingErrors {
            try pool.write { db in
                var row = try Self.replicaRow(db)
                row.serverTimeline = hello.timeline ?? row.serverTimeline
                guard hello.verdict == .serverRestored else {
                    row.epoch = hello.epoch.description
                    try row.update(db)
                    return false
                }
                try rekey(db, row: &row, kind: .serverRestored, reason: hello.reason)
                row.resending = true
                row.pullCursor = 0
                row.rebaselining = true
                row.rebaselineEpoch += 1
                try row.update(db)
                // Any positive mark makes a record pending; it is cleared only by the server's answer.
                try db.execute(sql: "UPDATE record SET dirty = 1 WHERE dirty = 0")
                return true
            }
        }
    }

    /// The resend to a restored server is complete: `sent` records were ones it did not hold.
    public func finishResend(sent: Int) throws {
        try translatingErrors {
            try pool.write { db in
                var row = try Self.replicaRow(db)
                guard row.resending else { return }
                row.resending = false
                try row.update(db)
                try Self.note(
                    db,
                    IdentityEvent(
                        at: now.description, kind: .resent, oldReplica: nil, newReplica: nil, count: sent, reason: nil))
            }
        }
    }

    // MARK: Re-issuing

    /// The ids this file gave up whose later writes are not re-issued yet, with the counter up to
    /// which the server confirmed each one's writes to this copy.
    public func formersToReissue() throws -> [ReplicaID: UInt64] {
        try translatingErrors {
            try pool.read { db in
                var formers = [ReplicaID: UInt64]()
                for row in try Row.fetchAll(
                    db, sql: "SELECT replica_id, confirmed FROM former_identity WHERE reissued_at IS NULL")
                {
                    if let id = ReplicaID(row["replica_id"] as String) {
                        formers[id] = UInt64(max(0, row["confirmed"] as Int64))
                    }
                }
                return formers
            }
        }
    }

    /// The records whose context goes past a former id's confirmed mark: they hold writes to
    /// re-issue, or a context to lower, both decided against the server's state of them.
    public func recordsToReissue(_ formers: [ReplicaID: UInt64]) throws -> [RecordID] {
        try translatingErrors {
            try pool.read { db in
                var ids = [RecordID]()
                let rows = try RecordRow.fetchCursor(db)
                while let row = try rows.next() {
                    let state = try row.decodedState(numbering)
                    guard formers.contains(where: { state.context[$0.key] > $0.value }), let id = RecordID(row.id)
                    else { continue }
                    ids.append(id)
                }
                return ids
            }
        }
    }

    /// Re-issues the records `ids` (`Reissue.plan`) against the server's states of them, in one
    /// transaction: each is read again here, so a change made meanwhile is kept. Returns the
    /// writes re-issued and the duplicates the server already held.
    public func reissue(
        _ ids: [RecordID], server: [RecordID: RecordState], formers: [ReplicaID: UInt64]
    ) throws -> (reissued: Int, duplicates: Int) {
        try translatingErrors {
            try pool.write { db in
                var reissued = 0
                var duplicates = 0
                var row = try Self.replicaRow(db)
                guard let replica = ReplicaID(row.replicaID) else {
                    throw AgentError.damagedReplicaID()
                }
                var counter = row.counter
                for (key, stored) in try RecordRow.fetchAll(db, ids: ids.map(\.description)) {
                    guard let id = RecordID(key) else { continue }
                    let local = try stored.decodedState(numbering)
                    let outcome = Reissue.plan(local, formers: formers, server: server[id]) {
                        counter += 1
                        return Dot(replica: replica, counter: UInt64(counter))
                    }
                    guard outcome.changed else { continue }
                    var updated = try RecordRow(
                        id: id, kind: stored.kind, state: outcome.state,
                        dirty: outcome.reissued > 0 ? counter : stored.dirty,
                        seenEpoch: stored.seenEpoch, numbering: numbering)
                    // A record the server refused stays refused unless it now carries new writes.
                    updated.refusal = outcome.reissued > 0 ? nil : stored.refusal
                    try updated.updatePrepared(db)
                    reissued += outcome.reissued
                    duplicates += outcome.duplicates
                }
                row.counter = counter
                try row.update(db)
                return (reissued, duplicates)
            }
        }
    }

    /// Re-issues under this replica's id the other replicas' writes in `ids` that clash with what
    /// the server holds under the same dots (`Reissue.clashes`), in one transaction; returns the
    /// records re-issued (pending again).
    public func untangle(_ ids: [RecordID], server: [RecordID: RecordState]) throws -> [RecordID] {
        try translatingErrors {
            try pool.write { db in
                var row = try Self.replicaRow(db)
                guard let me = ReplicaID(row.replicaID) else { return [] }
                var counter = row.counter
                var untangled = [RecordID]()
                for (key, stored) in try RecordRow.fetchAll(db, ids: ids.map(\.description)) {
                    guard let id = RecordID(key), let theirs = server[id] else { continue }
                    let local = try stored.decodedState(numbering)
                    let clashes = Reissue.clashes(in: local, against: theirs, me: me)
                    guard !clashes.isEmpty else { continue }
                    let state = Reissue.plan(local, formers: clashes, server: theirs) {
                        counter += 1
                        return Dot(replica: me, counter: UInt64(counter))
                    }.state
                    var updated = try RecordRow(
                        id: id, kind: stored.kind, state: state, dirty: counter, seenEpoch: stored.seenEpoch,
                        numbering: numbering)
                    updated.refusal = nil
                    try updated.updatePrepared(db)
                    untangled.append(id)
                }
                row.counter = counter
                try row.update(db)
                return untangled.sorted { $0.description < $1.description }
            }
        }
    }

    /// Every record of `formers` is re-issued: notes it, with how many writes went again.
    public func finishReissue(_ formers: [ReplicaID: UInt64], reissued: Int) throws {
        try translatingErrors {
            try pool.write { db in
                let at = now.description
                for former in formers.keys {
                    try db.execute(
                        sql: "UPDATE former_identity SET reissued_at = ? WHERE replica_id = ?",
                        arguments: [at, former.description])
                }
                let row = try Self.replicaRow(db)
                try Self.note(
                    db,
                    IdentityEvent(
                        at: at, kind: .reissued,
                        oldReplica: formers.keys.map(\.description).sorted().joined(separator: " "),
                        newReplica: row.replicaID, count: reissued, reason: nil))
            }
        }
    }
}
