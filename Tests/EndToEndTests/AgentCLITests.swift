import FieldSyncShared
import FieldSyncTestSupport
import Foundation
import Testing

/// The built `fieldsync` binary, run as a technician would, offline.
@Suite("fieldsync CLI, offline")
struct AgentCLITests {
    let directory: TemporaryDirectory
    let fieldsync: BinaryRunner

    init() throws {
        directory = try TemporaryDirectory("agent-cli")
        fieldsync = BinaryRunner(
            "fieldsync", environment: ["FIELDSYNC_DB": directory.file("replica.sqlite"), "TZ": "UTC"])
        let created = try fieldsync.run([
            "init", "--server", "http://127.0.0.1:9", "--token", "tok-123", "--region", "华南", "--technician",
            "Chen Jie",
        ])
        #expect(created.status == 0, "\(created.stderr)")
    }

    func object(_ result: BinaryRunner.Result) throws -> [String: Any] {
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try result.json() as? [String: Any])
    }

    @Test func technicianRecordsADayOfWork() throws {
        let customer = try object(
            fieldsync.run([
                "customer", "add", "--name", "广州银河公墓", "--contact", "Mr Wang", "--phone", "020-8888", "--product",
                "骨灰存放架:GH-200:40", "--json",
            ]))
        let customerID = try #require(customer["id"] as? String)
        #expect(customer["region"] as? String == "south")

        let visit = try object(
            fieldsync.run([
                "visit", "add", "--customer", String(customerID.suffix(6)), "--kind", "repair",
                "--called-at", "2026-11-26T09:30+08:00", "--arrived-at", "2026-11-26T16:45+08:00", "--part", "hinge:2",
                "--json",
            ]))
        let visitID = try #require(visit["id"] as? String)
        #expect(visit["technician"] as? String == "Chen Jie")
        #expect(visit["status"] as? String == "open")

        let closed = try object(
            fieldsync.run([
                "visit", "close", visitID, "--completed-at", "2026-11-26T18:00+08:00", "--first-time-fix", "yes",
                "--json",
            ]))
        #expect(closed["status"] as? String == "closed")
        #expect(closed["completed_at"] as? String == "2026-11-26T18:00:00+08:00")
        #expect(closed["first_time_fix"] as? Bool == true)

        let card = try object(
            fieldsync.run(["card", "add", "--visit", visitID, "--rating", "不满意", "--complaint-text", "门不好关", "--json"]))
        #expect(card["customer"] as? String == customerID)
        #expect(card["rating"] as? String == "unsatisfied")

        let complaint = try object(
            fieldsync.run([
                "complaint", "add", "--customer", customerID, "--channel", "opinion-card", "--severity", "major",
                "--received-at", "2026-11-26T19:00+08:00", "--description", "door hard to close", "--json",
            ]))
        #expect(complaint["severity"] as? String == "major")

        let visits = try #require(try fieldsync.run(["visit", "list", "--json"]).json() as? [[String: Any]])
        #expect(visits.count == 1)
        #expect(visits[0]["arrived_at"] as? String == "2026-11-26T16:45:00+08:00")
        #expect((visits[0]["parts_used"] as? [[String: Any]])?.first?["quantity"] as? Int == 2)
        let cards = try #require(try fieldsync.run(["card", "list", "--json"]).json() as? [[String: Any]])
        #expect(cards.count == 1)
        let complaints = try #require(try fieldsync.run(["complaint", "list", "--json"]).json() as? [[String: Any]])
        #expect(complaints.first?["description"] as? String == "door hard to close")

        let csv = try fieldsync.run(["export", "--format", "csv"])
        #expect(csv.status == 0)
        // UTF-8's byte-order mark first, for spreadsheets; the CSV after it.
        #expect(csv.stdout.hasPrefix("\u{FEFF}"))
        let lines = CSVWriter.strippingByteOrderMark(csv.stdout).split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        #expect(lines[0].hasPrefix("record_kind,id,name,region"))
        #expect(lines.contains { $0.hasPrefix("visit,\(visitID),") && $0.contains("2026-11-26T09:30:00+08:00") })
        #expect(lines.contains { $0.contains("广州银河公墓") })

        let status = try object(fieldsync.run(["status", "--json"]))
        #expect(status["pending"] as? Int == 4)
        #expect(status["counter"] as? Int == 5)
    }

    @Test func chineseOutput() throws {
        _ = try object(fieldsync.run(["customer", "add", "--name", "昆明金宝山", "--region", "西南", "--json"]))
        let table = try fieldsync.run(["customer", "list", "--lang", "zh"])
        #expect(table.stdout.contains("客户名称"))
        #expect(table.stdout.contains("西南"))
    }

    @Test(arguments: [
        (["visit", "add", "--kind", "repair"], "customer"),
        (["customer", "add", "--name", "X", "--region", "mars"], "region"),
        (["customer", "add", "--name", "X", "--product", "urn:0"], "quantity"),
        (["card", "add", "--customer", "0000", "--rating", "6"], "no customer"),
        (["customer", "show", "01900000-0000-7000-8000-000000000001"], "no customer"),
        (["delete", "spaceship", "1234"], "KIND"),
        (["export", "--format", "xml"], "xml"),
    ])
    func badInputIsRefusedAndChangesNothing(arguments: [String], hint: String) throws {
        let before = try object(fieldsync.run(["status", "--json"]))
        let result = try fieldsync.run(arguments)
        #expect(result.status != 0)
        #expect(result.stderr.lowercased().contains(hint.lowercased()), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count <= 4, "one clear line, not a trace: \(result.stderr)")
        let after = try object(fieldsync.run(["status", "--json"]))
        #expect(after["counter"] as? Int == before["counter"] as? Int)
    }

    @Test func malformedTimeIsRefusedInChinese() throws {
        let customer = try object(fieldsync.run(["customer", "add", "--name", "X", "--json"]))
        let result = try fieldsync.run([
            "visit", "add", "--customer", customer["id"] as! String, "--kind", "repair", "--called-at",
            "2026-13-01 09:00", "--lang", "zh",
        ])
        #expect(result.status == 64)
        #expect(result.stderr.contains("报修时间"))
    }

    @Test func missingDatabaseSaysWhatToDo() throws {
        let other = BinaryRunner("fieldsync", environment: ["FIELDSYNC_DB": directory.file("missing.sqlite")])
        let result = try other.run(["customer", "list"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("fieldsync init"))
    }
}
