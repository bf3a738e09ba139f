import FieldSyncServer
import FieldSyncShared
import FieldSyncTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore

/// The attachments the hostile cases aim at, pushed by two technicians of their own (so that the
/// south and north replicas' dots stay as the other cases expect), with some of their bytes.
struct HostileAttachments: Sendable {
    /// Above the largest attachment the hostile cases' server takes (`maxAttachmentBytes`).
    static let limit: Int64 = 64 * 1024

    /// A south photographer's token and replica, which pushed every south attachment.
    let south: String
    let southReplica: ReplicaID
    let north: String
    /// A JPEG whose record names the digest of other bytes.
    let liar: RecordID
    let liarBytes: [UInt8]
    /// A JPEG of 4,000 bytes of which only the first 1,000 arrived.
    let partial: RecordID
    /// A JPEG over the server's `--max-attachment`, none of it sent.
    let big: RecordID
    /// A program and a shell script, each named `photo.jpg` and recorded as a JPEG.
    let program: RecordID
    let programBytes: [UInt8]
    let script: RecordID
    let scriptBytes: [UInt8]
    /// A south record naming the digest of bytes only the north sent, and the north's record.
    let borrowed: RecordID
    let northPhoto: RecordID
    /// Records naming the digest of a photo held whole (`whole`'s) with another size: far more
    /// bytes than there are (near 2^63), and fewer.
    let inflated: RecordID
    let shrunk: RecordID
    /// Every (digest, region) whose upload a case could touch: none may move.
    let uploads: [(digest: String, region: Region)]

    var secrets: [String] { [south, north] }

    /// A JPEG: the magic bytes, then `count - 4` bytes from `seed`.
    static func jpeg(_ count: Int, seed: UInt8) -> [UInt8] {
        [0xFF, 0xD8, 0xFF, 0xE0] + (0..<(count - 4)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ Int(seed)) }
    }

    /// An attachment record of a south (or `region`) opinion card, written by `dot`.
    static func record(
        _ id: RecordID, region: Region = .south, digest: String, size: Int, fileName: String = "photo.jpg",
        type: AttachmentMediaType = .jpeg, dot: Dot
    ) -> WireRecord {
        var state = RecordState()
        state.write(
            [
                "parent_kind": "opinion_card", "parent": .string(RecordID(high: 1, low: 1).description),
                "region": .string(region.rawValue), "digest": .string(digest), "size": .int(Int64(size)),
                "media_type": .string(type.rawValue), "file_name": .string(fileName),
            ], dot: dot)
        return WireRecord(id: id, kind: RecordKind.attachment.rawValue, state: state)
    }

    static func id(_ low: UInt64) -> RecordID {
        RecordID(high: 0x019A_C453_8800_7000, low: 0x8000_0000_0000_0000 + low)
    }

    static func seed(_ server: TestServer) async throws -> HostileAttachments {
        let south = try await server.token("south photographer", region: .south).secret
        let north = try await server.token("north photographer", region: .north).secret
        let southReplica = ReplicaID(high: 0x61, low: 1)
        let northReplica = ReplicaID(high: 0x62, low: 1)
        let liarBytes = jpeg(3000, seed: 1)
        let partialBytes = jpeg(4000, seed: 2)
        let programBytes: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0] + Array(repeating: 0, count: 992)
        let scriptBytes = Array("#!/bin/sh\nrm -rf \"$HOME\"\n".utf8)
        let northBytes = jpeg(2000, seed: 3)
        let wholeBytes = jpeg(2500, seed: 6)
        let attachments = HostileAttachments(
            south: south, southReplica: southReplica, north: north, liar: id(0x101), liarBytes: liarBytes,
            partial: id(0x102), big: id(0x103), program: id(0x104), programBytes: programBytes, script: id(0x105),
            scriptBytes: scriptBytes, borrowed: id(0x106), northPhoto: id(0x107), inflated: id(0x108),
            shrunk: id(0x109),
            uploads: [
                (AttachmentDigest.of([1, 2, 3]), .south), (AttachmentDigest.of(liarBytes), .south),
                (AttachmentDigest.of(partialBytes), .south), (AttachmentDigest.of(programBytes), .south),
                (AttachmentDigest.of(scriptBytes), .south), (AttachmentDigest.of(northBytes), .south),
                (AttachmentDigest.of(northBytes), .north), (AttachmentDigest.of(wholeBytes), .south),
            ])
        let records = [
            record(
                attachments.liar, digest: AttachmentDigest.of([1, 2, 3]), size: liarBytes.count,
                dot: southReplica.dot(1)),
            record(
                attachments.partial, digest: AttachmentDigest.of(partialBytes), size: partialBytes.count,
                dot: southReplica.dot(2)),
            record(
                attachments.big, digest: AttachmentDigest.of(jpeg(Int(limit) + 1, seed: 4)), size: Int(limit) + 1,
                dot: southReplica.dot(3)),
            record(
                attachments.program, digest: AttachmentDigest.of(programBytes), size: programBytes.count,
                dot: southReplica.dot(4)),
            record(
                attachments.script, digest: AttachmentDigest.of(scriptBytes), size: scriptBytes.count,
                dot: southReplica.dot(5)),
            record(
                attachments.borrowed, digest: AttachmentDigest.of(northBytes), size: northBytes.count,
                dot: southReplica.dot(6)),
            record(
                id(0x10A), digest: AttachmentDigest.of(wholeBytes), size: wholeBytes.count, dot: southReplica.dot(7)),
            record(
                attachments.inflated, digest: AttachmentDigest.of(wholeBytes), size: 9_000_000_000_000_000_000,
                dot: southReplica.dot(8)),
            record(
                attachments.shrunk, digest: AttachmentDigest.of(wholeBytes), size: wholeBytes.count - 500,
                dot: southReplica.dot(9)),
        ]
        try await server.test { client in
            let pushed = try await client.pushed(records, token: south, replica: southReplica)
            precondition(pushed.allSatisfy { $0.outcome == .applied }, "the hostile attachments are stored: \(pushed)")
            let northRecord = record(
                attachments.northPhoto, region: .north, digest: AttachmentDigest.of(northBytes),
                size: northBytes.count, dot: northReplica.dot(1))
            let northPushed = try await client.pushed([northRecord], token: north, replica: northReplica)
            precondition(northPushed.allSatisfy { $0.outcome == .applied }, "the north photo is stored")
            let whole = try await client.execute(
                uri: "/v1/attachments/\(attachments.northPhoto)/content?offset=0", method: .put,
                headers: [.authorization: "Bearer \(north)", .contentType: "application/octet-stream"],
                body: ByteBuffer(bytes: northBytes))
            precondition(whole.status == .ok, "the north photo's bytes arrive: \(whole.text)")
            let southWhole = try await client.execute(
                uri: "/v1/attachments/\(id(0x10A))/content?offset=0", method: .put,
                headers: [.authorization: "Bearer \(south)", .contentType: "application/octet-stream"],
                body: ByteBuffer(bytes: wholeBytes))
            precondition(southWhole.status == .ok, "a south photo's bytes arrive: \(southWhole.text)")
            let first = try await client.execute(
                uri: "/v1/attachments/\(attachments.partial)/content?offset=0", method: .put,
                headers: [.authorization: "Bearer \(south)", .contentType: "application/octet-stream"],
                body: ByteBuffer(bytes: partialBytes.prefix(1000)))
            precondition(first.status == .ok, "the first 1,000 bytes of the partial photo arrive: \(first.text)")
        }
        return attachments
    }

    /// Where every upload a case could touch stands.
    func standing(_ server: TestServer) async throws -> [String] {
        guard let bytes = server.store as? any AttachmentByteStore else { return [] }
        var standing = [String]()
        for (digest, region) in uploads {
            let state = try await bytes.uploadState(digest: digest, region: region)
            standing.append("\(region.rawValue) \(digest.prefix(12)): \(state.received) \(state.complete)")
        }
        return standing
    }
}

