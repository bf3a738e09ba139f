import FieldSyncShared
import Foundation
import GRDB

/// An attachment as this replica sees it: its record, and where its bytes are.
public struct LocalAttachment: Sendable, Hashable {
    public let record: AttachmentRecord
    /// Whether this replica holds the bytes.
    public let held: Bool
    /// Whether the server is known to hold them whole (so they may be evicted here).
    public let onServer: Bool
}

extension ReplicaStore {
    /// `v7: attachments`: bytes by digest (the same photo twice is stored once), and downloads in
    /// progress, kept apart so that nothing half-fetched is ever taken for the bytes.
    static func migrateAttachments(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE attachment_bytes (
                    digest TEXT PRIMARY KEY NOT NULL,
                    data BLOB NOT NULL,
                    size INTEGER NOT NULL,
                    stored_at TEXT NOT NULL,
                    on_server BOOLEAN NOT NULL DEFAULT 0
                ) WITHOUT ROWID;
                CREATE TABLE attachment_download (
                    digest TEXT PRIMARY KEY NOT NULL,
                    data BLOB NOT NULL,
                    updated_at TEXT NOT NULL
                ) WITHOUT ROWID;
                """)
    }

    /// `v8: attachment transfer`: a download in progress as the pieces that arrived, each appended
    /// without rewriting the ones before (a 20 MB scan over a link that drops is many pieces).
    static func migrateAttachmentTransfer(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE attachment_download_piece (
                    digest TEXT NOT NULL,
                    offset INTEGER NOT NULL,
                    data BLOB NOT NULL,
                    updated_at TEXT NOT NULL,
                    PRIMARY KEY (digest, offset)
                ) WITHOUT ROWID;
                INSERT INTO attachment_download_piece (digest, offset, data, updated_at)
                    SELECT digest, 0, data, updated_at FROM attachment_download WHERE length(data) > 0;
                DROP TABLE attachment_download;
                """)
    }

    /// Records a photo or scan of a record: the bytes into the content-addressed store, then an
    /// attachment record naming them. The parent is not edited (an opinion card stays as filled).
    public func attach(
        parentKind: RecordKind, parent: RecordID, bytes: Data, fileName: String, caption: String?
    ) throws -> StoredRecord {
        guard AttachmentRecord.parentKinds.contains(parentKind) else {
            throw AgentError.cannotAttach(to: parentKind)
        }
        let name = AttachmentRecord.safeFileName(fileName)
        guard !bytes.isEmpty else { throw AgentError.refusedAttachment(AttachmentError.empty(name: name).message) }
        let type: AttachmentMediaType
        do {
            type = try AttachmentMediaType.require(bytes.prefix(AttachmentMediaType.sniffLength), name: name)
        } catch {
            throw AgentError.refusedAttachment(error.message)
        }
        let parentRecord = try record(kind: parentKind, id: parent)
        if parentRecord.state.isDeleted {
            throw AgentError.referenceToDeleted(kind: parentKind, id: parent.description)
        }
        let digest = AttachmentDigest.of(bytes)
        let now = ServiceTime.now(clock()).description
        try translatingErrors {
            try pool.write { db in
                // A new record naming bytes held here asks the server again at the next sync: it
                // may have collected them since (the record that named them was purged).
                try db.execute(
                    sql: """
                        INSERT INTO attachment_bytes (digest, data, size, stored_at) VALUES (?, ?, ?, ?)
                        ON CONFLICT (digest) DO UPDATE SET on_server = 0
                        """, arguments: [digest, bytes, bytes.count, now])
            }
        }
        var values: [String: JSONValue] = [
            "parent_kind": .string(parentKind.rawValue), "parent": .string(parent.description),
            "digest": .string(digest), "size": .int(Int64(bytes.count)), "media_type": .string(type.rawValue),
            "attached_at": .string(now),
        ]
        if let region = parentRecord.state.value(of: "region") { values["region"] = region }
        if !name.isEmpty { values["file_name"] = .string(name) }
        if let caption, !caption.isEmpty { values["caption"] = .string(caption) }
        if let technician = try info().technician { values["attached_by"] = .string(technician) }
        return try create(kind: .attachment, values: values)
    }

    /// The live attachments, of one record or all, with where their bytes are; oldest first.
    public func attachments(parentKind: RecordKind? = nil, parent: RecordID? = nil) throws -> [LocalAttachment] {
        let records = try records(kind: .attachment).compactMap { AttachmentRecord(id: $0.id, values: $0.state.values) }
            .filter { (parentKind == nil || $0.parentKind == parentKind) && (parent == nil || $0.parent == parent) }
        let held = try translatingErrors {
            try pool.read { db in
                var held = [String: Bool]()
                for row in try Row.fetchAll(db, sql: "SELECT digest, on_server FROM attachment_bytes") {
                    held[row["digest"]] = row["on_server"]
                }
                return held
            }
        }
        return records.map {
            LocalAttachment(record: $0, held: held[$0.digest] != nil, onServer: held[$0.digest] ?? false)
        }
    }

    /// The bytes of `digest`, if this replica holds them.
    public func attachmentBytes(digest: String) throws -> Data? {
        try translatingErrors {
            try pool.read { db in
                try Data.fetchOne(db, sql: "SELECT data FROM attachment_bytes WHERE digest = ?", arguments: [digest])
            }
        }
    }

    /// Notes that the server holds the bytes of `digest` whole.
    public func markOnServer(digest: String) throws {
        try translatingErrors {
            try pool.write { db in
                try db.execute(sql: "UPDATE attachment_bytes SET on_server = 1 WHERE digest = ?", arguments: [digest])
            }
        }
    }

    /// How many bytes of `digest` a download in progress holds.
    public func downloaded(digest: String) throws -> Int64 {
        try translatingErrors {
            try pool.read { db in try Self.downloaded(db, digest: digest) }
        }
    }

    static func downloaded(_ db: Database, digest: String) throws -> Int64 {
        try Int64.fetchOne(
            db, sql: "SELECT COALESCE(SUM(length(data)), 0) FROM attachment_download_piece WHERE digest = ?",
            arguments: [digest]) ?? 0
    }

    /// Appends a piece to the download of `digest` at `offset` (ignored unless the download
    /// stands there), in one transaction with no rewrite of what came before; once it reaches
    /// `size`, checks the digest and only then keeps the bytes. Returns the bytes now held in the
    /// download, or `nil` once the download is done.
    @discardableResult
    public func appendDownload(digest: String, size: Int64, offset: Int64, piece: Data) throws -> Int64? {
        let now = ServiceTime.now(clock()).description
        let outcome: DownloadStep = try translatingErrors {
            try pool.write { db in
                let current = try Self.downloaded(db, digest: digest)
                guard current == offset, !piece.isEmpty else { return .partial(current) }
                try db.execute(
                    sql: "INSERT INTO attachment_download_piece (digest, offset, data, updated_at) VALUES (?, ?, ?, ?)",
                    arguments: [digest, offset, piece, now])
                let received = offset + Int64(piece.count)
                guard received >= size else { return .partial(received) }
                var data = Data()
                data.reserveCapacity(Int(received))
                let pieces = try Data.fetchCursor(
                    db, sql: "SELECT data FROM attachment_download_piece WHERE digest = ? ORDER BY offset",
                    arguments: [digest])
                while let piece = try pieces.next() { data.append(piece) }
                try db.execute(sql: "DELETE FROM attachment_download_piece WHERE digest = ?", arguments: [digest])
                let actual = AttachmentDigest.of(data)
                // Nothing half-checked is kept: a mismatch drops the download (committed, so the
                // next try starts from the first byte), and the bytes are never taken.
                guard received == size, actual == digest else { return .mismatch(actual) }
                try db.execute(
                    sql: """
                        INSERT INTO attachment_bytes (digest, data, size, stored_at, on_server) VALUES (?, ?, ?, ?, 1)
                        ON CONFLICT (digest) DO UPDATE SET on_server = 1
                        """, arguments: [digest, data, data.count, now])
                return .done
            }
        }
        switch outcome {
        case .partial(let received): return received
        case .done: return nil
        case .mismatch(let actual):
            throw AgentError.attachmentDigestMismatch(expected: digest, actual: actual)
        }
    }

    private enum DownloadStep: Sendable {
        case partial(Int64)
        case done
        case mismatch(String)
    }

    /// Removes, oldest first, bytes the server holds until what is held fits in `budget`; never
    /// bytes not yet uploaded. Returns the digests evicted.
    @discardableResult
    public func evictAttachments(budget: Int64) throws -> [String] {
        try translatingErrors {
            try pool.write { db in
                let held = try Row.fetchAll(db, sql: "SELECT digest, size, stored_at, on_server FROM attachment_bytes")
                    .map {
                        AttachmentBudget.Held(
                            digest: $0["digest"], size: $0["size"], storedAt: $0["stored_at"], onServer: $0["on_server"]
                        )
                    }
                let evicted = AttachmentBudget.evictions(held, budget: budget)
                for digest in evicted {
                    try db.execute(sql: "DELETE FROM attachment_bytes WHERE digest = ?", arguments: [digest])
                }
                return evicted
            }
        }
    }
}

