import FieldSyncServer
import FieldSyncShared
import FieldSyncTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PostgresTestSupport
import Testing

/// The attachment bytes' routes on both stores: scope through the record, resumable uploads,
/// the digest checked before anything is served, ranges, and garbage collection.
@Suite struct AttachmentRouteTests {
    /// A small "PDF": the magic bytes and some body, big enough to be sent in several pieces.
    static let scan: [UInt8] = Array("%PDF-1.7\n".utf8) + (0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
    static let technician = TestReplicas.first

    static func attachment(
        _ id: RecordID, region: Region, bytes: [UInt8] = scan, digest: String? = nil, dot: Dot,
        type: AttachmentMediaType = .pdf
    ) -> WireRecord {
        var state = RecordState()
        state.write(
            [
                "parent_kind": "opinion_card", "parent": .string(RecordID(high: 1, low: 1).description),
                "region": .string(region.rawValue), "digest": .string(digest ?? AttachmentDigest.of(bytes)),
                "size": .int(Int64(bytes.count)), "media_type": .string(type.rawValue), "file_name": "card.pdf",
            ], dot: dot)
        return WireRecord(id: id, kind: RecordKind.attachment.rawValue, state: state)
    }

    static let southID = RecordID(high: 0x019A_C453_8800_7000, low: 0x8000_0000_0000_0001)
    static let northID = RecordID(high: 0x019A_C453_8800_7000, low: 0x8000_0000_0000_0002)

    static func put(
        _ client: some TestClientProtocol, _ id: RecordID, offset: Int, _ bytes: some Collection<UInt8>, token: String
    ) async throws -> TestResponse {
        try await client.execute(
            uri: "/v1/attachments/\(id)/content?offset=\(offset)", method: .put,
            headers: [.authorization: "Bearer \(token)", .contentType: "application/octet-stream"],
            body: ByteBuffer(bytes: Array(bytes)))
    }

    static func get(_ client: some TestClientProtocol, _ id: RecordID, token: String, range: String? = nil)
        async throws -> TestResponse
    {
        var headers: HTTPFields = [.authorization: "Bearer \(token)"]
        if let range { headers[.range] = range }
        return try await client.execute(uri: "/v1/attachments/\(id)/content", method: .get, headers: headers)
    }

    @Test(arguments: StorageBackend.all)
    func aResumedUploadIsServedOnlyWholeAndOnlyInScope(_ backend: StorageBackend) async throws {
        try await TestServer.with(backend) { server in
            let south = try await server.token("chen jie", role: .technician, region: .south).secret
            let north = try await server.token("li wei", role: .technician, region: .north).secret
            let hq = try await server.token("headquarters", role: .hq, region: nil).secret
            try await server.test { client in
                let id = Self.southID
                // Before its record is pushed, no bytes are taken.
                let early = try await Self.put(client, id, offset: 0, Self.scan.prefix(100), token: south)
                #expect(early.status == .notFound && early.error?.code == "unknown_attachment")
                _ = try await client.pushed(
                    [Self.attachment(id, region: .south, dot: Self.technician.dot(1))], token: south,
                    replica: Self.technician)
                // Another region's token may not upload, ask or read: the same answer as no record.
                for response in [
                    try await Self.put(client, id, offset: 0, Self.scan.prefix(100), token: north),
                    try await Self.get(client, id, token: north),
                ] {
                    #expect(response.status == .notFound && response.error?.code == "unknown_attachment")
                }
                // Piece one, then a piece at the wrong offset (refused, telling where to go on).
                let first = try await Self.put(client, id, offset: 0, Self.scan.prefix(2000), token: south)
                #expect(first.status == .ok)
                #expect(try first.json(UploadStatus.self).received == 2000)
                let wrong = try await Self.put(client, id, offset: 100, Self.scan[100..<300], token: south)
                #expect(wrong.status == .conflict && wrong.error?.code == "wrong_offset")
                // Partial bytes are never served.
                let partial = try await Self.get(client, id, token: south)
                #expect(partial.status == .notFound && partial.error?.code == "bytes_not_uploaded")
                // A dropped link: the agent asks where the upload stands and goes on from there.
                let standing = try await client.execute(
                    uri: "/v1/attachments/\(id)/upload", method: .get, headers: [.authorization: "Bearer \(south)"])
                #expect(try standing.json(UploadStatus.self).received == 2000)
                let rest = try await Self.put(client, id, offset: 2000, Self.scan[2000...], token: south)
                #expect(rest.status == .ok)
                #expect(try rest.json(UploadStatus.self).complete)
                // Whole, for the south and for headquarters; a range; never for the north.
                for token in [south, hq] {
                    let whole = try await Self.get(client, id, token: token)
                    #expect(whole.status == .ok && Array(whole.body.readableBytesView) == Self.scan)
                    #expect(whole.headers[.contentType] == "application/pdf")
                }
                let range = try await Self.get(client, id, token: hq, range: "bytes=10-19")
                #expect(
                    range.status == .partialContent && Array(range.body.readableBytesView) == Array(Self.scan[10...19]))
                #expect(range.headers[.contentRange] == "bytes 10-19/\(Self.scan.count)")
                let outside = try await Self.get(client, id, token: hq, range: "bytes=\(Self.scan.count)-")
                #expect(outside.status == .rangeNotSatisfiable)
                #expect((try await Self.get(client, id, token: north)).status == .notFound)
            }
        }
    }

