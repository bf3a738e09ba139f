import FieldSyncShared
import Foundation
import Testing

/// CSV that HQ's spreadsheet opens: UTF-8 with its byte-order mark unless asked not to.
@Suite struct CSVByteOrderMarkTests {
    @Test func aDocumentStartsWithTheMarkAndReadsBackWithChineseIntact() throws {
        let text = CSVWriter.line(["客户", "地址"]) + "\n" + CSVWriter.line(["北京八宝山公墓", "石景山区, 北京"])
        let document = CSVWriter.document(text, byteOrderMark: true)
        #expect(Array(document.utf8.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bom-\(UUID()).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(document.utf8).write(to: file)
        let bytes = try Data(contentsOf: file)
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(CSVWriter.strippingByteOrderMark(String(decoding: bytes, as: UTF8.self)) == text)

        let plain = CSVWriter.document(text, byteOrderMark: false)
        #expect(plain == text && plain.utf8.first != 0xEF)
        #expect(CSVWriter.strippingByteOrderMark(plain) == text)
    }

    @Test func aCSVReportHasTheMarkAndTheOtherFormatsDoNot() throws {
        let csv = ReportRequest(period: "2026-11", region: "all", format: .csv, inspection: false)
        let at = try ServiceTime(parsing: "2026-11-30T12:00+08:00")
        #expect(try csv.render(records: [], defaultScope: .all, now: at, language: .chinese).first == "\u{FEFF}")
        var noMark = csv
        noMark.byteOrderMark = false
        let plain = try noMark.render(records: [], defaultScope: .all, now: at, language: .chinese)
        #expect(plain.first != "\u{FEFF}")
        #expect(try csv.render(records: [], defaultScope: .all, now: at, language: .chinese) == "\u{FEFF}" + plain)
        let table = ReportRequest(period: "2026-11", region: "all", format: .table, inspection: false)
        #expect(try table.render(records: [], defaultScope: .all, now: at, language: .chinese).first != "\u{FEFF}")
    }
}
