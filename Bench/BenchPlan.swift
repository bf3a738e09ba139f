import ArgumentParser

/// How big a run is: `full` is the figures, `small` a quicker timed run, `smoke` a few
/// thousand records that check correctness only (for CI, in a debug build).
public enum BenchScale: String, CaseIterable, ExpressibleByArgument, Sendable, Codable {
    case smoke, small, full

    var plan: BenchPlan {
        switch self {
        case .full:
            BenchPlan(
                pushRecords: 100_000, pullRecords: 1_000_000, otherRegionRecords: 50_000, noOpSmallRecords: 1_000,
                noOpRepeats: 30, fanInAgents: 100, fanInRecordsPerAgent: 200, conflictRecords: 10_000,
                metadataSample: 5_000)
        case .small:
            BenchPlan(
                pushRecords: 20_000, pullRecords: 100_000, otherRegionRecords: 5_000, noOpSmallRecords: 1_000,
                noOpRepeats: 20, fanInAgents: 100, fanInRecordsPerAgent: 200, conflictRecords: 2_000,
                metadataSample: 2_000)
        case .smoke:
            BenchPlan(
                pushRecords: 1_500, pullRecords: 3_000, otherRegionRecords: 400, noOpSmallRecords: 200,
                noOpRepeats: 3, fanInAgents: 10, fanInRecordsPerAgent: 50, conflictRecords: 500, metadataSample: 500,
                dayPhotos: 4, photoBytes: 256 << 10)
        }
    }
}

/// The sizes of one run's scenarios.
struct BenchPlan: Sendable, Codable {
    /// Records one agent records offline and pushes to an empty server.
    var pushRecords: Int
    /// Records of its region a fresh agent pulls; the large no-op replica is that agent's.
    var pullRecords: Int
    /// Records of other regions on the same server, which the pull must filter out.
    var otherRegionRecords: Int
    /// Records of the small no-op replica (of another region, on the same server).
    var noOpSmallRecords: Int
    var noOpRepeats: Int
    var fanInAgents: Int
    var fanInRecordsPerAgent: Int
    /// Records two agents edit concurrently.
    var conflictRecords: Int
    /// Records whose metadata is weighed.
    var metadataSample: Int
    /// A technician's day (`AttachmentScenario`): its photos, their size, and its other records.
    var dayPhotos = 30
    var photoBytes = 3 << 20
    var dayRecords = 24
    /// Records per transaction when the server store is seeded directly.
    var seedBatch = 5_000
}
