import ArgumentParser
import Foundation

/// Which store the benchmark's server uses.
public enum BenchBackend: String, CaseIterable, ExpressibleByArgument, Sendable, Codable {
    case sqlite, postgres
}

/// `fieldsync-bench --backend postgres`: the push on one and two instances against PostgreSQL
/// alone, and the fan-in scan on the embedded server and on PostgreSQL with one and two instances.
struct PostgresRun {
    struct Cluster: Sendable, Codable {
        var version: String
        var fsync: String
        var maxConnections: Int
        var throwaway: Bool

        enum CodingKeys: String, CodingKey {
            case version, fsync, throwaway
            case maxConnections = "max_connections"
        }
    }

    struct Report: Sendable, Encodable {
        var scale: BenchScale
        var date: String
        var machine: BenchReport.Machine
        var postgres: Cluster
        var push: [ScenarioResult]
        var fanIn: [FanInScan.Point]
        var capacity: [Capacity]
        var targets: [BenchReport.Target]

        enum CodingKeys: String, CodingKey {
            case scale, date, machine, postgres, push, capacity, targets
            case fanIn = "fan_in"
        }
    }

    /// The scan's agent counts and each agent's day, by scale.
    static func scan(_ scale: BenchScale) -> (agents: [Int], each: Int) {
        switch scale {
        case .smoke: ([4, 8], 10)
        case .small: ([10, 50], 50)
        case .full: ([10, 50, 100, 200], 50)
        }
    }

