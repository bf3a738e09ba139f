import FieldSyncShared
import FieldSyncTestSupport
import Foundation
import Testing

extension ReportFixture {
    /// A photo or scan of `parent`, attached by `by` at `at`.
    @discardableResult
    mutating func attachment(
        of parent: RecordID, kind: RecordKind, region: Region = .north, name: String, type: AttachmentMediaType = .pdf,
        size: Int64 = 2048, caption: String? = nil, by: String? = "chen jie", at: String? = nil
    ) -> RecordID {
        add(
            .attachment,
            [
                "parent_kind": .string(kind.rawValue), "parent": .string(parent.description),
                "region": .string(region.rawValue), "digest": .string(String(repeating: "ab", count: 32)),
                "size": .int(size), "media_type": .string(type.rawValue), "file_name": .string(name),
                "caption": caption.map(JSONValue.string), "attached_by": by.map(JSONValue.string),
                "attached_at": at.map(JSONValue.string),
            ])
    }
}

/// How reports and exports name a record's photos and scans: one summary, pure, no I/O.
@Suite struct AttachmentListingTests {
    @Test func summariesGroupByRecordInTheOrderAttachedAndSkipDeletedAndBroken() throws {
        var fixture = ReportFixture()
        let customer = fixture.customer()
        let card = fixture.card(customer: customer, rating: 1, filled: "2026-11-05T10:00+08:00")
        let later = fixture.attachment(
            of: card, kind: .opinionCard, name: "back.jpg", type: .jpeg, at: "2026-11-06T10:00:00+08:00")
        let earlier = fixture.attachment(
            of: card, kind: .opinionCard, name: "front.pdf", at: "2026-11-05T10:00:00+08:00")
        let gone = fixture.attachment(of: card, kind: .opinionCard, name: "wrong.pdf")
        fixture.add(kind: "attachment", ["parent": .string(card.description), "file_name": "half.pdf"])
        let south = fixture.attachment(of: customer, kind: .customer, region: .south, name: "south.pdf")
        var records = fixture.records
        let index = try #require(records.firstIndex { $0.id == gone })
        var state = records[index].state
        state.delete(dot: TestReplicas.second.dot(1))
        records[index] = WireRecord(id: gone, kind: records[index].kind, state: state)

        let all = AttachmentSummary.of(records)
        #expect(Set(all.map(\.id)) == [later, earlier, south], "deleted and incomplete attachments are not named")
        let grouped = AttachmentSummary.grouped(all)
        #expect(grouped[card]?.map(\.id) == [earlier, later])
        #expect(grouped[customer]?.map(\.fileName) == ["south.pdf"])
        let north = AttachmentSummary.grouped(all, scope: .region(.north))
        #expect(north[customer] == nil && north[card]?.count == 2, "another region's attachment never shows")
        // The report's records carry them too, restricted like every other record.
        let service = ServiceRecords(records)
        #expect(service.attachments[card]?.map(\.id) == [earlier, later])
        #expect(service.undecodable == 0)
        #expect(service.restricted(to: .region(.north)).attachments[customer] == nil)
        #expect(service.restricted(to: .region(.south)).attachments[customer]?.map(\.id) == [south])
    }

