import FieldSyncShared
import Foundation
import GRDB

extension SQLiteServerStore: AttachmentByteStore {
    /// `v5: attachments`: uploads by digest, and their bytes in pieces as they arrived.
    static func migrateAttachments(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE attachment_upload (
                    digest TEXT NOT NULL,
                    region TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    received INTEGER NOT NULL DEFAULT 0,
                    complete BOOLEAN NOT NULL DEFAULT 0,
                    updated_at TEXT NOT NULL,
                    PRIMARY KEY (digest, region)
                ) WITHOUT ROWID;
                CREATE TABLE attachment_piece (
                    digest TEXT NOT NULL,
                    region TEXT NOT NULL,
                    offset INTEGER NOT NULL,
                    data BLOB NOT NULL,
                    PRIMARY KEY (digest, region, offset)
                ) WITHOUT ROWID;
                """)
    }

    static func state(_ db: Database, digest: String, region: Region) throws -> UploadState {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT received, complete FROM attachment_upload WHERE digest = ? AND region = ?",
                arguments: [digest, region.rawValue])
        else { return UploadState(received: 0, complete: false) }
        return UploadState(received: row["received"], complete: row["complete"])
    }

    public func uploadState(digest: String, region: Region) async throws -> UploadState {
        try await read { db in try Self.state(db, digest: digest, region: region) }
    }

    public func append(digest: String, region: Region, size: Int64, offset: Int64, bytes: Data, now: String)
        async throws
        -> AppendOutcome
    {
        try await write { db in
            let before = try Self.state(db, digest: digest, region: region)
            guard !before.complete, before.received == offset else { return .moved(before) }
            try db.execute(
                sql: """
                    INSERT INTO attachment_upload (digest, region, size, received, complete, updated_at)
                    VALUES (?, ?, ?, 0, 0, ?) ON CONFLICT (digest, region) DO NOTHING
                    """, arguments: [digest, region.rawValue, size, now])
            try db.execute(
                sql: "INSERT INTO attachment_piece (digest, region, offset, data) VALUES (?, ?, ?, ?)",
                arguments: [digest, region.rawValue, offset, bytes])
            let received = offset + Int64(bytes.count)
            guard received == size else {
                try db.execute(
                    sql: "UPDATE attachment_upload SET received = ?, updated_at = ? WHERE digest = ? AND region = ?",
                    arguments: [received, now, digest, region.rawValue])
                return .stored(UploadState(received: received, complete: false))
            }
            var hasher = AttachmentDigest.Hasher()
            let pieces = try Data.fetchCursor(
                db, sql: "SELECT data FROM attachment_piece WHERE digest = ? AND region = ? ORDER BY offset",
                arguments: [digest, region.rawValue])
            while let piece = try pieces.next() { hasher.update([UInt8](piece)) }
            let actual = hasher.finish()
            guard actual == digest else {
                try Self.remove(db, digest: digest, region: region.rawValue)
                return .mismatch(actual: actual)
            }
            try db.execute(
                sql:
                    "UPDATE attachment_upload SET received = ?, complete = 1, updated_at = ? WHERE digest = ? AND region = ?",
                arguments: [received, now, digest, region.rawValue])
            return .stored(UploadState(received: received, complete: true))
        }
    }

    public func content(digest: String, region: Region, range: ByteRange) async throws -> Data? {
        try await read { db in
            guard try Self.state(db, digest: digest, region: region).complete else { return nil }
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT offset, data FROM attachment_piece
                    WHERE digest = ? AND region = ? AND offset <= ? AND offset + length(data) > ? ORDER BY offset
                    """, arguments: [digest, region.rawValue, range.end, range.start])
            return Self.slice(rows.map { (offset: $0["offset"] as Int64, data: $0["data"] as Data) }, range: range)
        }
    }

    /// The bytes of `range` out of the pieces that overlap it, in order.
    static func slice(_ pieces: [(offset: Int64, data: Data)], range: ByteRange) -> Data {
        var out = Data()
        // What the pieces hold, not what the range asks: a range names up to 2^63 bytes.
        out.reserveCapacity(Int(min(range.length, pieces.reduce(Int64(0)) { $0 + Int64($1.data.count) })))
        for piece in pieces {
            let from = max(range.start, piece.offset) - piece.offset
            let to = min(range.end + 1, piece.offset + Int64(piece.data.count)) - piece.offset
            guard from < to else { continue }
            let base = piece.data.startIndex
            out.append(piece.data[(base + Int(from))..<(base + Int(to))])
        }
        return out
    }

    public func collectUnnamedBytes() async throws -> Int {
        // In the write transaction: a push naming a digest again either committed before (and
        // is seen here) or commits after, and then finds the bytes gone and sends them again.
        try await write { db in try self.collectUnnamed(db) }
    }

    func collectUnnamed(_ db: Database) throws -> Int {
        var named = [(region: String, state: RecordState)]()
        let rows = try Row.fetchCursor(
            db, sql: "SELECT region, state FROM record WHERE kind = ?", arguments: [RecordKind.attachment.rawValue])
        while let row = try rows.next() { named.append((row["region"], try decodeState(row["state"], db))) }
        let held = try Row.fetchAll(db, sql: "SELECT digest, region FROM attachment_upload ORDER BY digest, region")
            .map { HeldBytes(digest: $0["digest"], region: $0["region"]) }
        let unnamed = AttachmentNames.unnamed(held, records: named)
        for bytes in unnamed { try Self.remove(db, digest: bytes.digest, region: bytes.region) }
        return unnamed.count
    }
}

extension SQLiteServerStore {
    static func remove(_ db: Database, digest: String, region: String) throws {
        try db.execute(
            sql: "DELETE FROM attachment_piece WHERE digest = ? AND region = ?", arguments: [digest, region])
        try db.execute(
            sql: "DELETE FROM attachment_upload WHERE digest = ? AND region = ?", arguments: [digest, region])
    }
}
