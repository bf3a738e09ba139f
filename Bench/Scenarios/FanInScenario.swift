import FieldSyncAgent
import FieldSyncShared
import Foundation

/// Many agents sync at once: each pushes its own records and pulls everyone else's.
enum FanInScenario {
    struct Sync: Sendable {
        var seconds: Double
        var pushed: Int
        var pulled: Int
        var failure: String?
    }

    static func run(_ context: BenchContext) async throws -> ScenarioResult {
        let agents = context.plan.fanInAgents
        let each = context.plan.fanInRecordsPerAgent
        let directory = try context.directory(for: "fanin")
        let server = try await BenchServer.start(in: directory)
        do {
            context.say("fan-in: \(agents) agents record \(each) records each")
            var fleet = [BenchAgent]()
            for number in 0..<agents {
                let token = try await server.token(name: "tech-\(number)", region: .north)
                fleet.append(
                    try BenchAgent.create(
                        at: directory + "/agent-\(number).sqlite", server: server.url, token: token, region: .north))
            }
            let crew = fleet
            _ = try await Threads.all(count: agents) { number in
                // The same stretch of templates for each (the ids, and so the records, are each agent's own).
                try crew[number].record(0..<each, from: context.source, region: .north)
            }

            context.say("fan-in: \(agents) syncs at once, then \(agents) more to pull what the first round missed")
            PeakMemory.resetPeak()
            let clock = ContinuousClock()
            let start = clock.now
            let first = try await round(crew)
            let middle = clock.now
            let second = try await round(crew)
            let end = clock.now
            let peak = PeakMemory.peakBytes()

            let syncs = first + second
            let moved = syncs.reduce(0) { $0 + $1.pushed + $1.pulled }
            var result = ScenarioResult(name: "fan-in", records: moved, seconds: (end - start) / .seconds(1))
            let latencies = first.map(\.seconds)
            result.details["agents"] = Double(agents)
            result.details["p50_ms"] = percentile(latencies, 0.5) * 1000
            result.details["p99_ms"] = percentile(latencies, 0.99) * 1000
            result.details["max_ms"] = (latencies.max() ?? 0) * 1000
            result.details["first_round_seconds"] = (middle - start) / .seconds(1)
            result.details["second_round_p50_ms"] = percentile(second.map(\.seconds), 0.5) * 1000
            result.details["pushed"] = Double(syncs.reduce(0) { $0 + $1.pushed })
            result.details["pulled"] = Double(syncs.reduce(0) { $0 + $1.pulled })
            result.details["failed_syncs"] = Double(syncs.filter { $0.failure != nil }.count)
            result.wireBytes = crew.reduce(0) { $0 + $1.wire.totals.sent + $1.wire.totals.received }
            result.peakMemory["bench (server + \(agents) agents)"] = peak
            if let failure = syncs.compactMap(\.failure).first {
                throw BenchError(
                    "fan-in: \(syncs.filter { $0.failure != nil }.count) sync(s) failed; first: \(failure)")
            }
            try result.check(true, "all \(syncs.count) syncs succeeded")
            try result.check(
                syncs.reduce(0) { $0 + $1.pushed } == agents * each, "the server took all \(agents * each) records")
            let held = try crew.map { try $0.store.counts().byKind.values.reduce(0, +) }
            try result.check(held.allSatisfy { $0 == agents * each }, "every agent holds all \(agents * each) records")
            result.baseline = try await Threads.run {
                try Baseline.measure(
                    from: server.databasePath, batch: SyncOptions().pushBatchSize, into: directory + "/baseline.sqlite")
            }
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    /// Every agent syncs once, all at the same time; each sync's time and what it moved.
    static func round(_ crew: [BenchAgent]) async throws -> [Sync] {
        try await Threads.all(count: crew.count) { number in
            let clock = ContinuousClock()
            let start = clock.now
            do {
                let summary = try crew[number].sync()
                return Sync(seconds: (clock.now - start) / .seconds(1), pushed: summary.pushed, pulled: summary.pulled)
            } catch {
                return Sync(seconds: (clock.now - start) / .seconds(1), pushed: 0, pulled: 0, failure: "\(error)")
            }
        }
    }
}
