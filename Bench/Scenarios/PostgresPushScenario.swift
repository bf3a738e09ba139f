import FieldSyncAgent
import FieldSyncShared
import Foundation

/// The push on PostgreSQL: one agent pushes its offline records through one instance, or two
/// agents push half each at the same time through two instances on the same database.
enum PostgresPushScenario {
    static func run(_ context: BenchContext, cluster: BenchCluster, instanceCount: Int) async throws -> ScenarioResult {
        let count = context.plan.pushRecords
        let name = "push_postgres_\(instanceCount)"
        let directory = try context.directory(for: name)
        try await cluster.createDatabase(name)
        let instances = try await BenchInstances.start(
            .postgres(url: cluster.url(database: name)), count: instanceCount, executable: context.executable)
        do {
            var crew = [BenchAgent]()
            for number in 0..<instanceCount {
                let token = try await instances.token(name: "tech-push-\(number)", region: .north)
                crew.append(
                    try BenchAgent.create(
                        at: directory + "/agent-\(number).sqlite", server: instances.urls[number], token: token,
                        region: .north))
            }
            let agents = crew
            let share = count / instanceCount
            context.say("push on PostgreSQL, \(instanceCount) instance(s): recording \(count) records offline")
            _ = try await Threads.all(count: instanceCount) { number in
                try agents[number].record(0..<share, from: context.source, region: .north)
            }
            context.say("push on PostgreSQL, \(instanceCount) instance(s): syncing")
            let sampler = ResourceSampler(instances: instances.pids, cluster: cluster, database: name)
            await sampler.start()
            let clock = ContinuousClock()
            let start = clock.now
            let runs = try await Threads.all(count: instanceCount) { number in
                let summary = try agents[number].sync()
                let end = clock.now
                return (summary, end, agents[number].phases.pushEnd ?? end)
            }
            let load = await sampler.stop(connectionLimit: instanceCount * 20)
            let pushSeconds = (runs.map(\.2).max()! - start) / .seconds(1)
            let wholeSeconds = (runs.map(\.1).max()! - start) / .seconds(1)

            var result = ScenarioResult(
                name: "push, PostgreSQL, \(instanceCount) instance(s)", records: share * instanceCount,
                seconds: pushSeconds)
            result.details["instances"] = Double(instanceCount)
            result.details["whole_sync_seconds"] = wholeSeconds
            result.details["instance_cores"] = load.instanceCores
            result.details["database_cores"] = load.databaseCores
            result.details["agent_cores"] = load.agentCores
            result.details["other_cores"] = load.otherCores
            result.wireBytes = agents.reduce(0) { $0 + $1.wire.totals.sent + $1.wire.totals.received }
            let pushed = runs.reduce(0) { $0 + $1.0.pushed }
            try result.check(pushed == share * instanceCount, "the server took all \(share * instanceCount) records")
            try result.check(
                try await instances.recordCount() == share * instanceCount,
                "the database holds \(share * instanceCount) records")
            try result.check(runs.allSatisfy { $0.0.openConflicts == 0 }, "no conflicts")
            await instances.stop()
            let baseline = try await PostgresBaseline.measure(
                cluster, from: name, into: name + "_baseline", batch: SyncOptions().pushBatchSize)
            result.baseline = baseline.insert
            result.details["copy_rows_per_second"] = baseline.copy.rowsPerSecond
            result.details["ratio_to_copy"] = result.recordsPerSecond / max(baseline.copy.rowsPerSecond, 1)
            await cluster.dropDatabase(name)
            try? FileManager.default.removeItem(atPath: directory)
            return result
        } catch {
            await instances.stop()
            await cluster.dropDatabase(name)
            throw error
        }
    }
}
