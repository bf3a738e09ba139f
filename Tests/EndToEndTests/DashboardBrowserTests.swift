import FieldSyncTestSupport
import Foundation
import Testing

/// Chromium from Debian, for the browser tests.
enum Chromium {
    static var path: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Whether the browser tests run: with Chromium, and always in CI (`CI` set), which installs it,
    /// so that there a missing browser fails them rather than hiding a broken install step.
    static var testsRun: Bool { path != nil || ProcessInfo.processInfo.environment["CI"] != nil }
}

/// The dashboard in a real headless Chromium, against a running server with known records.
/// Without Chromium (and outside CI) the suite shows as skipped.
@Suite(
    "dashboard in a browser", .serialized,
    .enabled(if: Chromium.testsRun, "Chromium is not installed (scripts/setup.sh chromium)"))
struct DashboardBrowserTests {
    /// The page after its scripts ran, as Chromium sees it, signed in through a one-time link.
    static func dom(server: ServerProcess, token: String, page: String) throws -> String {
        let chromium = try #require(Chromium.path, "chromium is missing in CI: scripts/setup.sh chromium installs it")
        let next = page.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? page
        let url = "\(server.url)/login?token=\(token)&next=\(next)"
        let process = ChildProcess()
        process.executableURL = URL(fileURLWithPath: chromium)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", url]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// The text of the element carrying `attribute="value"`.
    static func text(in dom: String, _ attribute: String) -> String? {
        guard let start = dom.range(of: attribute) else { return nil }
        let rest = dom[start.upperBound...]
        guard let open = rest.firstIndex(of: ">"), let close = rest[open...].firstIndex(of: "<") else { return nil }
        return String(rest[rest.index(after: open)..<close])
    }

    @Test func figuresShownAreTheFiguresOfTheRecords() throws {
        let directory = try TemporaryDirectory("dashboard")
        defer { directory.remove() }
        let server = try ServerProcess(database: directory.file("server.sqlite"))
        let north = try FieldAgent(
            "north", in: directory, server: server,
            token: try server.token(role: "technician", region: "north", name: "n"),
            region: "north")
        // Four repair calls in November 2026: three on site within 24 h (one exactly at 24 h), one late.
        var items: [[String: Any]] = [["record_kind": "customer", "name": "八宝山", "region": "north"]]
        let calls = [
            ("2026-11-02T09:00:00+08:00", "2026-11-02T15:00:00+08:00"),
            ("2026-11-05T09:00:00+08:00", "2026-11-06T09:00:00+08:00"),
            ("2026-11-10T09:00:00+08:00", "2026-11-10T20:00:00+08:00"),
            ("2026-11-20T09:00:00+08:00", "2026-11-21T12:00:00+08:00"),
        ]
        for (called, arrived) in calls {
            items.append([
                "record_kind": "visit", "customer": "#1", "kind": "repair", "region": "north", "status": "closed",
                "called_at": called, "arrived_at": arrived, "completed_at": arrived, "first_time_fix": true,
            ])
        }
        items.append([
            "record_kind": "card", "customer": "#1", "visit": "#2", "region": "north", "rating": "satisfied",
            "filled_at": "2026-11-02T16:00:00+08:00",
        ])
        items.append([
            "record_kind": "card", "customer": "#1", "visit": "#3", "region": "north", "rating": "unsatisfied",
            "filled_at": "2026-11-06T10:00:00+08:00",
        ])
        _ = try north.importRecords(items)
        try north.sync()

        let hq = try server.token(role: "hq", name: "hq")
        let page = try Self.dom(server: server, token: hq, page: "/dashboard?period=2026-11&region=all&lang=en")
        #expect(
            Self.text(in: page, #"data-region="north" data-figure="on_site_24h""#) == "75.0%", "\(page.prefix(300))")
        #expect(Self.text(in: page, #"data-region="north" data-figure="first_time_fix""#) == "100.0%")
        #expect(Self.text(in: page, #"data-region="north" data-figure="customer_satisfaction""#) == "50.0%")
        #expect(Self.text(in: page, #"data-status="north/on_site_24h""#) == "missed")
        #expect(Self.text(in: page, #"data-status="south/on_site_24h""#) == "no data")
        #expect(page.contains("<svg"), "trend charts are drawn by the server")

        // Drill down to the late visit.
        let drill = try Self.dom(
            server: server, token: hq, page: "/dashboard/records?period=2026-11&region=north&figure=on_site_24h&lang=en"
        )
        #expect(drill.components(separatedBy: "data-missed=").count - 1 == 1)
        #expect(drill.contains("2026-11-21 12:00"))

        // The printable monthly inspection: the late visit, and why it counts against the target.
        let inspection = try Self.dom(
            server: server, token: hq, page: "/dashboard/inspection?period=2026-11&region=north&lang=en")
        #expect(
            inspection.components(separatedBy: #"data-miss="on_site_24h""#).count - 1 == 1, "\(inspection.prefix(400))")
        #expect(inspection.contains("3.0 h late"))

        // An office sees its own region only; Chinese labels.
        let office = try server.token(role: "office", region: "north", name: "office")
        let zh = try Self.dom(server: server, token: office, page: "/dashboard?period=2026-11&lang=zh")
        #expect(zh.contains("24小时内上门"))
        #expect(Self.text(in: zh, #"data-region="north" data-figure="on_site_24h""#) == "75.0%")
        #expect(!zh.contains(#"data-region="south""#))
        let refused = try Self.dom(server: server, token: office, page: "/dashboard?period=2026-11&region=south")
        #expect(!refused.contains(#"data-figure="#), "an office cannot open another region's figures")
    }

    @Test func seededYearMatchesTheServersReport() throws {
        let directory = try TemporaryDirectory("dashboard-seed")
        defer { directory.remove() }
        let database = directory.file("server.sqlite")
        let admin = BinaryRunner("fieldsync-server")
        #expect(
            try admin.run(["seed-demo", "--db", database, "--customers", "80", "--months", "12", "--end", "2026-10"])
                .status == 0)
        let report = try admin.run(["report", "--db", database, "--period", "2026", "--format", "json"])
        let json = try #require(try report.json() as? [String: Any])
        let server = try ServerProcess(database: database)
        let hq = try server.token(role: "hq", name: "hq")
        let page = try Self.dom(server: server, token: hq, page: "/dashboard?period=2026&lang=en")
        var compared = 0
        for section in json["sections"] as? [[String: Any]] ?? [] {
            let scope = section["scope"] as? String ?? ""
            for figure in section["figures"] as? [[String: Any]] ?? [] {
                let id = figure["id"] as? String ?? ""
                let shown = Self.text(in: page, "data-region=\"\(scope)\" data-figure=\"\(id)\"")
                #expect(shown != nil, "\(scope)/\(id) is on the page")
                if let value = figure["value"] as? Double, figure["unit"] as? String == "ratio" {
                    let tenths = Int((value * 1000).rounded())
                    #expect(shown == "\(tenths / 10).\(tenths % 10)%", "\(scope)/\(id)")
                    compared += 1
                }
            }
        }
        #expect(compared >= 30, "the page and the report were compared figure by figure")
    }
}
