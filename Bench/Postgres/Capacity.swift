/// How many technicians one configuration serves at once, from the fan-in scan: the most agents
/// measured at once with every sync succeeding and the slowest (p99) under `syncLimit`; and how
/// many records a night that makes if such waves follow one another. Pure: tested without I/O.
struct Capacity: Sendable, Codable, Equatable {
    var setup: String
    /// The most agents measured at once within the limit (0: not even the smallest point).
    var agentsAtOnce: Int
    var p99Milliseconds: Double
    /// One wave's length, and the records each agent pushed in it.
    var waveSeconds: Double
    var recordsPerAgent: Int
    /// Waves back to back for `nightHours`: an extrapolation from one measured wave.
    var syncsPerNight: Int
    var recordsPerNight: Int
    /// What ran out first at the next measured point (or at this one, if it is the last).
    var limitedBy: String

    enum CodingKeys: String, CodingKey {
        case setup
        case agentsAtOnce = "agents_at_once"
        case p99Milliseconds = "p99_ms"
        case waveSeconds = "wave_seconds"
        case recordsPerAgent = "records_per_agent"
        case syncsPerNight = "syncs_per_night"
        case recordsPerNight = "records_per_night"
        case limitedBy = "limited_by"
    }

    /// Every sync under this many seconds.
    static let syncLimit = 10.0
    /// The night's sync window.
    static let nightHours = 8.0

    struct Measured: Sendable, Equatable {
        var agents: Int
        var seconds: Double
        var p99Milliseconds: Double
        var failed: Int
        var recordsPerAgent: Int
        var bottleneck: String
    }

    static func of(setup: String, _ points: [Measured], limit: Double = syncLimit, nightHours: Double = nightHours)
        -> Capacity
    {
        let sorted = points.sorted { $0.agents < $1.agents }
        let within = sorted.filter { $0.failed == 0 && $0.p99Milliseconds <= limit * 1000 }
        guard let best = within.max(by: { $0.agents < $1.agents }) else {
            return Capacity(
                setup: setup, agentsAtOnce: 0, p99Milliseconds: sorted.first?.p99Milliseconds ?? 0, waveSeconds: 0,
                recordsPerAgent: sorted.first?.recordsPerAgent ?? 0, syncsPerNight: 0, recordsPerNight: 0,
                limitedBy: sorted.first?.bottleneck ?? "not measured")
        }
        let next = sorted.first { $0.agents > best.agents } ?? best
        let waves = best.seconds > 0 ? Int(nightHours * 3600 / best.seconds) : 0
        return Capacity(
            setup: setup, agentsAtOnce: best.agents, p99Milliseconds: best.p99Milliseconds, waveSeconds: best.seconds,
            recordsPerAgent: best.recordsPerAgent, syncsPerNight: waves * best.agents,
            recordsPerNight: waves * best.agents * best.recordsPerAgent, limitedBy: next.bottleneck)
    }
}
