import FieldSyncAgent
import FieldSyncShared
import Foundation

/// One agent pushes its offline-recorded records to an empty server: the push itself, and the
/// whole sync a person waits for (the push and the pull after it, which leaves the agent's own
/// records out: `Echo`).
enum PushScenario {
    static func run(_ context: BenchContext) async throws -> [ScenarioResult] {
        let count = context.plan.pushRecords
        let directory = try context.directory(for: "push")
        let server = try await BenchServer.start(in: directory)
        do {
            let token = try await server.token(name: "tech-push", region: .north)
            let agent = try BenchAgent.create(
                at: directory + "/agent.sqlite", server: server.url, token: token, region: .north)
            context.say("push: recording \(count) records offline")
            try await Threads.run { try agent.record(0..<count, from: context.source, region: .north) }
            let pending = try agent.store.counts().pending
            guard pending == count else { throw BenchError("push: \(pending) records pending, \(count) recorded") }

            context.say("push: syncing")
            PeakMemory.resetPeak()
            let (summary, seconds, pushSeconds) = try await Threads.run {
                let clock = ContinuousClock()
                let start = clock.now
                let summary = try agent.sync()
                let end = clock.now
                return (summary, (end - start) / .seconds(1), ((agent.phases.pushEnd ?? end) - start) / .seconds(1))
            }
            let peak = PeakMemory.peakBytes()

            // The push itself, and the whole sync: the pull that follows in the same sync asks
            // `echo=false`, so it passes over the agent's own records rather than bringing them back.
            let wholeBytes = agent.wire.totals.sent + agent.wire.totals.received
            let pushBytes = agent.phases.pushBytes.map { $0.sent + $0.received } ?? wholeBytes
            var result = ScenarioResult(name: "push", records: count, seconds: pushSeconds)
            result.details["whole_sync_seconds"] = seconds
            result.details["pull_after_push_seconds"] = seconds - pushSeconds
            result.details["pulled_back"] = Double(summary.pulled)
            result.wireBytes = pushBytes
            var whole = ScenarioResult(name: "whole sync", records: count, seconds: seconds)
            whole.details["pull_after_push_seconds"] = seconds - pushSeconds
            whole.details["pull_after_push_wire_bytes"] = Double(wholeBytes - pushBytes)
            whole.details["pulled_back"] = Double(summary.pulled)
            whole.wireBytes = wholeBytes
            whole.peakMemory["bench (server + agent)"] = peak
            try whole.check(summary.pulled == 0, "the pull after the push brings none of the agent's own records back")
            result.peakMemory["bench (server + agent)"] = peak
            try result.check(summary.pushed == count, "the server took all \(count) records")
            try result.check(try agent.store.counts().pending == 0, "nothing is left pending")
            try result.check(
                try BenchContext.serverCount(server.databasePath) == count, "the server holds \(count) records")
            try result.check(summary.openConflicts == 0, "no conflicts")
            result.baseline = try await Threads.run {
                try Baseline.measure(
                    from: server.databasePath, batch: SyncOptions().pushBatchSize, into: directory + "/baseline.sqlite")
            }
            whole.baseline = result.baseline
            await server.stop()
            return [result, whole]
        } catch {
            await server.stop()
            throw error
        }
    }
}