    @Test(arguments: StorageBackend.all)
    func aDigestAloneOpensNothingInAnotherRegion(_ backend: StorageBackend) async throws {
        try await TestServer.with(backend) { server in
            let south = try await server.token("chen jie", role: .technician, region: .south).secret
            let north = try await server.token("li wei", role: .technician, region: .north).secret
            let northReplica = TestReplicas.second
            try await server.test { client in
                _ = try await client.pushed(
                    [Self.attachment(Self.southID, region: .south, dot: Self.technician.dot(1))], token: south,
                    replica: Self.technician)
                _ = try await Self.put(client, Self.southID, offset: 0, Self.scan, token: south)
                // The north names the same digest in a record of its own: the bytes the south sent
                // stay closed to it; only bytes a token of the north sent whole are the north's.
                _ = try await client.pushed(
                    [Self.attachment(Self.northID, region: .north, dot: northReplica.dot(1))], token: north,
                    replica: northReplica)
                let asked = try await client.execute(
                    uri: "/v1/attachments/\(Self.northID)/upload", method: .get,
                    headers: [.authorization: "Bearer \(north)"])
                #expect(try asked.json(UploadStatus.self).received == 0)
                #expect(!(try asked.json(UploadStatus.self).complete))
                let guessed = try await Self.get(client, Self.northID, token: north)
                #expect(guessed.status == .notFound && guessed.error?.code == "bytes_not_uploaded")
                #expect(!guessed.text.contains("%PDF"))
                // Holding the bytes proves it: sent whole, they are the north's too.
                let sent = try await Self.put(client, Self.northID, offset: 0, Self.scan, token: north)
                #expect(try sent.json(UploadStatus.self).complete)
                let read = try await Self.get(client, Self.northID, token: north)
                #expect(read.status == .ok && Array(read.body.readableBytesView) == Self.scan)
                // The south's record stays closed to the north.
                #expect((try await Self.get(client, Self.southID, token: north)).status == .notFound)
            }
        }
    }

    @Test(arguments: StorageBackend.all)
    func wrongBytesAreDiscardedAndDisguisedProgramsRefused(_ backend: StorageBackend) async throws {
        var configuration = ServerConfiguration()
        configuration.maxAttachmentBytes = 4096
        try await TestServer.with(backend, configuration: configuration) { server in
            let south = try await server.token("chen jie", role: .technician, region: .south).secret
            let small = Array(Self.scan.prefix(1000))
            let liar = RecordID(high: 0x019A_C453_8800_7000, low: 0x8000_0000_0000_0010)
            let program = RecordID(high: 0x019A_C453_8800_7000, low: 0x8000_0000_0000_0011)
            let big = RecordID(high: 0x019A_C453_8800_7000, low: 0x8000_0000_0000_0012)
            let elf: [UInt8] = [0x7F, 0x45, 0x4C, 0x46] + Array(repeating: 0, count: 996)
            try await server.test { client in
                _ = try await client.pushed(
                    [
                        // A record whose digest is not of the bytes that will be sent.
                        Self.attachment(
                            liar, region: .south, bytes: small, digest: AttachmentDigest.of([1, 2, 3]),
                            dot: Self.technician.dot(1)),
                        // A program named as a PDF.
                        Self.attachment(program, region: .south, bytes: elf, dot: Self.technician.dot(2)),
                        Self.attachment(big, region: .south, bytes: Self.scan, dot: Self.technician.dot(3)),
                    ], token: south, replica: Self.technician)
                let mismatch = try await Self.put(client, liar, offset: 0, small, token: south)
                #expect(mismatch.status == .badRequest && mismatch.error?.code == "digest_mismatch")
                let after = try await client.execute(
                    uri: "/v1/attachments/\(liar)/upload", method: .get, headers: [.authorization: "Bearer \(south)"])
                #expect(try after.json(UploadStatus.self).received == 0)  // discarded whole
                let disguised = try await Self.put(client, program, offset: 0, elf, token: south)
                #expect(disguised.status == .unsupportedMediaType && disguised.error?.code == "unsupported_attachment")
                let oversized = try await Self.put(client, big, offset: 0, Self.scan.prefix(100), token: south)
                #expect(oversized.status == .contentTooLarge && oversized.error?.code == "attachment_too_large")
                let overrun = try await Self.put(client, liar, offset: 0, small + [0], token: south)
                #expect(overrun.status == .badRequest && overrun.error?.code == "upload_overrun")
            }
        }
    }

