import FieldSyncShared
import Foundation
import Logging
import PostgresNIO

extension PostgresServerStore: AttachmentByteStore {
    /// Version 5, `attachments`: uploads by digest and their bytes in pieces, in the database, so
    /// that any instance serves any request.
    static let attachmentsMigration = PostgresMigration(
        version: 5, name: "attachments",
        statements: [
            """
            CREATE TABLE attachment_upload (
                digest text COLLATE "C" NOT NULL,
                region text COLLATE "C" NOT NULL,
                size bigint NOT NULL,
                received bigint NOT NULL DEFAULT 0,
                complete boolean NOT NULL DEFAULT false,
                updated_at text NOT NULL,
                PRIMARY KEY (digest, region)
            )
            """,
            """
            CREATE TABLE attachment_piece (
                digest text COLLATE "C" NOT NULL,
                region text COLLATE "C" NOT NULL,
                "offset" bigint NOT NULL,
                data bytea NOT NULL,
                PRIMARY KEY (digest, region, "offset")
            )
            """,
        ])

    static func uploadState(
        _ connection: PostgresConnection, digest: String, region: Region, lock: Bool, logger: Logger
    )
        async throws -> UploadState
    {
        let region = region.rawValue
        let query: PostgresQuery =
            lock
            ? "SELECT received, complete FROM attachment_upload WHERE digest = \(digest) AND region = \(region) FOR UPDATE"
            : "SELECT received, complete FROM attachment_upload WHERE digest = \(digest) AND region = \(region)"
        for try await (received, complete) in try await connection.query(query, logger: logger).decode(
            (Int64, Bool).self)
        {
            return UploadState(received: received, complete: complete)
        }
        return UploadState(received: 0, complete: false)
    }

    public func uploadState(digest: String, region: Region) async throws -> UploadState {
        let logger = logger
        return try await withConnection { connection in
            try await Self.uploadState(connection, digest: digest, region: region, lock: false, logger: logger)
        }
    }

    public func append(digest: String, region: Region, size: Int64, offset: Int64, bytes: Data, now: String)
        async throws
        -> AppendOutcome
    {
        let logger = logger
        let name = region.rawValue
        return try await transaction { connection in
            // The row first, locked whether it is new or not (an upsert that always updates), so two
            // uploads of one digest queue on it and a collection or a discard that deleted it
            // meanwhile leaves a fresh row, never a piece without one.
            try await connection.query(
                """
                INSERT INTO attachment_upload (digest, region, size, received, complete, updated_at)
                VALUES (\(digest), \(name), \(size), 0, false, \(now))
                ON CONFLICT (digest, region) DO UPDATE SET updated_at = attachment_upload.updated_at
                """, logger: logger)
            let before = try await Self.uploadState(
                connection, digest: digest, region: region, lock: true, logger: logger)
            guard !before.complete, before.received == offset else { return .moved(before) }
            try await connection.query(
                "INSERT INTO attachment_piece (digest, region, \"offset\", data) VALUES (\(digest), \(name), \(offset), \(bytes))",
                logger: logger)
            let received = offset + Int64(bytes.count)
            guard received == size else {
                try await connection.query(
                    "UPDATE attachment_upload SET received = \(received), updated_at = \(now) WHERE digest = \(digest) AND region = \(name)",
                    logger: logger)
                return .stored(UploadState(received: received, complete: false))
            }
            var hasher = AttachmentDigest.Hasher()
            for try await piece in try await connection.query(
                "SELECT data FROM attachment_piece WHERE digest = \(digest) AND region = \(name) ORDER BY \"offset\"",
                logger: logger
            ).decode(Data.self) {
                hasher.update([UInt8](piece))
            }
            let actual = hasher.finish()
            guard actual == digest else {
                try await Self.remove(connection, digest: digest, region: name, logger: logger)
                return .mismatch(actual: actual)
            }
            try await connection.query(
                """
                UPDATE attachment_upload SET received = \(received), complete = true, updated_at = \(now)
                WHERE digest = \(digest) AND region = \(name)
                """, logger: logger)
            return .stored(UploadState(received: received, complete: true))
        }
    }

    public func content(digest: String, region: Region, range: ByteRange) async throws -> Data? {
        let logger = logger
        return try await transaction(readOnlySnapshot: true) { connection in
            guard
                try await Self.uploadState(connection, digest: digest, region: region, lock: false, logger: logger)
                    .complete
            else {
                return nil
            }
            var pieces = [(offset: Int64, data: Data)]()
            for try await (offset, data) in try await connection.query(
                """
                SELECT "offset", data FROM attachment_piece
                WHERE digest = \(digest) AND region = \(region.rawValue) AND "offset" <= \(range.end) AND "offset" + octet_length(data) > \(range.start)
                ORDER BY "offset"
                """, logger: logger
            ).decode((Int64, Data).self) {
                pieces.append((offset, data))
            }
            return SQLiteServerStore.slice(pieces, range: range)
        }
    }

    public func collectUnnamedBytes() async throws -> Int {
        let logger = logger
        let numbers = replicaNumbers
        return try await transaction { connection in
            // Pushes wait while the digests are read and the unnamed removed: one that names a
            // digest again either committed before (and is seen) or finds the bytes gone and sends
            // them again.
            try await connection.query("LOCK TABLE record IN SHARE MODE", logger: logger)
            var states = [(String, Data)]()
            for try await row in try await connection.query(
                "SELECT region, state FROM record WHERE kind = \(RecordKind.attachment.rawValue)", logger: logger
            ).decode((String, Data).self) {
                states.append(row)
            }
            var named = [(region: String, state: RecordState)]()
            for (region, data) in states {
                named.append((region, try await Self.decodeState(data, numbers: numbers, connection, logger: logger)))
            }
            var held = [HeldBytes]()
            // In key order, so two collections delete in the same order and never deadlock.
            for try await (digest, region) in try await connection.query(
                "SELECT digest, region FROM attachment_upload ORDER BY digest, region", logger: logger
            ).decode((String, String).self) {
                held.append(HeldBytes(digest: digest, region: region))
            }
            let unnamed = AttachmentNames.unnamed(held, records: named)
            for bytes in unnamed {
                try await Self.remove(connection, digest: bytes.digest, region: bytes.region, logger: logger)
            }
            return unnamed.count
        }
    }

    /// The upload row first: its lock waits for an append in flight, so the pieces deleted next
    /// include any it committed.
    static func remove(_ connection: PostgresConnection, digest: String, region: String, logger: Logger) async throws {
        try await connection.query(
            "DELETE FROM attachment_upload WHERE digest = \(digest) AND region = \(region)", logger: logger)
        try await connection.query(
            "DELETE FROM attachment_piece WHERE digest = \(digest) AND region = \(region)", logger: logger)
    }
}
