import FieldSyncShared
import Testing

@Suite("Attachments: media type by content, digest, record, decisions")
struct AttachmentTests {
    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10] + Array("JFIF".utf8)
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D]
    static let heic: [UInt8] = [0, 0, 0, 0x18] + Array("ftypheic".utf8) + [0, 0, 0, 0]
    static let pdf: [UInt8] = Array("%PDF-1.7\n".utf8)

    @Test func sniffsTheFourTypesByTheirBytes() {
        #expect(AttachmentMediaType.sniff(Self.jpeg) == .jpeg)
        #expect(AttachmentMediaType.sniff(Self.png) == .png)
        #expect(AttachmentMediaType.sniff(Self.heic) == .heic)
        #expect(AttachmentMediaType.sniff([0, 0, 0, 0x18] + Array("ftypmif1".utf8)) == .heic)
        #expect(AttachmentMediaType.sniff(Self.pdf) == .pdf)
    }

    @Test func refusesAnythingElseWhateverItsName() {
        let elf: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0]
        #expect(AttachmentMediaType.sniff(elf) == nil)
        #expect(AttachmentMediaType.sniff(Array("#!/bin/sh\nrm -rf /".utf8)) == nil)
        #expect(AttachmentMediaType.sniff([0, 0, 0, 0x18] + Array("ftypmp42".utf8)) == nil)  // a video
        #expect(AttachmentMediaType.sniff([0xFF, 0xD8]) == nil)  // too short to be a JPEG
        #expect(AttachmentMediaType.sniff([]) == nil)
        #expect(throws: AttachmentError.unsupportedType(name: "photo.jpg")) {
            try AttachmentMediaType.require(elf, name: "photo.jpg")
        }
        let message = AttachmentError.unsupportedType(name: "photo.jpg").message
        #expect(message.english.contains("photo.jpg") && message.english.contains("content"))
        #expect(message.chinese.contains("照片"))
    }

    @Test func digestIsSHA256InLowercaseHex() {
        #expect(
            AttachmentDigest.of(Array("abc".utf8))
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            AttachmentDigest.of([UInt8]())
                == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        var hasher = AttachmentDigest.Hasher()
        hasher.update(Array("a".utf8))
        hasher.update(Array("bc".utf8))
        #expect(hasher.finish() == AttachmentDigest.of(Array("abc".utf8)))
        #expect(AttachmentDigest.isValid(AttachmentDigest.of(Self.pdf)))
        #expect(!AttachmentDigest.isValid("../../etc/passwd"))
        #expect(!AttachmentDigest.isValid(String(repeating: "A", count: 64)))
    }

    static func values(_ changes: [String: JSONValue] = [:]) -> [String: JSONValue] {
        var values: [String: JSONValue] = [
            "parent_kind": "opinion_card", "parent": "019ac453-8800-7000-8000-000000000001", "region": "north",
            "digest": .string(AttachmentDigest.of(pdf)), "size": .int(Int64(pdf.count)),
            "media_type": "application/pdf", "file_name": "card-scan.pdf", "attached_by": "Wang",
        ]
        for (key, value) in changes { values[key] = value }
        return values
    }

    @Test func attachmentRecordValidatesAndReads() throws {
        #expect(RecordValidator.problems(kind: .attachment, values: Self.values()).isEmpty)
        let id = try #require(RecordID("019ac453-8800-7000-8000-0000000000aa"))
        let record = try #require(AttachmentRecord(id: id, values: Self.values()))
        #expect(record.parentKind == .opinionCard && record.region == .north && record.mediaType == .pdf)
        #expect(record.size == Int64(Self.pdf.count))
        for bad: [String: JSONValue] in [
            ["digest": "abc"], ["parent_kind": "part_supply"], ["media_type": "application/x-msdownload"],
            ["file_name": "../../.ssh/authorized_keys"], ["size": .int(0)], ["parent": "not-an-id"],
        ] {
            #expect(!RecordValidator.problems(kind: .attachment, values: Self.values(bad)).isEmpty, "\(bad)")
        }
        #expect(RecordKind(parsing: "attachment") == .attachment)
    }

    @Test func fileNamesLoseTheirPaths() {
        #expect(AttachmentRecord.safeFileName("/home/wang/photos/hinge.jpg") == "hinge.jpg")
        #expect(AttachmentRecord.safeFileName("..\\..\\windows\\evil.pdf") == "evil.pdf")
        #expect(AttachmentRecord.safeFileName("../..") == "")
        #expect(AttachmentRecord.safeFileName(".hidden\u{1}.png") == "hidden.png")
    }

    @Test func modeDefaultsPerRoleAndChoosesWhatToDownload() throws {
        #expect(AttachmentMode.defaultFor(region: .north, technician: "Wang") == .own)
        #expect(AttachmentMode.defaultFor(region: .north, technician: nil) == .region)
        #expect(AttachmentMode.defaultFor(region: nil, technician: nil) == .region)
        let id = try #require(RecordID("019ac453-8800-7000-8000-0000000000aa"))
        let mine = try #require(AttachmentRecord(id: id, values: Self.values()))
        let theirs = try #require(AttachmentRecord(id: id, values: Self.values(["attached_by": "Li"])))
        #expect(AttachmentMode.own.wants(mine, technician: "Wang", visitTechnician: nil))
        #expect(!AttachmentMode.own.wants(theirs, technician: "Wang", visitTechnician: nil))
        #expect(AttachmentMode.own.wants(theirs, technician: "Wang", visitTechnician: "Wang"))
        #expect(!AttachmentMode.own.wants(mine, technician: nil, visitTechnician: nil))
        #expect(AttachmentMode.region.wants(theirs, technician: "Wang", visitTechnician: nil))
        #expect(!AttachmentMode.none.wants(mine, technician: "Wang", visitTechnician: nil))
    }

    @Test func uploadDecisions() {
        let limit: Int64 = 100
        #expect(
            UploadDecision.decide(complete: true, received: 0, offset: 0, length: 5, size: 10, limit: limit)
                == .complete)
        #expect(
            UploadDecision.decide(complete: false, received: 0, offset: 0, length: 5, size: 10, limit: limit)
                == .append(finishes: false))
        #expect(
            UploadDecision.decide(complete: false, received: 5, offset: 5, length: 5, size: 10, limit: limit)
                == .append(finishes: true))
        #expect(
            UploadDecision.decide(complete: false, received: 5, offset: 0, length: 5, size: 10, limit: limit)
                == .wrongOffset(received: 5))
        #expect(
            UploadDecision.decide(complete: false, received: 5, offset: 5, length: 6, size: 10, limit: limit)
                == .overrun)
        #expect(
            UploadDecision.decide(complete: false, received: 0, offset: 0, length: 5, size: 101, limit: limit)
                == .tooLarge(limit: limit))
        // A declared length near 2^63 is an overrun, not an overflow.
        #expect(
            UploadDecision.decide(complete: false, received: 5, offset: 5, length: .max, size: 10, limit: limit)
                == .overrun)
    }

    @Test func rangesAreParsedAndClamped() {
        #expect(ByteRange.parse("bytes=0-9", size: 100) == ByteRange(start: 0, end: 9))
        #expect(ByteRange.parse("bytes=90-", size: 100) == ByteRange(start: 90, end: 99))
        #expect(ByteRange.parse("bytes=-10", size: 100) == ByteRange(start: 90, end: 99))
        #expect(ByteRange.parse("bytes=50-500", size: 100) == ByteRange(start: 50, end: 99))
        #expect(ByteRange.parse("bytes=100-", size: 100) == nil)
        #expect(ByteRange.parse("bytes=9-1", size: 100) == nil)
        #expect(ByteRange.parse("items=0-1", size: 100) == nil)
    }

    @Test func budgetEvictsOldestFirstOnlyWhatTheServerHolds() {
        let held = [
            AttachmentBudget.Held(digest: "a", size: 40, storedAt: "2026-12-01", onServer: true),
            AttachmentBudget.Held(digest: "b", size: 40, storedAt: "2026-11-01", onServer: false),
            AttachmentBudget.Held(digest: "c", size: 40, storedAt: "2026-12-02", onServer: true),
        ]
        #expect(AttachmentBudget.evictions(held, budget: 120).isEmpty)
        #expect(AttachmentBudget.evictions(held, budget: 80) == ["a"])
        #expect(AttachmentBudget.evictions(held, budget: 0) == ["a", "c"])  // b is not uploaded yet
    }
}

@Suite("Sizes as people write them")
struct ByteSizeTests {
    @Test func parsesUnits() {
        let megabytes: Int64 = 25 * 1024 * 1024
        let kilobytes: Int64 = 500 * 1024
        #expect(ByteSize.parse("25MB") == megabytes)
        #expect(ByteSize.parse("500k") == kilobytes)
        #expect(ByteSize.parse("1048576") == 1_048_576)
        #expect(ByteSize.parse("2 G") == 2 << 30)
        #expect(ByteSize.parse("lots") == nil)
        #expect(ByteSize.parse("-5MB") == nil)
    }
}