/// Attachments waiting to move, for `status`.
public struct AttachmentBacklog: Sendable, Codable, Hashable {
    public var up = 0
    public var upBytes: Int64 = 0
    public var down = 0
    public var downBytes: Int64 = 0

    enum CodingKeys: String, CodingKey {
        case up, down
        case upBytes = "up_bytes"
        case downBytes = "down_bytes"
    }
}

extension ReplicaStore {
    /// What waits to go up (held here, not known to be on the server) and to come down (wanted
    /// by `mode`, not held here).
    public func attachmentBacklog(mode: AttachmentMode) throws -> AttachmentBacklog {
        let info = try info()
        var technicians = [RecordID: String]()
        if mode == .own {
            for visit in try records(kind: .visit) {
                if let name = visit.state.value(of: "technician")?.stringValue { technicians[visit.id] = name }
            }
        }
        var backlog = AttachmentBacklog()
        var seenUp = Set<String>()
        for local in try attachments() {
            let record = local.record
            if local.held && !local.onServer {
                if seenUp.insert(record.digest).inserted {
                    backlog.up += 1
                    backlog.upBytes += record.size
                }
            } else if !local.held,
                mode.wants(
                    record, technician: info.technician,
                    visitTechnician: record.parentKind == .visit ? technicians[record.parent] : nil)
            {
                backlog.down += 1
                backlog.downBytes += record.size
            }
        }
        return backlog
    }
}
