import FieldSyncShared
import FieldSyncTestSupport
import Foundation
import Testing

/// Crash loops: agents and the server are SIGKILLed at random points of concurrent pushes and
/// pulls, iteration after iteration. After every crash each SQLite file passes
/// `PRAGMA integrity_check` and every write the server acknowledged is still there, once.
///
/// A short seeded run is part of every test run; `FIELDSYNC_CRASH_ITERATIONS=200` runs a long one.
@Suite("crash loops", .serialized)
struct CrashLoopTests {
    @Test(arguments: [UInt64(20_261_127), 77])
    func killedAgentsAndServerKeepSoundFilesAndEveryAcknowledgedWrite(seed: UInt64) throws {
        let directory = try TemporaryDirectory("e2e-crash-loop")
        defer { directory.remove() }
        let serverFile = directory.file("server.sqlite")
        let server = try ServerProcess(database: serverFile)
        let regions = ["north", "north", "south"]
        var agents = [FieldAgent]()
        for (index, region) in regions.enumerated() {
            let token = try server.token(role: "technician", region: region, name: "tech \(index)")
            agents.append(try FieldAgent("tech\(index)", in: directory, server: server, token: token, region: region))
        }
        let hq = try FieldAgent(
            "hq", in: directory, server: server, token: try server.token(role: "hq", name: "hq"), region: nil)

        var random = SplitMix64(seed: seed)
        let small = ["--batch-size", "8", "--page-size", "16"]
        /// Every record created, by the agent that created it.
        var created = [[String]](repeating: [], count: agents.count)
        var killedServer = 0
        var killedAgents = 0
        let rounds = iterations("CRASH_ITERATIONS", standard: 6)
        for round in 0..<rounds {
            let context = "round \(round), seed \(seed)"
            // Offline work: new records on every agent, and an edit by one northern technician of
            // a record the other created (so pulls carry merges, and sometimes conflicts).
            for (index, agent) in agents.enumerated() {
                let work = regionWork(regions[index], customers: 6 + Int(random.next() % 10), tag: "r\(round)a\(index)")
                created[index] += try agent.importRecords(work)
            }
            if let shared = created[1].first {
                let edit = try agents[0].run(["customer", "edit", shared, "--phone", "0\(round)-edited"])
                // Before the first pull tech0 does not hold tech1's record yet: "not found" is fine.
                #expect(edit.status == 0 || edit.status == 64 || edit.status == 1, "\(context): \(edit.stderr)")
            }

            // Everyone syncs at once; then the server, some agents, or both die at a random moment.
            let syncs = try (agents + [hq]).map { try $0.startSync(small) }
            usleep(UInt32(20_000 + random.next() % 150_000))
            let serverDies = random.next() % 2 == 0
            if serverDies {
                server.kill()
                killedServer += 1
            }
            for process in syncs where random.next() % 2 == 0 && process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                killedAgents += 1
            }
            for process in syncs { process.waitUntilExit() }

            // Every file is sound after the crash, before anything touches it again.
            #expect(try sqliteIntegrityCheck(serverFile) == "ok", "\(context): server file")
            for agent in agents + [hq] {
                #expect(try sqliteIntegrityCheck(agent.database) == "ok", "\(context): \(agent.name)'s file")
            }
            if serverDies { try server.restart() }

            // What an agent no longer marks dirty, the server acknowledged after its commit.
            var acknowledged = Set<String>()
            for (index, agent) in agents.enumerated() {
                acknowledged.formUnion(Set(created[index]).subtracting(try agent.dirtyIDs()))
            }
            try hq.sync(small)
            let held = try hq.records()
            let lost = acknowledged.subtracting(held.keys)
            #expect(lost.isEmpty, "\(context): \(lost.count) acknowledged records lost")
            // Nothing doubled: the server holds exactly the ids the agents made, each once.
            #expect(Set(held.keys).isSubset(of: Set(created.joined())), "\(context): records nobody made")
        }
        #expect(killedServer > 0 && killedAgents > 0, "seed \(seed): the schedule killed neither server nor agent")

        // Quiet: everyone syncs until nothing is left; every replica agrees with headquarters.
        for _ in 0..<2 {
            for agent in agents { try agent.sync() }
            try hq.sync()
        }
        let all = try hq.records()
        #expect(Set(all.keys) == Set(created.joined()), "seed \(seed): headquarters holds every record made, once")
        for (index, agent) in agents.enumerated() {
            #expect(try agent.dirtyIDs().isEmpty, "seed \(seed): \(agent.name) still has unsent work")
            let mine = try agent.records()
            let sameRegion = Set(regions.indices.filter { regions[$0] == regions[index] }.flatMap { created[$0] })
            #expect(Set(mine.keys) == sameRegion, "seed \(seed): \(agent.name) holds its region's records")
            let theirs = all.filter { sameRegion.contains($0.key) }
            #expect(
                NSDictionary(dictionary: mine) == NSDictionary(dictionary: theirs),
                "seed \(seed): \(agent.name) converged")
        }
        #expect(try sqliteIntegrityCheck(serverFile) == "ok")
    }
}
