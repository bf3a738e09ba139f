import FieldSyncShared
import FieldSyncTestSupport
import Foundation
import Testing

/// A year of seed-demo records on a real server: headquarters' replica and the server's store
/// give the same figures, the same inspection, and a due list for the worst office.
@Suite("reports end to end", .serialized)
struct ReportEndToEndTests {
    /// The seeded store, a running server on it, and an hq replica that has synced everything.
    struct SeededYear {
        let directory: TemporaryDirectory
        let server: ServerProcess
        let hq: FieldAgent

        init() throws {
            directory = try TemporaryDirectory("e2e-report")
            let database = directory.file("server.sqlite")
            let seeded = try BinaryRunner("fieldsync-server").run([
                "seed-demo", "--customers", "120", "--months", "12", "--end", "2026-10", "--db", database,
            ])
            try #require(seeded.status == 0, "seed-demo: \(seeded.stderr)")
            server = try ServerProcess(database: database)
            hq = try FieldAgent(
                "hq", in: directory, server: server, token: try server.token(role: "hq", name: "hq"), region: nil)
            try hq.sync()
        }

        /// `fieldsync-server ARGUMENTS --db …`, expecting success, decoded as `T`.
        func serverJSON<T: Decodable>(_ type: T.Type, _ arguments: [String]) throws -> T {
            let result = try server.admin(arguments)
            try #require(result.status == 0, "fieldsync-server \(arguments): \(result.stderr)")
            return try JSONText.decode(type, from: result.stdout)
        }

        /// `fieldsync ARGUMENTS` on the hq replica, expecting success, decoded as `T`.
        func agentJSON<T: Decodable>(_ type: T.Type, _ arguments: [String]) throws -> T {
            let result = try hq.run(arguments)
            try #require(result.status == 0, "fieldsync \(arguments): \(result.stderr)")
            return try JSONText.decode(type, from: result.stdout)
        }

        /// `fieldsync due --json`, whose keys are snake_case like all of FieldSync's JSON.
        func dueList(_ arguments: [String]) throws -> DueList {
            let result = try hq.run(["due", "--json"] + arguments)
            try #require(result.status == 0, "fieldsync due: \(result.stderr)")
            return try DueList(json: result.stdout)
        }
    }

    @Test func headquartersAndTheServerAgreeOnTheYearTheInspectionAndTheDueList() throws {
        let year = try SeededYear()
        defer { year.directory.remove() }

        // The year's figures: the same function over the same records.
        let arguments = ["report", "--period", "2026", "--region", "all", "--format", "json"]
        let server = try year.serverJSON(ServiceReport.self, arguments)
        let agent = try year.agentJSON(ServiceReport.self, arguments)
        #expect(server.sections.count == 6)
        #expect(agent.sections == server.sections)
        #expect(agent.openComplaints == server.openComplaints)
        #expect(agent.openConflicts == server.openConflicts && agent.undecodable == server.undecodable)
        #expect(agent.period == server.period && agent.scope == server.scope)
        let graded = server.sections.filter { $0.scope != .all }.compactMap { section in
            section.score.map { (section.scope, $0) }
        }
        #expect(graded.count == 5, "every office has a year of work")
        #expect(Set(graded.map(\.1)).count > 1, "the offices land on different sides of the targets")

        // October's inspection, on both.
        let inspection = ["report", "--inspection", "--period", "2026-10", "--region", "all", "--format", "json"]
        let serverInspection = try year.serverJSON(InspectionReport.self, inspection)
        let agentInspection = try year.agentJSON(InspectionReport.self, inspection)
        #expect(agentInspection.figures.sections == serverInspection.figures.sections)
        #expect(agentInspection.trendMonths.map(\.description).last == "2026-10")
        #expect(agentInspection.sections.map(\.trend) == serverInspection.sections.map(\.trend))
        // Misses and complaints alike; only the ages of open complaints move with the moment each was made.
        let misses = { (report: InspectionReport) in
            report.sections.map { $0.misses.map { [$0.figure.rawValue] + $0.records.map(\.id.description) } }
        }
        #expect(misses(agentInspection) == misses(serverInspection))
        #expect(misses(serverInspection).joined().contains { $0.count > 1 }, "some October figure missed with records")
        #expect(agentInspection.complaints.map(\.id) == serverInspection.complaints.map(\.id))
        #expect(agentInspection.complaints.map(\.state) == serverInspection.complaints.map(\.state))
        let table = try year.hq.run(["report", "--inspection", "--period", "2026-10", "--lang", "zh"])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.hasPrefix("月度服务质量检查报告 2026-10 · 全公司"))
        #expect(table.stdout.contains("近 6 个月趋势"))
        let serverTable = try year.server.admin(["report", "--inspection", "--period", "2026-10"])
        #expect(serverTable.status == 0 && serverTable.stdout.hasPrefix("Monthly service-quality inspection 2026-10"))

        // The worst office of the year has work due at the end of October.
        let worst = try #require(graded.min { $0.1 < $1.1 }?.0)
        guard case .region(let region) = worst else { return }
        let due = try year.dueList(["--now", "2026-10-31T18:00:00+08:00", "--region", region.rawValue])
        #expect(due.returnVisits.map(\.region) == [region])
        let listed =
            due.repairs.count + due.commissioning.count + due.feedback.count + due.unansweredCards.count
            + due.returnVisits.reduce(0) { $0 + $1.candidates.count }
        #expect(listed > 0, "nothing due for \(region)")
        let records = [due.repairs.map(\.region), due.commissioning.map(\.region), due.feedback.map(\.region)]
        #expect(records.joined().allSatisfy { $0 == region })
        let plan = try #require(due.returnVisits.first)
        #expect(plan.customersServed > 0 && plan.needed == (plan.customersServed * 5 + 99) / 100)
        let everywhere = try year.dueList(["--now", "2026-10-31T18:00:00+08:00"])
        #expect(everywhere.returnVisits.map(\.region) == Region.allCases)
    }

    @Test func theInspectionCoversOneMonthOnly() throws {
        let directory = try TemporaryDirectory("e2e-inspection-period")
        defer { directory.remove() }
        let database = directory.file("server.sqlite")
        let server = BinaryRunner("fieldsync-server")
        for period in ["2026", "2026-Q4", "2026-10-01..2026-10-31"] {
            let result = try server.run(["report", "--inspection", "--period", period, "--db", database])
            #expect(result.status == 64, "\(period): \(result.status)")
            #expect(result.stderr.contains("the inspection report covers one month"), "\(result.stderr)")
        }
        let csv = try server.run(["report", "--inspection", "--period", "2026-10", "--format", "csv", "--db", database])
        #expect(csv.status == 64 && csv.stderr.contains("not CSV"))

        let agent = BinaryRunner("fieldsync", environment: ["FIELDSYNC_DB": directory.file("replica.sqlite")])
        let created = try agent.run(["init", "--server", "http://127.0.0.1:9", "--token", "tok", "--region", "north"])
        #expect(created.status == 0, "\(created.stderr)")
        let year = try agent.run(["report", "--inspection", "--period", "2026"])
        #expect(year.status == 64 && year.stderr.contains("the inspection report covers one month"))
        let month = try agent.run(["report", "--inspection", "--period", "2026-10", "--json"])
        #expect(month.status == 0, "\(month.stderr)")
        let empty = try JSONText.decode(InspectionReport.self, from: month.stdout)
        #expect(empty.scope == .region(.north) && empty.complaints.isEmpty)
    }
}
