import FieldSyncAgent
import FieldSyncShared
import Foundation

/// Syncs with nothing to do, on a large replica and on a small one of the same server: the
/// cost must not grow with the records a replica holds.
enum NoOpScenario {
    static func run(_ context: BenchContext, server: BenchServer, largeReplica: String, largeToken: String) async throws
        -> ScenarioResult
    {
        let plan = context.plan
        let directory = try context.directory(for: "noop")
        let large = try BenchAgent.open(at: largeReplica, token: largeToken)
        let smallToken = try await server.token(name: "tech-noop-small", region: PullScenario.smallRegion)
        let small = try BenchAgent.create(
            at: directory + "/small.sqlite", server: server.url, token: smallToken, region: PullScenario.smallRegion)
        let first = try await Threads.run { try small.sync() }
        guard first.pulled == plan.noOpSmallRecords else {
            throw BenchError("no-op: the small replica pulled \(first.pulled) records, not \(plan.noOpSmallRecords)")
        }

        context.say(
            "no-op sync: \(plan.noOpRepeats) syncs on \(plan.noOpSmallRecords) and on \(plan.pullRecords) records")
        PeakMemory.resetPeak()
        let smallTimes = try await repeatedSyncs(small, times: plan.noOpRepeats)
        let largeTimes = try await repeatedSyncs(large, times: plan.noOpRepeats)
        let smallMedian = percentile(smallTimes, 0.5)
        let largeMedian = percentile(largeTimes, 0.5)

        var result = ScenarioResult(name: "no-op sync", records: 0, seconds: largeMedian)
        result.details["small_replica_records"] = Double(plan.noOpSmallRecords)
        result.details["large_replica_records"] = Double(plan.pullRecords)
        result.details["small_median_ms"] = smallMedian * 1000
        result.details["large_median_ms"] = largeMedian * 1000
        result.details["small_p90_ms"] = percentile(smallTimes, 0.9) * 1000
        result.details["large_p90_ms"] = percentile(largeTimes, 0.9) * 1000
        result.details["large_over_small"] = smallMedian > 0 ? largeMedian / smallMedian : 0
        result.wireBytes =
            (large.wire.totals.sent + large.wire.totals.received)
            + (small.wire.totals.sent + small.wire.totals.received)
        result.peakMemory["bench (server + agents)"] = PeakMemory.peakBytes()
        try result.check(true, "every no-op sync pushed and pulled nothing")
        return result
    }

    /// One warm-up sync, then `times` timed ones, each of which must move nothing.
    static func repeatedSyncs(_ agent: BenchAgent, times: Int) async throws -> [Double] {
        try await Threads.run {
            var seconds = [Double]()
            for attempt in 0...times {
                let (summary, elapsed) = try timed { try agent.sync() }
                guard summary.pushed == 0, summary.pulled == 0 else {
                    throw BenchError(
                        "no-op: a sync with nothing to do pushed \(summary.pushed) and pulled \(summary.pulled)")
                }
                if attempt > 0 { seconds.append(elapsed) }
            }
            return seconds
        }
    }
}
