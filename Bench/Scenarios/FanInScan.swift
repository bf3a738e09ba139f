import FieldSyncAgent
import FieldSyncShared
import Foundation

/// The fan-in scan: N agents at once (each pushes a day's work and pulls its region), on the
/// embedded server and on PostgreSQL with one and two instances, with what each resource was
/// doing meanwhile.
enum FanInScan {
    /// Where the instances store.
    enum Setup: String, Sendable, Codable, CaseIterable {
        case embedded = "embedded SQLite, 1 instance"
        case postgresOne = "PostgreSQL, 1 instance"
        case postgresTwo = "PostgreSQL, 2 instances"

        var instances: Int { self == .postgresTwo ? 2 : 1 }
        var key: String {
            switch self {
            case .embedded: "embedded"
            case .postgresOne: "postgres_1"
            case .postgresTwo: "postgres_2"
            }
        }
    }

    /// One point of the scan.
    struct Point: Sendable, Encodable {
        var setup: Setup
        var agents: Int
        var recordsPerAgent: Int
        var seconds: Double
        var pushed: Int
        var pulled: Int
        var failedSyncs: Int
        var firstFailure: String?
        var p50Milliseconds: Double
        var p99Milliseconds: Double
        var maxMilliseconds: Double
        var syncsPerSecond: Double { seconds > 0 ? Double(agents - failedSyncs) / seconds : 0 }
        var recordsPerSecond: Double { seconds > 0 ? Double(pushed + pulled) / seconds : 0 }
        var load: LoadFigures
        var bottleneck: Bottleneck
        /// The same rows inserted straight into the store, in batches of one agent's push.
        var baseline: Baseline.Measurement?
        var copyBaseline: Baseline.Measurement?
        var ratioToBaseline: Double? {
            guard let baseline, baseline.rowsPerSecond > 0 else { return nil }
            return recordsPerSecond / baseline.rowsPerSecond
        }
        var checks: [String] = []

        enum CodingKeys: String, CodingKey {
            case setup, agents, seconds, pushed, pulled, load, bottleneck, baseline, checks
            case recordsPerAgent = "records_per_agent"
            case failedSyncs = "failed_syncs"
            case firstFailure = "first_failure"
            case p50Milliseconds = "p50_ms"
            case p99Milliseconds = "p99_ms"
            case maxMilliseconds = "max_ms"
            case syncsPerSecond = "syncs_per_second"
            case recordsPerSecond = "records_per_second"
            case copyBaseline = "copy_baseline"
            case ratioToBaseline = "ratio_to_baseline"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(setup, forKey: .setup)
            try container.encode(agents, forKey: .agents)
            try container.encode(recordsPerAgent, forKey: .recordsPerAgent)
            try container.encode(seconds, forKey: .seconds)
            try container.encode(pushed, forKey: .pushed)
            try container.encode(pulled, forKey: .pulled)
            try container.encode(failedSyncs, forKey: .failedSyncs)
            try container.encodeIfPresent(firstFailure, forKey: .firstFailure)
            try container.encode(p50Milliseconds, forKey: .p50Milliseconds)
            try container.encode(p99Milliseconds, forKey: .p99Milliseconds)
            try container.encode(maxMilliseconds, forKey: .maxMilliseconds)
            try container.encode(syncsPerSecond, forKey: .syncsPerSecond)
            try container.encode(recordsPerSecond, forKey: .recordsPerSecond)
            try container.encode(load, forKey: .load)
            try container.encode(bottleneck, forKey: .bottleneck)
            try container.encodeIfPresent(baseline, forKey: .baseline)
            try container.encodeIfPresent(copyBaseline, forKey: .copyBaseline)
            try container.encodeIfPresent(ratioToBaseline, forKey: .ratioToBaseline)
            try container.encode(checks, forKey: .checks)
        }
    }

