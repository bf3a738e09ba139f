import Foundation
import PostgresNIO

/// Samples, every 200 ms while a run lasts, the machine's CPU (`/proc/stat`), the CPU of the
/// instances, of the database's processes and of this process (`/proc/PID/stat`), and the
/// database's sessions and locks (`pg_stat_activity`, `pg_locks`).
///
/// ```swift
/// let sampler = ResourceSampler(instances: pids, cluster: cluster, database: "bench_fanin")
/// await sampler.start()
/// … the run …
/// let load = await sampler.stop(connectionLimit: 40)
/// ```
actor ResourceSampler {
    struct Ticks: Sendable {
        var busy: UInt64 = 0
        var total: UInt64 = 0
        var instances: UInt64 = 0
        var database: UInt64 = 0
        var agents: UInt64 = 0
    }

    let instances: [Int32]
    let cluster: BenchCluster?
    let database: String?
    private var task: Task<[Sample], Never>?
    typealias Sample = (connections: Int, active: Int, lockWaits: Int, ungranted: Int)
    private var first = Ticks()
    private var connections = [Int]()
    private var active = [Int]()
    private var lockWaits = [Int]()
    private var ungranted = [Int]()

    init(instances: [Int32], cluster: BenchCluster?, database: String?) {
        self.instances = instances
        self.cluster = cluster
        self.database = database
    }

    func start() {
        first = Self.ticks(instances: instances)
        let cluster = cluster
        let database = database
        task = Task.detached {
            guard let cluster, let database else {
                while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(200)) }
                return []
            }
            let samples = try? await cluster.admin { connection in
                var samples = [Sample]()
                while !Task.isCancelled {
                    if let sample = try? await Self.sample(connection, database: database) { samples.append(sample) }
                    try? await Task.sleep(for: .milliseconds(200))
                }
                return samples
            }
            return samples ?? []
        }
    }

    /// Stops sampling; the figures over the run.
    func stop(connectionLimit: Int) async -> LoadFigures {
        task?.cancel()
        for sample in await task?.value ?? [] {
            connections.append(sample.connections)
            active.append(sample.active)
            lockWaits.append(sample.lockWaits)
            ungranted.append(sample.ungranted)
        }
        let last = Self.ticks(instances: instances)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let wall = Double(last.total - first.total) / Double(max(cores, 1))
        func used(_ value: UInt64) -> Double { wall > 0 ? Double(value) / wall : 0 }
        func p90(_ values: [Int]) -> Int { Int(percentile(values.map(Double.init), 0.9)) }
        let busy = last.total > first.total ? Double(last.busy - first.busy) / Double(last.total - first.total) : 0
        let instances = used(last.instances - first.instances)
        let database = used(last.database - first.database)
        let agents = used(last.agents - first.agents)
        return LoadFigures(
            cores: cores, machineBusy: busy, instanceCores: instances, databaseCores: database, agentCores: agents,
            otherCores: max(0, busy * Double(cores) - instances - database - agents), connectionsP90: p90(connections),
            connectionsPeak: connections.max() ?? 0, connectionLimit: connectionLimit, activeP90: p90(active),
            lockWaitsP90: p90(lockWaits), lockWaitsPeak: lockWaits.max() ?? 0, ungrantedLocksPeak: ungranted.max() ?? 0)
    }

    private static func sample(_ connection: PostgresConnection, database: String) async throws -> (Int, Int, Int, Int)
    {
        var result = (0, 0, 0, 0)
        for try await (total, running, waiting) in try await connection.query(
            """
            SELECT count(*), count(*) FILTER (WHERE state = 'active'), count(*) FILTER (WHERE wait_event_type = 'Lock')
            FROM pg_stat_activity WHERE datname = \(database) AND pid <> pg_backend_pid()
            """, logger: BenchCluster.logger
        ).decode((Int64, Int64, Int64).self) {
            result = (Int(total), Int(running), Int(waiting), 0)
        }
        for try await count in try await connection.query(
            "SELECT count(*) FROM pg_locks WHERE NOT granted", logger: BenchCluster.logger
        ).decode(Int64.self) {
            result.3 = Int(count)
        }
        return result
    }

    // MARK: /proc

    /// Clock ticks so far: the machine's, the instances', the database's (every process named
    /// `postgres`: a local cluster) and this process's.
    static func ticks(instances: [Int32]) -> Ticks {
        var ticks = Ticks()
        if let line = read("/proc/stat").split(separator: "\n").first {
            let fields = line.split(separator: " ").dropFirst().compactMap { UInt64($0) }
            ticks.total = fields.reduce(0, +)
            // idle and iowait are the 4th and 5th.
            ticks.busy = ticks.total - (fields.count > 4 ? fields[3] + fields[4] : 0)
        }
        ticks.instances = instances.reduce(0) { $0 + processTicks($1) }
        ticks.agents = processTicks(getpid())
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for entry in entries {
            guard let pid = Int32(entry) else { continue }
            if read("/proc/\(pid)/comm").hasPrefix("postgres") { ticks.database += processTicks(pid) }
        }
        return ticks
    }

    /// utime + stime of `pid` (fields 14 and 15 of `/proc/PID/stat`, after the command's parentheses).
    static func processTicks(_ pid: Int32) -> UInt64 {
        let text = read("/proc/\(pid)/stat")
        guard let close = text.lastIndex(of: ")") else { return 0 }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // fields[0] is the state (field 3): utime is field 14, stime 15.
        guard fields.count > 12, let user = UInt64(fields[11]), let system = UInt64(fields[12]) else { return 0 }
        return user + system
    }

    static func read(_ path: String) -> String {
        // /proc files report a size of 0: read them to the end rather than by their size.
        guard let handle = FileHandle(forReadingAtPath: path) else { return "" }
        defer { try? handle.close() }
        return String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
    }
}