    @Test func aSummaryNamesFileTypeSizeAndDigestInTextCSVAndJSON() throws {
        var fixture = ReportFixture()
        let customer = fixture.customer()
        let card = fixture.card(customer: customer, rating: 1, filled: nil)
        let id = fixture.attachment(
            of: card, kind: .opinionCard, name: "card, \"scan\".pdf", size: 1536, caption: "torn corner",
            by: "chen jie", at: "2026-11-05T10:00:00+08:00")
        let summary = try #require(AttachmentSummary.of(fixture.records).first)
        let digest = String(repeating: "ab", count: 32)
        #expect(
            summary.text(in: .english)
                == "card, \"scan\".pdf (PDF scan, 1.5 KB, sha256 abab…abab, id \(id)) “torn corner”")
        #expect(summary.text(in: .chinese).hasPrefix("card, \"scan\".pdf (PDF 扫描件, 1.5 KB"))
        #expect(
            AttachmentSummary.cell([summary, summary])
                == "card, \"scan\".pdf|application/pdf|1536|\(digest)|\(id); card, \"scan\".pdf|application/pdf|1536|\(digest)|\(id)"
        )
        let json = JSONText.encode(summary.jsonValue)
        #expect(json == JSONText.encode(summary), "the JSON value and the Codable form agree")
        #expect(
            json.contains(#""file_name":"card, \"scan\".pdf""#) && json.contains(#""media_type":"application/pdf""#))
        #expect(json.contains(#""size":1536"#) && json.contains(digest))
        #expect(
            [0, 812, 1024, 1536, 5 << 20].map(AttachmentSummary.sizeText) == [
                "0 B", "812 B", "1.0 KB", "1.5 KB", "5.0 MB",
            ])
    }

    @Test func aNamelessAttachmentIsNamedByItsIdAndType() throws {
        var fixture = ReportFixture()
        let customer = fixture.customer()
        let card = fixture.card(customer: customer, rating: 1, filled: nil)
        let id = fixture.add(
            .attachment,
            [
                "parent_kind": "opinion_card", "parent": .string(card.description), "region": "north",
                "digest": .string(String(repeating: "cd", count: 32)), "size": 10, "media_type": "image/png",
            ])
        let summary = try #require(AttachmentSummary.of(fixture.records).first)
        #expect(summary.fileName == "\(id).png" && summary.isImage && summary.caption == nil)
    }

    @Test func theInspectionNamesTheAttachmentsOfWhatItListsInTextAndJSON() throws {
        var fixture = ReportFixture()
        let customer = fixture.customer()
        let card = fixture.card(customer: customer, rating: 1, filled: "2026-11-05T10:00+08:00")
        let complaint = fixture.complaint(customer: customer, received: "2026-11-07T09:00+08:00", resolved: false)
        let cardScan = fixture.attachment(of: card, kind: .opinionCard, name: "card-scan.pdf", caption: "signed")
        fixture.attachment(of: complaint, kind: .complaint, name: "door.jpg", type: .jpeg, by: "li wei")
        let quiet = fixture.card(customer: customer, rating: 5, filled: "2026-11-06T10:00+08:00")
        fixture.attachment(of: quiet, kind: .opinionCard, name: "happy.jpg", type: .jpeg)
        let report = try InspectionReport(
            records: fixture.records, month: try ReportPeriod(parsing: "2026-11"), scope: .region(.north),
            asOf: try ServiceTime(parsing: "2026-12-01T09:00+08:00"))

        let missed = try #require(report.section(.region(.north))?.miss(.customerSatisfaction)?.records.first)
        #expect(missed.id == card && missed.attachments?.map(\.id) == [cardScan])
        #expect(report.complaints.first?.attachments?.map(\.fileName) == ["door.jpg"])

        let text = report.text(language: .english)
        #expect(text.contains("Photos and scans:"))
        #expect(
            text.contains(
                "\(card)  card-scan.pdf (PDF scan, 2.0 KB, sha256 abab…abab, id \(cardScan)) “signed” attached by chen jie"
            ))
        #expect(text.contains("\(complaint)  door.jpg (JPEG photo"))
        #expect(!text.contains("happy.jpg"), "a satisfied card is not listed, nor its photo")
        #expect(report.text(language: .chinese).contains("照片和扫描件："))

        let json = report.json()
        #expect(json.contains(#""file_name":"card-scan.pdf""#) && json.contains(#""file_name":"door.jpg""#))
        #expect(!json.contains("happy.jpg"))
        let decoded = try JSONDecoder().decode(InspectionReport.self, from: Data(json.utf8))
        #expect(decoded == report)
    }

    @Test func theServiceReportNamesTheAttachmentsOfItsListedRecordsInEveryFormat() throws {
        var fixture = ReportFixture()
        let customer = fixture.customer()
        let card = fixture.card(customer: customer, rating: 1, filled: "2026-11-05T10:00+08:00")
        let scan = fixture.attachment(of: card, kind: .opinionCard, name: "card-scan.pdf")
        let south = fixture.customer(.south)
        let southCard = fixture.card(customer: south, region: .south, rating: 1, filled: "2026-11-05T10:00+08:00")
        fixture.attachment(of: southCard, kind: .opinionCard, region: .south, name: "south.pdf")
        let report = try fixture.report("2026-11", scope: .region(.north), asOf: "2026-12-01T09:00+08:00")

        #expect(report.attachments?.map(\.id) == [scan])
        let row = try #require(report.csv().split(separator: "\n").first { $0.contains(",customer_satisfaction,") })
        #expect(
            row.hasSuffix(",\(card),,card-scan.pdf|application/pdf|2048|\(String(repeating: "ab", count: 32))|\(scan)"))
        let table = report.table(language: .english)
        #expect(table.contains("card-scan.pdf (PDF scan") && !table.contains("south.pdf"))
        #expect(report.json().contains(#""attachments":[{"#) && !report.json().contains("south.pdf"))
        // None listed: no key, so the JSON of a report without photos is what it was.
        let none = try ReportFixture().report("2026-11")
        #expect(none.attachments == nil && !none.json().contains("attachments"))
    }
}