    static func run(_ context: BenchContext, url: String?, json: String?) async throws {
        let cluster = try await BenchCluster.open(url: url) { context.say($0) }
        do {
            let report = try await measure(context, cluster: cluster, throwaway: url == nil)
            cluster.stop()
            print(table(report))
            if context.scale == .smoke {
                let checks =
                    report.push.reduce(0) { $0 + $1.checks.count } + report.fanIn.reduce(0) { $0 + $1.checks.count }
                print("smoke: every check held (\(checks) checks)")
            }
            if let json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                try encoder.encode(report).write(to: URL(fileURLWithPath: json))
            }
        } catch {
            cluster.stop()
            throw error
        }
    }

    static func measure(_ context: BenchContext, cluster: BenchCluster, throwaway: Bool) async throws -> Report {
        let smoke = context.scale == .smoke
        var push = [ScenarioResult]()
        for count in [1, 2] {
            push.append(try await PostgresPushScenario.run(context, cluster: cluster, instanceCount: count))
        }
        let (counts, each) = scan(context.scale)
        var points = [FanInScan.Point]()
        for setup in FanInScan.Setup.allCases {
            for agents in counts {
                points.append(
                    try await FanInScan.run(
                        context, cluster: cluster, setup: setup, agents: agents, each: each, strict: smoke))
            }
        }
        let capacity = FanInScan.Setup.allCases.map { setup in
            Capacity.of(
                setup: setup.rawValue,
                points.filter { $0.setup == setup }.map {
                    Capacity.Measured(
                        agents: $0.agents, seconds: $0.seconds, p99Milliseconds: $0.p99Milliseconds,
                        failed: $0.failedSyncs, recordsPerAgent: $0.recordsPerAgent,
                        bottleneck: $0.bottleneck.resource.rawValue)
                })
        }
        return Report(
            scale: context.scale, date: ISO8601DateFormatter().string(from: Date()), machine: .current,
            postgres: Cluster(
                version: cluster.version, fsync: cluster.fsync, maxConnections: cluster.maxConnections,
                throwaway: throwaway),
            push: push, fanIn: points, capacity: capacity,
            targets: smoke ? [] : targets(push: push, points: points, capacity: capacity))
    }

    /// The issue's targets on this run's figures.
    static func targets(push: [ScenarioResult], points: [FanInScan.Point], capacity: [Capacity]) -> [BenchReport.Target]
    {
        func percent(_ value: Double?) -> String {
            value.map { String(format: "%.0f%% of PostgreSQL alone", $0 * 100) } ?? "n/a"
        }
        var targets = [BenchReport.Target]()
        for result in push {
            targets.append(
                BenchReport.Target(
                    target: "\(result.name) ≥ 50% of baseline", measured: percent(result.ratioToBaseline),
                    met: (result.ratioToBaseline ?? 0) >= 0.5))
        }
        for setup in [FanInScan.Setup.postgresOne, .postgresTwo] {
            // The largest point where every sync succeeded.
            guard
                let point = points.filter({ $0.setup == setup && $0.failedSyncs == 0 }).max(by: {
                    $0.agents < $1.agents
                })
            else { continue }
            targets.append(
                BenchReport.Target(
                    target: "fan-in, \(setup.rawValue), \(point.agents) agents ≥ 50% of baseline",
                    measured: percent(point.ratioToBaseline), met: (point.ratioToBaseline ?? 0) >= 0.5))
        }
        let one = capacity.first { $0.setup == FanInScan.Setup.postgresOne.rawValue }?.agentsAtOnce ?? 0
        let two = capacity.first { $0.setup == FanInScan.Setup.postgresTwo.rawValue }?.agentsAtOnce ?? 0
        targets.append(
            BenchReport.Target(
                target: "two instances serve more agents at once than one (every sync < \(Int(Capacity.syncLimit)) s)",
                measured: "\(two) vs \(one)", met: two > one))
        return targets
    }

    static func table(_ report: Report) -> String {
        var lines = [String]()
        lines.append(
            "FieldSync benchmark on PostgreSQL \(report.postgres.version) (fsync \(report.postgres.fsync)), scale "
                + "\(report.scale.rawValue), \(report.machine.cores) cores, \(report.machine.cpu)")
        var rows = [["scenario", "records", "seconds", "records/s", "INSERT alone rows/s", "ratio", "COPY rows/s"]]
        for result in report.push {
            rows.append([
                result.name, "\(result.records)", String(format: "%.3f", result.seconds),
                String(format: "%.0f", result.recordsPerSecond),
                result.baseline.map { String(format: "%.0f (batch %d)", $0.rowsPerSecond, $0.batch) } ?? "-",
                result.ratioToBaseline.map { String(format: "%.0f%%", $0 * 100) } ?? "-",
                String(format: "%.0f", result.details["copy_rows_per_second"] ?? 0),
            ])
        }
        lines += BenchReport.render(rows)
        lines.append("fan-in scan (each agent pushes a day's work and pulls its region, all at once):")
        var scan = [
            [
                "setup", "agents", "seconds", "syncs/s", "records/s", "p50 ms", "p99 ms", "failed", "baseline rows/s",
                "ratio", "conns p90/peak", "lock waits p90", "CPU inst/db/agents/other", "ran out first",
            ]
        ]
        for point in report.fanIn {
            scan.append([
                point.setup.rawValue, "\(point.agents)", String(format: "%.2f", point.seconds),
                String(format: "%.1f", point.syncsPerSecond), String(format: "%.0f", point.recordsPerSecond),
                String(format: "%.0f", point.p50Milliseconds), String(format: "%.0f", point.p99Milliseconds),
                "\(point.failedSyncs)", point.baseline.map { String(format: "%.0f", $0.rowsPerSecond) } ?? "-",
                point.ratioToBaseline.map { String(format: "%.0f%%", $0 * 100) } ?? "-",
                "\(point.load.connectionsP90)/\(point.load.connectionsPeak)", "\(point.load.lockWaitsP90)",
                String(
                    format: "%.2f/%.2f/%.2f/%.2f", point.load.instanceCores, point.load.databaseCores,
                    point.load.agentCores, point.load.otherCores),
                point.bottleneck.resource.rawValue,
            ])
        }
        lines += BenchReport.render(scan)
        for point in report.fanIn where point.bottleneck.resource != .none {
            lines.append("  \(point.setup.rawValue), \(point.agents) agents: \(point.bottleneck.reason)")
        }
        lines.append(
            "capacity (every sync under \(Int(Capacity.syncLimit)) s; a night of \(Int(Capacity.nightHours)) h of such waves):"
        )
        for row in report.capacity {
            lines.append(
                "  \(row.setup): \(row.agentsAtOnce) agents at once (p99 \(Int(row.p99Milliseconds)) ms), "
                    + "\(row.recordsPerNight) records a night; next point limited by \(row.limitedBy)")
        }
        if !report.targets.isEmpty {
            lines.append("targets:")
            for target in report.targets {
                lines.append("  [\(target.met ? "met" : "MISSED")] \(target.target): \(target.measured)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
