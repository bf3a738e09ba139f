import FieldSyncShared
import FieldSyncTestSupport
import Foundation
import PostgresTestSupport
import Testing

/// `kill -9` of agents and server in the middle of syncs: nothing acknowledged is lost, nothing doubles.
@Suite("sync under kill -9", .serialized)
struct SyncCrashTests {
    /// Starts `fieldsync sync` and kills it after `delay` microseconds (if still running).
    func killedSync(_ agent: FieldAgent, after delay: UInt32, extra: [String]) throws {
        let process = try agent.startSync(extra)
        usleep(delay)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    @Test func agentKilledDuringPushAndPullResumesWithNothingLostOrDoubled() throws {
        let directory = try TemporaryDirectory("e2e-agent-crash")
        defer { directory.remove() }
        let server = try ServerProcess(database: directory.file("server.sqlite"))
        let tech = try FieldAgent(
            "tech", in: directory, server: server,
            token: try server.token(role: "technician", region: "southwest", name: "t"), region: "southwest")
        let hq = try FieldAgent(
            "hq", in: directory, server: server, token: try server.token(role: "hq", name: "h"), region: nil)
        let created = try tech.importRecords(regionWork("southwest", customers: 400, tag: "sw"))
        #expect(created.count == 802)

        let seed: UInt64 = 4711
        var random = SplitMix64(seed: seed)
        let small = ["--batch-size", "20", "--page-size", "20"]
        var interrupted = 0
        for _ in 0..<12 {
            try killedSync(tech, after: UInt32(20_000 + random.next() % 250_000), extra: small)
            if try tech.dirtyIDs().count > 0 { interrupted += 1 }
        }
        #expect(interrupted > 0, "seed \(seed): no kill landed in the middle of a push")
        try tech.sync(small)
        #expect(try tech.dirtyIDs().isEmpty, "seed \(seed): everything pushed in the end")

        for _ in 0..<12 { try killedSync(hq, after: UInt32(20_000 + random.next() % 250_000), extra: small) }
        try hq.sync(small)
        let mine = try tech.records()
        let theirs = try hq.records()
        #expect(theirs.count == 802, "seed \(seed): hq holds every record exactly once")
        #expect(Set(theirs.keys) == Set(created))
        #expect(NSDictionary(dictionary: mine) == NSDictionary(dictionary: theirs))
    }

    @Test(arguments: StorageBackend.all)
    func serverKilledOrStoppedDuringPushLosesNoAcknowledgedBatch(_ backend: StorageBackend) async throws {
        let directory = try TemporaryDirectory("e2e-server-crash")
        defer { directory.remove() }
        try await withServerStore(backend, in: directory) { store in
            let server = try ServerProcess(storeArguments: store)
            let tech = try FieldAgent(
                "tech", in: directory, server: server,
                token: try server.token(role: "technician", region: "northwest", name: "t"), region: "northwest")
            let hq = try FieldAgent(
                "hq", in: directory, server: server, token: try server.token(role: "hq", name: "h"), region: nil)
            let created = try tech.importRecords(regionWork("northwest", customers: 300, tag: "nw"))

            let seed: UInt64 = 99
            var random = SplitMix64(seed: seed)
            var interrupted = 0
            for round in 0..<6 {
                let sync = try tech.startSync(["--batch-size", "10"])
                usleep(UInt32(30_000 + random.next() % 200_000))
                // Alternate a hard kill with a graceful stop (SIGTERM): neither may lose an acknowledged batch.
                if round % 2 == 0 { server.kill() } else { server.stop() }
                sync.waitUntilExit()
                // What the agent marked clean, the server acknowledged after its commit: it must be there.
                let dirty = try tech.dirtyIDs()
                if !dirty.isEmpty { interrupted += 1 }
                let acknowledged = Set(created).subtracting(dirty)
                try server.restart()
                try hq.sync()
                let held = Set(try hq.records().keys)
                let missing = acknowledged.subtracting(held)
                #expect(missing.isEmpty, "round \(round), seed \(seed): \(missing.count) acknowledged records lost")
            }
            #expect(interrupted > 0, "seed \(seed): no kill landed in the middle of a push")
            try tech.sync()
            try hq.sync()
            #expect(Set(try hq.records().keys) == Set(created))
        }
    }
}