    /// One point: `agents` agents on `setup`, each with `each` records of a day.
    static func run(
        _ context: BenchContext, cluster: BenchCluster?, setup: Setup, agents: Int, each: Int, strict: Bool
    ) async throws -> Point {
        let name = "fanin_\(setup.key)_\(agents)"
        let directory = try context.directory(for: name)
        let store: BenchInstances.Store
        let poolSize = 20
        if setup == .embedded {
            store = .sqlite(path: directory + "/server.sqlite")
        } else {
            guard let cluster else { throw BenchError("fan-in scan: no PostgreSQL for \(setup.rawValue)") }
            try await cluster.createDatabase(name)
            store = .postgres(url: cluster.url(database: name, poolSize: poolSize))
        }
        let instances = try await BenchInstances.start(store, count: setup.instances, executable: context.executable)
        do {
            var fleet = [BenchAgent]()
            var regions = [Region]()
            for number in 0..<agents {
                let region = Region.allCases[number % Region.allCases.count]
                let token = try await instances.token(name: "tech-\(number)", region: region)
                fleet.append(
                    try BenchAgent.create(
                        at: directory + "/agent-\(number).sqlite",
                        server: instances.urls[number % instances.urls.count],
                        token: token, region: region))
                regions.append(region)
            }
            let crew = fleet
            let homes = regions
            _ = try await Threads.all(count: agents) { number in
                try crew[number].record(0..<each, from: context.source, region: homes[number])
            }
            context.say("fan-in scan: \(setup.rawValue), \(agents) agents at once, \(each) records each")
            let sampler = ResourceSampler(
                instances: instances.pids, cluster: setup == .embedded ? nil : cluster,
                database: setup == .embedded ? nil : name)
            await sampler.start()
            let clock = ContinuousClock()
            let start = clock.now
            let syncs = try await round(crew)
            let seconds = (clock.now - start) / .seconds(1)
            let load = await sampler.stop(connectionLimit: setup == .embedded ? 0 : setup.instances * poolSize)

            let failures = syncs.compactMap(\.failure)
            let latencies = syncs.map(\.seconds)
            var point = Point(
                setup: setup, agents: agents, recordsPerAgent: each, seconds: seconds,
                pushed: syncs.reduce(0) { $0 + $1.pushed }, pulled: syncs.reduce(0) { $0 + $1.pulled },
                failedSyncs: failures.count, firstFailure: failures.first,
                p50Milliseconds: percentile(latencies, 0.5) * 1000, p99Milliseconds: percentile(latencies, 0.99) * 1000,
                maxMilliseconds: (latencies.max() ?? 0) * 1000, load: load, bottleneck: Bottleneck.classify(load))
            if strict, let failure = failures.first {
                throw BenchError(
                    "fan-in scan: \(failures.count) sync(s) failed on \(setup.rawValue); first: \(failure)")
            }
            if failures.isEmpty {
                // Correctness, untimed: a second round brings each agent what the first missed.
                let again = try await round(crew)
                if let failure = again.compactMap(\.failure).first {
                    throw BenchError("fan-in scan: a catch-up sync failed on \(setup.rawValue): \(failure)")
                }
                try point.check(point.pushed == agents * each, "the server took all \(agents * each) records")
                try point.check(
                    try await instances.recordCount() == agents * each, "the store holds \(agents * each) records")
                let held = try crew.map { try $0.store.counts().byKind.values.reduce(0, +) }
                let expected = homes.map { home in homes.filter { $0 == home }.count * each }
                try point.check(held == expected, "every agent holds every record of its region")
            }
            await instances.stop()
            if failures.isEmpty {
                if let cluster, setup != .embedded {
                    let baseline = try await PostgresBaseline.measure(
                        cluster, from: name, into: name + "_baseline", batch: each)
                    point.baseline = baseline.insert
                    point.copyBaseline = baseline.copy
                } else if setup == .embedded {
                    point.baseline = try await Threads.run {
                        try Baseline.measure(
                            from: directory + "/server.sqlite", batch: each, into: directory + "/baseline.sqlite")
                    }
                }
            }
            if setup != .embedded { await cluster?.dropDatabase(name) }
            try? FileManager.default.removeItem(atPath: directory)
            return point
        } catch {
            await instances.stop()
            if setup != .embedded { await cluster?.dropDatabase(name) }
            throw error
        }
    }
}

extension FanInScan.Point {
    /// Records a check that must hold; a failed one stops the run.
    mutating func check(_ condition: Bool, _ what: String) throws {
        guard condition else {
            throw BenchError("fan-in scan, \(setup.rawValue), \(agents) agents: check failed: \(what)")
        }
        checks.append(what)
    }
}

extension FanInScan {
    /// One agent's sync in a round.
    struct Sync: Sendable {
        var seconds: Double
        var pushed: Int
        var pulled: Int
        var failure: String?
    }

    /// Every agent syncs once, all at the same time; each sync's time and what it moved (a
    /// failure is counted, not thrown: the scan looks for where syncs start to fail).
    static func round(_ crew: [BenchAgent]) async throws -> [Sync] {
        try await Threads.all(count: crew.count) { number in
            let clock = ContinuousClock()
            let start = clock.now
            do {
                let summary = try crew[number].sync()
                return Sync(
                    seconds: (clock.now - start) / .seconds(1), pushed: summary.pushed, pulled: summary.pulled)
            } catch {
                return Sync(
                    seconds: (clock.now - start) / .seconds(1), pushed: 0, pulled: 0, failure: "\(error)")
            }
        }
    }
}
