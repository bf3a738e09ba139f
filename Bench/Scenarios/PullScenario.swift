import FieldSyncAgent
import FieldSyncServer
import FieldSyncShared
import Foundation

/// A fresh agent pulls its whole region, in a child process of its own so its peak memory is
/// its own; then no-op syncs on that large replica and on a small one of another region.
enum PullScenario {
    /// The technician's region, and the region of the small no-op replica.
    static let region = Region.north
    static let smallRegion = Region.south

    static func run(_ context: BenchContext) async throws -> [ScenarioResult] {
        let plan = context.plan
        let directory = try context.directory(for: "pull")
        let server = try await BenchServer.start(in: directory)
        do {
            try await seed(server, context)
            let token = try await server.token(name: "tech-pull", region: region)
            let replicaPath = directory + "/agent.sqlite"

            context.say("initial pull: a fresh agent pulls \(plan.pullRecords) records (child process)")
            PeakMemory.resetPeak()
            let child = try await Threads.run {
                try PullAgentCommand.spawn(
                    executable: context.executable, server: server.url, token: token, database: replicaPath,
                    region: region)
            }
            let serverPeak = PeakMemory.peakBytes()
            var pull = ScenarioResult(name: "initial pull", records: child.pulled, seconds: child.seconds)
            pull.wireBytes = child.sentBytes + child.receivedBytes
            pull.peakMemory["agent (child process)"] = child.peakBytes
            pull.peakMemory["bench (server)"] = serverPeak
            try pull.check(
                child.pulled == plan.pullRecords, "the agent received all \(plan.pullRecords) records of its region")
            try pull.check(child.held == plan.pullRecords, "its replica holds exactly them")
            pull.baseline = try await Threads.run {
                try Baseline.measure(
                    from: server.databasePath, region: region.rawValue, batch: SyncOptions().pullPageSize,
                    into: directory + "/baseline.sqlite")
            }

            let noOp = try await NoOpScenario.run(context, server: server, largeReplica: replicaPath, largeToken: token)
            await server.stop()
            return [pull, noOp]
        } catch {
            await server.stop()
            throw error
        }
    }

    /// Seeds the store through its own push: the region's records, with the other regions'
    /// interleaved (the small no-op replica's region first among them).
    static func seed(_ server: BenchServer, _ context: BenchContext) async throws {
        let plan = context.plan
        let writer = ReplicaID(high: 0xBE7C_0000_0000_0000, low: 2)
        let batch = plan.seedBatch
        let batches = max(1, (plan.pullRecords + batch - 1) / batch)
        let others = Region.allCases.filter { $0 != region && $0 != smallRegion }
        context.say(
            "initial pull: seeding \(plan.pullRecords) \(region.rawValue) and \(plan.otherRegionRecords) other records")
        let clock = ContinuousClock()
        let start = clock.now
        var otherDone = 0
        for number in 0..<batches {
            let range = (number * batch)..<min((number + 1) * batch, plan.pullRecords)
            try await server.seed(
                context.source.wireRecords(range, region: region, replica: writer, stream: 2), pusher: writer,
                batch: batch)
            // The other regions' share of this batch.
            let otherEnd = plan.otherRegionRecords * (number + 1) / batches
            var records = [WireRecord]()
            for index in otherDone..<otherEnd {
                let target = index < plan.noOpSmallRecords ? smallRegion : others[index % others.count]
                records += context.source.wireRecords(index..<index + 1, region: target, replica: writer, stream: 3)
            }
            try await server.seed(records, pusher: writer, batch: batch)
            otherDone = otherEnd
            if context.verbose, number % 20 == 19 { context.say("  seeded \(range.upperBound)") }
        }
        context.say("initial pull: seeded in \(String(format: "%.1f", (clock.now - start) / .seconds(1))) s")
    }
}
