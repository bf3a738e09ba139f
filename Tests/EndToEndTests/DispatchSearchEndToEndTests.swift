import FieldSyncShared
import FieldSyncTestSupport
import Foundation
import Testing

/// A dispatcher's and a technician's day on the real binaries: the dispatch room records a repair
/// call for 陈杰, his next sync brings it, `due --mine` lists it first; he finds customers by a
/// part of a word; HQ's spreadsheet opens the CSV.
@Suite("dispatch, search and CSV end to end", .serialized)
struct DispatchSearchEndToEndTests {
    func object(_ result: BinaryRunner.Result) throws -> [String: Any] {
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try result.json() as? [String: Any], "\(result.stdout)")
    }

    func array(_ result: BinaryRunner.Result) throws -> [[String: Any]] {
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try result.json() as? [[String: Any]], "\(result.stdout)")
    }

    @Test func dispatchSyncDueMineSearchAndCSV() throws {
        let directory = try TemporaryDirectory("e2e-dispatch")
        defer { directory.remove() }
        let server = try ServerProcess(database: directory.file("server.sqlite"))
        defer { server.stop() }
        let office = try FieldAgent(
            "dispatch", in: directory, server: server,
            token: try server.token(role: "office", region: "north", name: "北京调度室"), region: "华北")
        let chen = try FieldAgent(
            "陈杰", in: directory, server: server,
            token: try server.token(role: "technician", region: "north", name: "陈杰"), region: "华北")

        // The dispatch room: two customers, a repair call for 陈杰 and one for 李明, no arrival yet.
        let babaoshan = try #require(
            try object(
                office.run([
                    "customer", "add", "--name", "北京八宝山公墓", "--address", "北京市石景山区鲁谷路", "--phone", "010-6886",
                    "--json",
                ]))["id"] as? String)
        let yongan = try #require(
            try object(office.run(["customer", "add", "--name", "天津永安公墓", "--address", "天津市西青区", "--json"]))["id"]
                as? String)
        let call = try object(
            office.run([
                "visit", "add", "--customer", babaoshan, "--kind", "repair", "--technician", "陈杰",
                "--called-at", "2026-11-20T08:00+08:00", "--json",
            ]))
        let callID = try #require(call["id"] as? String)
        #expect(call["technician"] as? String == "陈杰")
        #expect(call["arrived_at"] == nil)
        _ = try object(
            office.run([
                "visit", "add", "--customer", yongan, "--kind", "repair", "--technician", "李明",
                "--called-at", "2026-11-19T20:00+08:00", "--json",
            ]))

        // Before his sync, 陈杰 has nothing due; after it, the call leads his list.
        let now = ["--now", "2026-11-20T10:00+08:00"]
        #expect((try object(chen.run(["due", "--mine", "--json"] + now))["repairs"] as? [Any])?.isEmpty == true)
        try office.sync()
        try chen.sync()
        let due = try object(chen.run(["due", "--mine", "--json"] + now))
        let repairs = try #require(due["repairs"] as? [[String: Any]])
        #expect(repairs.map { $0["visit"] as? String } == [callID])
        #expect(repairs.first?["hours_left"] as? Double == 22)
        #expect(due["technician"] as? String == "陈杰")
        let text = try chen.run(["due", "--mine", "--lang", "zh"] + now)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("陈杰 的待办") && text.stdout.contains("剩 22 小时"), "\(text.stdout)")
        #expect(text.stdout.contains("北京八宝山公墓"))
        // The office sees both calls, Li's (older) first; --technician picks one person's.
        let li = try object(office.run(["due", "--technician", "李明", "--json"] + now))
        #expect((li["repairs"] as? [[String: Any]])?.count == 1)
        #expect((try object(office.run(["due", "--json"] + now))["repairs"] as? [Any])?.count == 2)

        // Finding things on the technician's replica, in what the pull brought.
        func ids(_ arguments: [String]) throws -> [String] {
            try array(chen.run(arguments + ["--json"])).compactMap { $0["id"] as? String }
        }
        #expect(try ids(["customer", "list", "--search", "北京"]) == [babaoshan], "two characters: scanned")
        #expect(try ids(["customer", "list", "--search", "八宝山"]) == [babaoshan], "three: the trigram index")
        #expect(try ids(["customer", "list", "--search", "石景山区鲁谷"]) == [babaoshan])
        #expect(try ids(["customer", "list", "--search", "6886"]) == [babaoshan])
        #expect(try ids(["customer", "list", "--search", "公墓"]) == [yongan, babaoshan], "newest first")
        #expect(try ids(["customer", "list", "--search", "公墓", "--limit", "1"]) == [yongan])
        #expect(try ids(["customer", "list", "--search", "上海"]).isEmpty)
        #expect(try ids(["customer", "list", "--mine"]) == [babaoshan], "the customers of my visits")
        #expect(try ids(["visit", "list", "--mine"]) == [callID])
        #expect(try ids(["visit", "list", "--technician", "李明"]).count == 1)
        #expect(try ids(["visit", "list", "--customer", String(babaoshan.suffix(6))]) == [callID])
        #expect(
            try ids(["visit", "list", "--status", "进行中", "--since", "2026-11-20", "--until", "2026-11-20"]) == [callID])
        #expect(try ids(["visit", "list", "--status", "closed"]).isEmpty)
        let refused = try chen.run(["part", "list", "--status", "open"])
        #expect(refused.status != 0 && refused.stderr.contains("no status"), "\(refused.stderr)")

        // An edit that pulls in moves the record in the index: the old address no longer finds it.
        _ = try object(office.run(["customer", "edit", babaoshan, "--address", "北京市海淀区", "--json"]))
        try office.sync()
        try chen.sync()
        #expect(try ids(["customer", "list", "--search", "石景山"]).isEmpty)
        #expect(try ids(["customer", "list", "--search", "海淀区"]) == [babaoshan])

        // CSV for HQ's spreadsheet: the byte-order mark by default, none with --no-bom, Chinese intact.
        let csvFile = directory.file("customers.csv")
        let exported = try chen.run(["export", "--format", "csv", "--kind", "customer", "--output", csvFile])
        #expect(exported.status == 0, "\(exported.stderr)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: csvFile))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let read = CSVWriter.strippingByteOrderMark(String(decoding: bytes, as: UTF8.self))
        #expect(read.hasPrefix("record_kind,id,name"))
        #expect(read.contains("北京八宝山公墓") && read.contains("天津永安公墓") && read.contains("北京市海淀区"))
        let plainFile = directory.file("plain.csv")
        #expect(
            try chen.run(["export", "--format", "csv", "--kind", "customer", "--output", plainFile, "--no-bom"]).status
                == 0)
        let plain = try Data(contentsOf: URL(fileURLWithPath: plainFile))
        #expect(String(decoding: plain, as: UTF8.self) == read, "the same text without the mark")

        let report = try chen.run(["report", "--period", "2026-11", "--format", "csv", "--lang", "zh"])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.hasPrefix("\u{FEFF}"))
        let plainReport = try chen.run(["report", "--period", "2026-11", "--format", "csv", "--lang", "zh", "--no-bom"])
        #expect(plainReport.status == 0 && plainReport.stdout.first != "\u{FEFF}")
        #expect(
            plainReport.stdout.split(separator: "\n").first == report.stdout.dropFirst().split(separator: "\n").first)
        let serverReport = try server.admin(["report", "--period", "2026-11", "--format", "csv"])
        #expect(serverReport.status == 0, "\(serverReport.stderr)")
        #expect(Array(serverReport.stdout.utf8.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let serverPlain = try server.admin(["report", "--period", "2026-11", "--format", "csv", "--no-bom"])
        #expect(serverPlain.stdout.utf8.first != 0xEF)
    }
}