extension HostileFixture {
    /// `PUT /v1/attachments/{id}/content?offset=…` of `bytes` under the south photographer's token.
    func putAttachment(_ id: String, offset: String = "0", _ bytes: [UInt8], token: String? = nil) -> HostileRequest {
        HostileRequest(
            method: .put, uri: "/v1/attachments/\(id)/content?offset=\(offset)",
            headers: [
                .authorization: "Bearer \(token ?? attachments.south)", .contentType: "application/octet-stream",
            ], body: ByteBuffer(bytes: bytes))
    }

    /// `GET /v1/attachments/{id}/content` under the south photographer's token.
    func getAttachment(_ id: String, range: String? = nil) -> HostileRequest {
        var headers: HTTPFields = [.authorization: "Bearer \(attachments.south)"]
        if let range { headers[.range] = range }
        return HostileRequest(method: .get, uri: "/v1/attachments/\(id)/content", headers: headers, body: nil)
    }

    /// A push by the south photographer of a new attachment record named `fileName`, which the
    /// server stores as sent: a name is data, never a path on the server (the agent saves under
    /// `AttachmentRecord.safeFileName` of it).
    func pushAttachment(fileName: String) throws -> HostileRequest {
        let bytes = HostileAttachments.jpeg(500, seed: 9)
        let record = HostileAttachments.record(
            HostileAttachments.id(0x1FF), digest: AttachmentDigest.of(bytes), size: bytes.count, fileName: fileName,
            dot: attachments.southReplica.dot(10))
        let body = try JSONText.data(PushRequest(replica: attachments.southReplica, records: [record]))
        return HostileRequest(
            method: .post, uri: "/v1/push",
            headers: headers(token: attachments.south, replica: attachments.southReplica.description),
            body: ByteBuffer(bytes: body), stores: [record])
    }
}