    @Test(arguments: StorageBackend.all)
    func bytesNoRecordNamesAreCollectedAndNamedOnesKept(_ backend: StorageBackend) async throws {
        try await TestServer.with(backend) { server in
            let south = try await server.token("chen jie", role: .technician, region: .south).secret
            let bytes = try #require(server.store as? any AttachmentByteStore)
            try await server.test { client in
                _ = try await client.pushed(
                    [Self.attachment(Self.southID, region: .south, dot: Self.technician.dot(1))], token: south,
                    replica: Self.technician)
                _ = try await Self.put(client, Self.southID, offset: 0, Self.scan, token: south)
            }
            // Bytes of a digest no record names (a purged attachment's): collected.
            let orphan = Array("%PDF-orphan".utf8)
            let orphanDigest = AttachmentDigest.of(orphan)
            _ = try await bytes.append(
                digest: orphanDigest, region: .south, size: Int64(orphan.count), offset: 0, bytes: Data(orphan),
                now: TestServer.now)
            #expect(try await bytes.uploadState(digest: orphanDigest, region: .south).complete)
            #expect(try await bytes.collectUnnamedBytes() == 1)
            #expect(try await bytes.uploadState(digest: orphanDigest, region: .south).received == 0)
            // The named ones stay, and a record deleted but not purged still names its bytes.
            #expect(try await bytes.uploadState(digest: AttachmentDigest.of(Self.scan), region: .south).complete)
            var deleted = Self.attachment(Self.southID, region: .south, dot: Self.technician.dot(1)).state
            deleted.delete(dot: Self.technician.dot(2))
            let tombstone = deleted
            try await server.test { client in
                _ = try await client.pushed(
                    [WireRecord(id: Self.southID, kind: RecordKind.attachment.rawValue, state: tombstone)],
                    token: south,
                    replica: Self.technician)
            }
            #expect(try await bytes.collectUnnamedBytes() == 0)
            #expect(try await bytes.uploadState(digest: AttachmentDigest.of(Self.scan), region: .south).complete)
        }
    }

    /// The race of couchbase-lite-core#422: a collection concurrent with pushes naming the bytes
    /// again. Whatever the interleaving, a digest a stored record names is never left without
    /// its bytes unless the server says so (and the replica then sends them again).
    @Test(arguments: StorageBackend.all)
    func collectionRacingAPushNamingTheBytesAgainLosesNothingNamed(_ backend: StorageBackend) async throws {
        try await TestServer.with(backend) { server in
            let south = try await server.token("chen jie", role: .technician, region: .south).secret
            let bytes = try #require(server.store as? any AttachmentByteStore)
            for round in 0..<8 {
                let scan = Self.scan + [UInt8(round)]
                let digest = AttachmentDigest.of(scan)
                // Orphaned bytes (their record was purged)…
                _ = try await bytes.append(
                    digest: digest, region: .south, size: Int64(scan.count), offset: 0, bytes: Data(scan),
                    now: TestServer.now)
                let id = RecordID(high: 0x019A_C453_8800_7000, low: 0x9000_0000_0000_0000 + UInt64(round))
                // …collected while a push names them again.
                async let collected = bytes.collectUnnamedBytes()
                async let pushed = server.test { client in
                    try await client.pushed(
                        [Self.attachment(id, region: .south, bytes: scan, dot: Self.technician.dot(UInt64(round) + 1))],
                        token: south, replica: Self.technician)
                }
                _ = try await (collected, pushed)
                let state = try await bytes.uploadState(digest: digest, region: .south)
                if !state.complete {
                    // Collected before the push committed: the server says so, and the replica's
                    // upload (which asks first) sends them again; nothing is served half.
                    #expect(state.received == 0)
                    try await server.test { client in
                        let asked = try await client.execute(
                            uri: "/v1/attachments/\(id)/upload", method: .get,
                            headers: [.authorization: "Bearer \(south)"])
                        #expect(try asked.json(UploadStatus.self).received == 0)
                        let sent = try await Self.put(client, id, offset: 0, scan, token: south)
                        #expect(try sent.json(UploadStatus.self).complete)
                    }
                }
                // Now named: a collection keeps them.
                #expect(try await bytes.collectUnnamedBytes() == 0)
                #expect(try await bytes.uploadState(digest: digest, region: .south).complete)
            }
        }
    }
}
