/// What a fan-in run used of each resource, and which ran out first: a pure function of the
/// figures sampled during the run (tested without I/O).
struct LoadFigures: Sendable, Codable, Equatable {
    /// The machine's cores.
    var cores: Int
    /// Share of all cores busy (0…1), mean over the run, from `/proc/stat`.
    var machineBusy: Double
    /// Cores the server instances used (sum over them), mean over the run.
    var instanceCores: Double
    /// Cores the database's processes used.
    var databaseCores: Double
    /// Cores the agents (this benchmark's process) used.
    var agentCores: Double
    /// Cores anything else on the machine used (other builds on a shared machine).
    var otherCores: Double
    /// The database's connections to this database, 90th percentile of the samples, and the peak.
    var connectionsP90: Int
    var connectionsPeak: Int
    /// The most connections the instances may open (instances × pool size).
    var connectionLimit: Int
    /// Sessions running a statement, 90th percentile, and sessions waiting on a lock (row or
    /// advisory), 90th percentile and peak, from `pg_stat_activity`.
    var activeP90: Int
    var lockWaitsP90: Int
    var lockWaitsPeak: Int
    /// Lock requests not granted (`pg_locks`), peak.
    var ungrantedLocksPeak: Int

    enum CodingKeys: String, CodingKey {
        case cores
        case machineBusy = "machine_busy"
        case instanceCores = "instance_cores"
        case databaseCores = "database_cores"
        case agentCores = "agent_cores"
        case otherCores = "other_cores"
        case connectionsP90 = "connections_p90"
        case connectionsPeak = "connections_peak"
        case connectionLimit = "connection_limit"
        case activeP90 = "active_p90"
        case lockWaitsP90 = "lock_waits_p90"
        case lockWaitsPeak = "lock_waits_peak"
        case ungrantedLocksPeak = "ungranted_locks_peak"
    }
}

/// The resource that ran out first, and why we say so.
struct Bottleneck: Sendable, Codable, Equatable {
    enum Resource: String, Sendable, Codable {
        case instanceCPU = "instances' CPU"
        case databaseCPU = "database's CPU"
        case agentCPU = "agents' CPU (the load generator on the same machine)"
        case otherCPU = "CPU taken by other processes (the machine was shared)"
        case connections = "connections"
        case locks = "locks"
        case none = "nothing saturated"
    }

    var resource: Resource
    var reason: String

    /// Thresholds: the machine's cores count as used up at 85% busy (the rest is scheduling
    /// slack), a pool at 90% of its connections in use, locks when a quarter of the running
    /// sessions wait on one.
    static let busyCPU = 0.85
    static let fullPool = 0.9
    static let lockedShare = 0.25

    /// Of the resources past their threshold, the one furthest past it; on CPU, whoever used
    /// most of it (instances, database or the agents).
    static func classify(_ load: LoadFigures) -> Bottleneck {
        var saturated = [(Resource, Double, String)]()
        if load.machineBusy >= busyCPU {
            let users: [(Resource, Double)] = [
                (.instanceCPU, load.instanceCores), (.databaseCPU, load.databaseCores), (.agentCPU, load.agentCores),
                (.otherCPU, load.otherCores),
            ]
            let top = users.max { $0.1 < $1.1 }!
            saturated.append(
                (
                    top.0, load.machineBusy / busyCPU,
                    "the machine's \(load.cores) cores were \(percent(load.machineBusy)) busy: instances "
                        + "\(cores(load.instanceCores)), database \(cores(load.databaseCores)), agents \(cores(load.agentCores)), "
                        + "others \(cores(load.otherCores))"
                ))
        }
        if load.connectionLimit > 0 {
            let share = Double(load.connectionsP90) / Double(load.connectionLimit)
            if share >= fullPool {
                saturated.append(
                    (
                        .connections, share / fullPool,
                        "\(load.connectionsP90) of the instances' \(load.connectionLimit) connections in use (p90)"
                    ))
            }
        }
        if load.activeP90 > 0 {
            let share = Double(load.lockWaitsP90) / Double(load.activeP90)
            if share >= lockedShare, load.lockWaitsP90 >= 2 {
                saturated.append(
                    (
                        .locks, share / lockedShare,
                        "\(load.lockWaitsP90) of \(load.activeP90) running sessions waited on a lock (p90)"
                    ))
            }
        }
        guard let first = saturated.max(by: { $0.1 < $1.1 }) else {
            return Bottleneck(
                resource: .none,
                reason:
                    "CPU \(percent(load.machineBusy)) busy, \(load.connectionsP90) of \(load.connectionLimit) connections, "
                    + "\(load.lockWaitsP90) lock waits (p90)")
        }
        return Bottleneck(resource: first.0, reason: first.2)
    }

    static func percent(_ share: Double) -> String { "\(Int((share * 100).rounded()))%" }
    static func cores(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) cores"
    }
}
