import FieldSyncShared
import Foundation
import Testing

/// The report as a table, CSV, JSON and definitions.
@Suite struct ReportOutputTests {
    /// North: 1 of 2 repairs on time, one open complaint; South: nothing but a maintenance visit.
    func sampleReport() throws -> (ServiceReport, late: RecordID, open: RecordID) {
        var fixture = ReportFixture()
        let c = fixture.customer()
        _ = fixture.visit(customer: c, called: "2026-11-10T09:00+08:00", arrived: "2026-11-11T09:00+08:00")
        let late = fixture.visit(customer: c, called: "2026-11-10T09:00+08:00", arrived: "2026-11-11T09:01+08:00")
        let open = fixture.complaint(customer: c, received: "2026-11-20T09:00+08:00", resolved: false)
        let s = fixture.customer(.south)
        _ = fixture.visit("maintenance", customer: s, region: .south, arrived: "2026-11-21T09:00-05:00")
        return (try fixture.report("2026-11", asOf: "2026-12-02T09:00+08:00"), late, open)
    }

    @Test func tableShowsEveryFigureOfEverySection() throws {
        let (report, _, open) = try sampleReport()
        let table = report.table(language: .english)
        let lines = table.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "Service figures 2026-11 · Company · as of 2026-12-02 09:00")
        let onSite = try #require(lines.first { $0.hasPrefix("On site within 24 h") })
        #expect(
            onSite.split(separator: " ", omittingEmptySubsequences: true).suffix(4) == [
                "1/2", "50.0%", "100%", "missed",
            ])
        #expect(lines.contains { $0.hasPrefix("Complaint resolution") && $0.hasSuffix("no data") })
        #expect(lines.contains { $0.hasPrefix("North  score ") })
        #expect(lines.contains("South  score —") == false, "South has a customer served, so it is graded")
        #expect(lines.contains { $0.hasPrefix("Company  score ") })
        #expect(lines.contains("Open complaints: 1"))
        #expect(
            lines.contains { $0.contains(open.description) && $0.contains("North") && $0.contains("2026-11-20 09:00") })
        #expect(lines.contains("Open conflicts: 0"))
        #expect(!table.contains("nil") && !table.contains("Optional"))
        #expect(lines.filter { $0.hasPrefix("Score") }.count == 6)
    }

    @Test func chineseTableLinesUpByDisplayWidth() throws {
        let (report, _, _) = try sampleReport()
        let lines = report.table(language: .chinese).split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("售后服务指标 2026-11 · 全公司"))
        #expect(lines.contains { $0.hasPrefix("华北  得分 ") })
        #expect(lines.contains("未解决投诉：1"))
        // Within a block, the target column starts at the same display column on every row.
        let block = Array(lines.drop { !$0.hasPrefix("华北") }.dropFirst().prefix(11))
        #expect(block.first?.hasPrefix("指标") == true)
        let targets = ["目标"] + FigureKind.allCases.map(\.target.text)
        let starts = try zip(block, targets).map { line, target -> Int in
            let range = try #require(line.range(of: "  " + target, options: .backwards))
            return Self.displayWidth(String(line[..<range.lowerBound]))
        }
        #expect(starts.count == 11 && Set(starts).count == 1, "\(block)")
    }

    static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) {
            $0 + ((0x4E00...0x9FFF).contains($1.value) || (0xFF00...0xFF60).contains($1.value) ? 2 : 1)
        }
    }

    @Test func csvHasOneRowPerSectionAndFigure() throws {
        let (report, late, open) = try sampleReport()
        let lines = report.csv().split(separator: "\n").map(String.init)
        #expect(
            lines[0]
                == "period,scope,figure,name,manual_section,numerator,denominator,value,target,status,missed,pending,attachments"
        )
        #expect(lines.count == 1 + 6 * FigureKind.allCases.count)
        #expect(
            lines.contains(
                "2026-11,north,on_site_24h,On site within 24 h,\"1.0 §4.4, 8.0 §4.7\",1,2,0.5000,100%,missed,\(late),,")
        )
        #expect(
            lines.contains(
                "2026-11,north,complaint_resolution,Complaint resolution,6.0 §4.5,0,1,0.0000,≥ 97%,missed,\(open),,"))
        #expect(
            lines.contains("2026-11,south,complaint_resolution,Complaint resolution,6.0 §4.5,0,0,,≥ 97%,no_data,,,"))
        #expect(lines.contains("2026-11,all,major_complaints,Major complaints (year),1.0 §4.4,0,,0,0,met,,,"))
        #expect(lines.contains { $0.hasPrefix("2026-11,all,score,Score,10 §4.2,") })
        #expect(report.csv(language: .chinese).contains(",north,rework,返修率,"))
    }

    @Test func jsonReadsBackAndIsStable() throws {
        let (report, _, _) = try sampleReport()
        let json = report.json()
        #expect(json == report.json())
        let decoded = try JSONDecoder().decode(ServiceReport.self, from: Data(json.utf8))
        #expect(decoded == report)
        #expect(json.hasPrefix(#"{"as_of":"2026-12-02T09:00:00+08:00","open_complaints":["#))
        #expect(json.contains(#""id":"on_site_24h""#))
        #expect(json.contains(#""status":"no_data""#))
        #expect(json.contains(#""scope":"all""#) && json.contains(#""period":"2026-11""#))
        #expect(json.contains(#""target":{"comparison":"at_least","text":"100%","threshold":1}"#))
    }

    @Test func definitionsExplainEveryFigureInBothLanguages() {
        let english = ServiceReport.definitions(in: .english)
        let chinese = ServiceReport.definitions(in: .chinese)
        for kind in FigureKind.allCases {
            #expect(english.contains("(\(kind.rawValue))") && chinese.contains("(\(kind.rawValue))"))
            #expect(english.contains(kind.englishName) && chinese.contains(kind.chineseName))
        }
        #expect(english.contains("Rework (返修)") && english.contains("within 30 days"))
        #expect(english.contains("exactly 24 h is on time"))
        #expect(english.contains("基本满意 (fairly satisfied)"))
        #expect(chinese.contains("返修") && chinese.contains("恰好 24 小时算准时"))
        #expect(english.contains("local date"))
    }
}
