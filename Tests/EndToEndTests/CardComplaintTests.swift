import FieldSyncShared
import FieldSyncTestSupport
import Foundation
import Testing

/// `fieldsync card add --open-complaint`: an unsatisfied card becomes a complaint in the same step.
@Suite("card add opens complaints")
struct CardComplaintTests {
    let directory: TemporaryDirectory
    let fieldsync: BinaryRunner
    let customer: String
    let visit: String

    init() throws {
        directory = try TemporaryDirectory("card-complaint")
        fieldsync = BinaryRunner(
            "fieldsync", environment: ["FIELDSYNC_DB": directory.file("replica.sqlite"), "TZ": "UTC"])
        let created = try fieldsync.run(["init", "--server", "http://127.0.0.1:9", "--token", "tok", "--region", "西北"])
        #expect(created.status == 0, "\(created.stderr)")
        let customer = try fieldsync.run(["customer", "add", "--name", "兰州华林山公墓", "--json"])
        self.customer = try #require((try customer.json() as? [String: Any])?["id"] as? String, "\(customer.stderr)")
        let visit = try fieldsync.run([
            "visit", "add", "--customer", self.customer, "--kind", "repair", "--called-at", "2026-11-20T09:00+08:00",
            "--arrived-at", "2026-11-20T15:00+08:00", "--json",
        ])
        self.visit = try #require((try visit.json() as? [String: Any])?["id"] as? String, "\(visit.stderr)")
    }

    func object(_ result: BinaryRunner.Result) throws -> [String: Any] {
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try result.json() as? [String: Any], "\(result.stdout)")
    }

    func complaints() throws -> [[String: Any]] {
        try #require(try fieldsync.run(["complaint", "list", "--json"]).json() as? [[String: Any]])
    }

    @Test func anUnsatisfiedCardOpensItsComplaintInOneGo() throws {
        let card = try object(
            fieldsync.run([
                "card", "add", "--visit", visit, "--rating", "不满意", "--complaint-text", "门关不严",
                "--filled-at", "2026-11-20T18:00+08:00", "--open-complaint", "--json",
            ]))
        let cardID = try #require(card["id"] as? String)
        #expect(card["rating"] as? String == "unsatisfied" && card["customer"] as? String == customer)
        let opened = try #require(card["opened_complaint"] as? [String: Any])
        #expect(opened["record_kind"] as? String == "complaint")
        #expect(opened["channel"] as? String == "opinion-card")
        #expect(opened["card"] as? String == cardID)
        #expect(opened["visit"] as? String == visit)
        #expect(opened["customer"] as? String == customer)
        #expect(opened["region"] as? String == "northwest")
        #expect(opened["description"] as? String == "门关不严")
        #expect(opened["received_at"] as? String == "2026-11-20T18:00:00+08:00")
        #expect(opened["severity"] as? String == "general" && opened["status"] as? String == "open")
        #expect(try complaints().map { $0["id"] as? String } == [opened["id"] as? String])

        // Both were written together: one more dot each, both waiting for the next push.
        let status = try object(fieldsync.run(["status", "--json"]))
        #expect(status["pending"] as? Int == 4)

        // The card is followed up; the complaint now waits for feedback to the complainant.
        let due = try DueList(json: fieldsync.run(["due", "--json", "--now", "2026-11-21T09:00+08:00"]).stdout)
        #expect(due.unansweredCards.isEmpty)
        #expect(due.feedback.map(\.complaint.description) == [opened["id"] as? String])
    }

    @Test func aLowScoreWithoutTextGetsADefaultDescriptionInTheUsersLanguage() throws {
        let english = try object(
            fieldsync.run(["card", "add", "--customer", customer, "--rating", "2", "--open-complaint", "--json"]))
        let first = try #require(english["opened_complaint"] as? [String: Any])
        #expect(
            first["description"] as? String == "Opinion card rated unsatisfied; the customer wrote no reason on it.")
        #expect(first["received_at"] as? String == english["filled_at"] as? String, "received when the card was filled")
        #expect(first["visit"] == nil)

        let table = try fieldsync.run([
            "card", "add", "--customer", customer, "--rating", "1", "--open-complaint", "--lang", "zh",
        ])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("已添加意见卡"))
        #expect(table.stdout.contains("已根据意见卡登记投诉"))
        #expect(table.stdout.contains("意见卡评价不满意，客户未在卡上写明原因。"))
        #expect(try complaints().count == 2)
    }

    @Test func aSatisfiedCardOpensNothing() throws {
        for rating in ["satisfied", "3", "基本满意"] {
            let result = try fieldsync.run([
                "card", "add", "--customer", customer, "--rating", rating, "--open-complaint", "--json",
            ])
            let card = try object(result)
            #expect(card["opened_complaint"] == nil)
            #expect(result.stderr.contains("not rated unsatisfied: no complaint opened"))
        }
        #expect(try complaints().isEmpty)
    }

    @Test func withoutTheFlagAndWithoutATerminalNothingIsAsked() throws {
        let quiet = try fieldsync.run(["card", "add", "--customer", customer, "--rating", "unsatisfied"])
        #expect(quiet.status == 0, "\(quiet.stderr)")
        #expect(!quiet.stdout.contains("[Y/n]"))
        let refused = try fieldsync.run(["card", "add", "--customer", customer, "--rating", "1", "--no-complaint"])
        #expect(refused.status == 0)
        #expect(try complaints().isEmpty)
        let both = try fieldsync.run([
            "card", "add", "--customer", customer, "--rating", "1", "--open-complaint", "--no-complaint",
        ])
        #expect(both.status == 64 && both.stderr.contains("contradict"))
    }

    /// The prompt on a real terminal: `script` gives the command a pseudo-terminal.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func onATerminalItAsks() throws {
        func onTerminal(_ arguments: [String], answer: String) throws -> String {
            let command = ([fieldsync.executable] + arguments).map { "'\($0)'" }.joined(separator: " ")
            let process = ChildProcess()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
            process.arguments = ["-qec", command, "/dev/null"]
            process.environment = fieldsync.environment
            let input = Pipe()
            let output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            process.standardError = output
            try process.run()
            input.fileHandleForWriting.write(Data(answer.utf8))
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return text
        }
        let yes = try onTerminal(["card", "add", "--customer", customer, "--rating", "不满意"], answer: "\n")
        #expect(yes.contains("Open a complaint for this unsatisfied card? [Y/n]"), "\(yes)")
        #expect(yes.contains("opened complaint"))
        #expect(try complaints().count == 1)
        let no = try onTerminal(
            ["card", "add", "--customer", customer, "--rating", "1", "--lang", "zh"], answer: "n\n")
        #expect(no.contains("为这张不满意的意见卡登记投诉吗？[Y/n]"), "\(no)")
        #expect(!no.contains("已根据意见卡登记投诉"))
        let skipped = try onTerminal(
            ["card", "add", "--customer", customer, "--rating", "1", "--no-complaint"], answer: "")
        #expect(!skipped.contains("[Y/n]"))
        #expect(try complaints().count == 1)
    }
}
