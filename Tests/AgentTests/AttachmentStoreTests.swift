import FieldSyncShared
import FieldSyncTestSupport
import Foundation
import GRDB
import Testing

@testable import FieldSyncAgent

@Suite("Replica store: attachments")
struct AttachmentStoreTests {
    let directory: TemporaryDirectory
    let store: ReplicaStore
    static let photo = Data([0xFF, 0xD8, 0xFF, 0xE0] + (0..<3000).map { UInt8(truncatingIfNeeded: $0 &* 7) })

    init() throws {
        directory = try TemporaryDirectory("agent-attachments")
        store = try ReplicaStore.create(
            at: directory.file("replica.sqlite"), serverURL: "http://localhost:1", region: .south, technician: "Chen",
            replicaID: ReplicaID(high: 7, low: 7))
    }

    func card() throws -> StoredRecord {
        let customer = try store.create(
            kind: .customer, values: ["name": "Guangzhou Yinhe Cemetery", "region": "south"])
        return try store.create(
            kind: .opinionCard,
            values: ["customer": .string(customer.id.description), "region": "south", "rating": "satisfied"])
    }

    func heldCount() throws -> Int {
        try store.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM attachment_bytes") ?? 0 }
    }

    @Test func attachingLeavesTheCardAsFilledAndStoresThePhotoOnce() throws {
        let card = try card()
        let first = try store.attach(
            parentKind: .opinionCard, parent: card.id, bytes: Self.photo, fileName: "/tmp/../photos/card.jpg",
            caption: "signed")
        let second = try store.attach(
            parentKind: .opinionCard, parent: card.id, bytes: Self.photo, fileName: "again.jpg", caption: nil)
        #expect(try store.record(kind: .opinionCard, id: card.id) == card)
        #expect(try heldCount() == 1)
        let record = try #require(AttachmentRecord(id: first.id, values: first.state.values))
        #expect(record.fileName == "card.jpg" && record.attachedBy == "Chen" && record.region == .south)
        #expect(record.mediaType == .jpeg && record.digest == AttachmentDigest.of(Self.photo))
        #expect(
            try store.attachments(parentKind: .opinionCard, parent: card.id).map(\.record.id) == [first.id, second.id])
        let backlog = try store.attachmentBacklog(mode: .own)
        #expect(backlog.up == 1 && backlog.upBytes == Int64(Self.photo.count))
    }

    @Test func refusesWhatIsNotAPhotoOrScanAndChangesNothing() throws {
        let card = try card()
        let counter = try store.info().counter
        #expect(throws: AgentError.self) {
            try store.attach(
                parentKind: .opinionCard, parent: card.id, bytes: Data("#!/bin/sh\n".utf8), fileName: "x.jpg",
                caption: nil)
        }
        #expect(throws: AgentError.self) {
            try store.attach(
                parentKind: .partSupply, parent: card.id, bytes: Self.photo, fileName: "x.jpg", caption: nil)
        }
        #expect(try store.info().counter == counter)
        #expect(try heldCount() == 0)
    }

    @Test func aDownloadIsKeptOnlyWholeAndMatchingItsDigest() throws {
        let digest = AttachmentDigest.of(Self.photo)
        let size = Int64(Self.photo.count)
        #expect(try store.appendDownload(digest: digest, size: size, offset: 0, piece: Self.photo.prefix(1000)) == 1000)
        // A piece at another offset (a stale retry) is ignored.
        #expect(try store.appendDownload(digest: digest, size: size, offset: 500, piece: Self.photo.prefix(10)) == 1000)
        #expect(try store.attachmentBytes(digest: digest) == nil)
        #expect(
            try store.appendDownload(digest: digest, size: size, offset: 1000, piece: Self.photo.dropFirst(1000)) == nil
        )
        #expect(try store.attachmentBytes(digest: digest) == Self.photo)
        // Bytes that do not match: discarded, nothing kept.
        let wrong = AttachmentDigest.of(Data([1, 2, 3]))
        #expect(throws: AgentError.self) {
            try store.appendDownload(digest: wrong, size: size, offset: 0, piece: Self.photo)
        }
        #expect(try store.attachmentBytes(digest: wrong) == nil)
        #expect(try store.downloaded(digest: wrong) == 0)
    }

    @Test func aMismatchAfterSeveralPiecesDropsTheDownloadSoTheNextStartsAfresh() throws {
        let size = Int64(Self.photo.count)
        let wrong = AttachmentDigest.of(Data([4, 5, 6]))
        #expect(try store.appendDownload(digest: wrong, size: size, offset: 0, piece: Self.photo.prefix(700)) == 700)
        #expect(try store.downloaded(digest: wrong) == 700)
        #expect(throws: AgentError.self) {
            try store.appendDownload(digest: wrong, size: size, offset: 700, piece: Self.photo.dropFirst(700))
        }
        // The bad pieces are gone (not rolled back with the error): the next try starts from byte 0.
        #expect(try store.downloaded(digest: wrong) == 0)
        #expect(try store.attachmentBytes(digest: wrong) == nil)
    }

    @Test func attachingHeldBytesAgainAsksTheServerAgain() throws {
        let card = try card()
        let digest = AttachmentDigest.of(Self.photo)
        _ = try store.attach(
            parentKind: .opinionCard, parent: card.id, bytes: Self.photo, fileName: "a.jpg", caption: nil)
        try store.markOnServer(digest: digest)
        #expect(try store.attachments().allSatisfy(\.onServer))
        // The server may have collected them since the first record was purged: the new record's
        // bytes go up again (the upload asks the server first, so nothing moves if it holds them).
        _ = try store.attach(
            parentKind: .opinionCard, parent: card.id, bytes: Self.photo, fileName: "b.jpg", caption: nil)
        #expect(try store.attachments().allSatisfy { $0.held && !$0.onServer })
    }

    @Test func theBudgetEvictsOnlyBytesTheServerHolds() throws {
        let card = try card()
        let other = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 1, count: 3000))
        _ = try store.attach(
            parentKind: .opinionCard, parent: card.id, bytes: Self.photo, fileName: "a.jpg", caption: nil)
        _ = try store.attach(parentKind: .opinionCard, parent: card.id, bytes: other, fileName: "b.png", caption: nil)
        #expect(try store.evictAttachments(budget: 0).isEmpty)  // nothing uploaded yet
        try store.markOnServer(digest: AttachmentDigest.of(other))
        #expect(try store.evictAttachments(budget: 0) == [AttachmentDigest.of(other)])
        #expect(try store.attachmentBytes(digest: AttachmentDigest.of(Self.photo)) == Self.photo)
        let backlog = try store.attachmentBacklog(mode: .region)
        #expect(backlog.up == 1 && backlog.down == 1 && backlog.downBytes == Int64(other.count))
    }

    /// The server keeps bytes per region: the same photo attached to a north and a south record
    /// goes up once for each region, and only bytes not yet known whole on the server go at all.
    @Test func uploadsGoOncePerRegionOfEachHeldDigest() throws {
        var next: UInt64 = 0
        func local(_ region: Region, _ digest: String, held: Bool = true, onServer: Bool = false) throws
            -> LocalAttachment
        {
            next += 2
            let values: [String: JSONValue] = [
                "parent_kind": .string("customer"),
                "parent": .string(RecordID(high: 0x019a_0000_0000_7000, low: next).description),
                "region": .string(region.rawValue), "digest": .string(digest), "size": .int(10),
                "media_type": .string("image/jpeg"),
            ]
            let record = try #require(
                AttachmentRecord(id: RecordID(high: 0x019a_0000_0000_7000, low: next + 1), values: values))
            return LocalAttachment(record: record, held: held, onServer: onServer)
        }
        let photo = String(repeating: "a", count: 64)
        let scan = String(repeating: "b", count: 64)
        let attachments = [
            try local(.north, photo), try local(.south, photo), try local(.north, photo), try local(.south, scan),
            try local(.north, String(repeating: "c", count: 64), held: false),
            try local(.north, String(repeating: "d", count: 64), onServer: true),
        ]
        let uploads = AttachmentSync.uploadsByDigest(attachments)
        #expect(uploads.map(\.digest) == [photo, scan])
        #expect(uploads.first?.records.map(\.region) == [.north, .south])
        #expect(uploads.last?.records.map(\.region) == [.south])
    }
}
