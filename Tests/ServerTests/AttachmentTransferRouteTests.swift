import FieldSyncShared
import FieldSyncTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PostgresTestSupport
import Testing

@testable import FieldSyncServer

/// The attachment transfer's bookkeeping on both stores: the metrics it moves, and bytes
/// collected once the tombstone of the last record naming them is purged.
@Suite struct AttachmentTransferRouteTests {
    typealias Routes = AttachmentRouteTests
    static let technician = Routes.technician

    /// The value of the Prometheus sample `name` (with its labels, as rendered); 0 when absent.
    static func sample(_ text: String, _ name: String) -> Double {
        for line in text.split(separator: "\n") where line.hasPrefix(name + " ") {
            return Double(line.dropFirst(name.count + 1).trimmingWhitespace()) ?? -1
        }
        return 0
    }

    @Test(arguments: StorageBackend.all)
    func bytesUpAndDownWholeTransfersAndEachRefusalMoveTheirMetrics(_ backend: StorageBackend) async throws {
        var configuration = ServerConfiguration()
        configuration.maxAttachmentBytes = 8192
        try await TestServer.with(backend, configuration: configuration) { server in
            let south = try await server.token("chen jie", role: .technician, region: .south).secret
            let scan = Routes.scan
            let liar = RecordID(high: 0x019A_C453_8800_7000, low: 0x8000_0000_0000_0020)
            let program = RecordID(high: 0x019A_C453_8800_7000, low: 0x8000_0000_0000_0021)
            let big = RecordID(high: 0x019A_C453_8800_7000, low: 0x8000_0000_0000_0022)
            let elf: [UInt8] = [0x7F, 0x45, 0x4C, 0x46] + Array(repeating: 0, count: 96)
            let huge = scan + Array(repeating: 1, count: 8192)
            let before = server.metrics.render()
            #expect(Self.sample(before, "fieldsync_attachment_bytes_received_total") == 0)
            try await server.test { client in
                _ = try await client.pushed(
                    [
                        Routes.attachment(Routes.southID, region: .south, dot: Self.technician.dot(1)),
                        Routes.attachment(
                            liar, region: .south, bytes: Array(scan.prefix(100)), digest: AttachmentDigest.of([1]),
                            dot: Self.technician.dot(2)),
                        Routes.attachment(program, region: .south, bytes: elf, dot: Self.technician.dot(3)),
                        Routes.attachment(big, region: .south, bytes: huge, dot: Self.technician.dot(4)),
                    ], token: south, replica: Self.technician)
                // Up in two pieces; down once whole, then a range that ends at the last byte.
                #expect(
                    try await Routes.put(client, Routes.southID, offset: 0, scan.prefix(3000), token: south).status
                        == .ok)
                #expect(
                    try await Routes.put(client, Routes.southID, offset: 3000, scan[3000...], token: south).status
                        == .ok)
                #expect(try await Routes.get(client, Routes.southID, token: south).status == .ok)
                let tail = try await Routes.get(client, Routes.southID, token: south, range: "bytes=-10")
                #expect(tail.status == .partialContent)
                // Refusals: each counted under its reason.
                #expect(
                    try await Routes.put(client, liar, offset: 0, scan.prefix(100), token: south).status == .badRequest)
                #expect(
                    try await Routes.put(client, program, offset: 0, elf, token: south).status == .unsupportedMediaType)
                #expect(
                    try await Routes.put(client, big, offset: 0, huge.prefix(10), token: south).status
                        == .contentTooLarge)
            }
            let after = server.metrics.render()
            #expect(Self.sample(after, "fieldsync_attachment_bytes_received_total") == Double(scan.count))
            #expect(Self.sample(after, "fieldsync_attachment_bytes_sent_total") == Double(scan.count + 10))
            #expect(Self.sample(after, "fieldsync_attachments_uploaded_total") == 1)
            #expect(Self.sample(after, "fieldsync_attachments_downloaded_total") == 2)
            for reason in ["digest_mismatch", "unsupported_type", "too_large"] {
                #expect(
                    Self.sample(after, "fieldsync_attachment_failures_total{reason=\"\(reason)\"}") == 1,
                    "\(reason): \(after)")
            }
        }
    }

    /// Deleted, its tombstone purged once every replica pulled past it: the bytes no record names
    /// any more are collected by the purge itself; bytes another live record names stay.
    @Test(arguments: StorageBackend.all)
    func purgingTheLastRecordThatNamesBytesCollectsThem(_ backend: StorageBackend) async throws {
        try await TestServer.with(backend) { server in
            let south = try await server.token("chen jie", role: .technician, region: .south).secret
            let bytes = try #require(server.store as? any AttachmentByteStore)
            let shared = Array(Routes.scan.prefix(4000))
            let only = RecordID(high: 0x019A_C453_8800_7000, low: 0x8000_0000_0000_0030)
            let first = RecordID(high: 0x019A_C453_8800_7000, low: 0x8000_0000_0000_0031)
            let second = RecordID(high: 0x019A_C453_8800_7000, low: 0x8000_0000_0000_0032)
            let onlyRecord = Routes.attachment(only, region: .south, dot: Self.technician.dot(1))
            let firstRecord = Routes.attachment(first, region: .south, bytes: shared, dot: Self.technician.dot(2))
            let secondRecord = Routes.attachment(second, region: .south, bytes: shared, dot: Self.technician.dot(3))
            try await server.test { client in
                _ = try await client.pullAll(token: south, replica: Self.technician)
                _ = try await client.pushed(
                    [onlyRecord, firstRecord, secondRecord], token: south, replica: Self.technician)
                #expect(try await Routes.put(client, only, offset: 0, Routes.scan, token: south).status == .ok)
                #expect(try await Routes.put(client, first, offset: 0, shared, token: south).status == .ok)
                // Delete the attachment that alone names the scan, and one of the two naming `shared`.
                var deleted = [WireRecord]()
                for (record, counter) in [(onlyRecord, UInt64(4)), (firstRecord, 5)] {
                    var state = record.state
                    state.delete(dot: Self.technician.dot(counter))
                    deleted.append(WireRecord(id: record.id, kind: record.kind, state: state))
                }
                _ = try await client.pushed(deleted, token: south, replica: Self.technician)
                // Not purged yet (the replica has not pulled past the deletes): both kept.
                #expect(try await bytes.uploadState(digest: AttachmentDigest.of(Routes.scan), region: .south).complete)
                let pulled = try await client.pullAll(after: 0, token: south, replica: Self.technician)
                // Pulling past them acknowledges them: the tombstones are purged and the scan's bytes go.
                _ = try await client.pull(after: pulled.cursor, token: south, replica: Self.technician)
            }
            #expect(try await server.store.allRecords(scope: .south).map(\.id) == [second])
            #expect(try await bytes.uploadState(digest: AttachmentDigest.of(Routes.scan), region: .south).received == 0)
            #expect(try await bytes.uploadState(digest: AttachmentDigest.of(shared), region: .south).complete)
            #expect(try await bytes.collectUnnamedBytes() == 0)
        }
    }

    /// The one rule: bytes are named per region, by any standing digest value, a tombstone's
    /// previous value included.
    @Test func unnamedBytesAreThoseNoRecordOfTheirRegionNames() {
        var live = RecordState()
        live.write(["digest": "aa"], dot: Self.technician.dot(1))
        var tombstone = RecordState()
        tombstone.write(["digest": "bb"], dot: Self.technician.dot(2))
        tombstone.delete(dot: Self.technician.dot(3))
        let held = [
            HeldBytes(digest: "aa", region: "south"), HeldBytes(digest: "aa", region: "north"),
            HeldBytes(digest: "bb", region: "south"), HeldBytes(digest: "cc", region: "south"),
        ]
        let unnamed = AttachmentNames.unnamed(held, records: [("south", live), ("south", tombstone)])
        #expect(unnamed == [HeldBytes(digest: "aa", region: "north"), HeldBytes(digest: "cc", region: "south")])
        #expect(AttachmentNames.unnamed(held, records: []) == held)
    }
}
