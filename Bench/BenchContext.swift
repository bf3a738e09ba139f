import FieldSyncShared
import Foundation
import GRDB

/// What every scenario shares: the plan, the record source, a scratch directory, progress lines.
struct BenchContext: Sendable {
    let scale: BenchScale
    let plan: BenchPlan
    let source: BenchRecords
    /// A temporary directory for this run, removed at its end.
    let directory: String
    /// This executable, which runs the initial pull's agent as a child process.
    let executable: String
    let verbose: Bool

    /// A new directory for one scenario.
    func directory(for scenario: String) throws -> String {
        let path = directory + "/" + scenario
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A progress line on standard error.
    func say(_ line: String) {
        FileHandle.standardError.write(Data("bench: \(line)\n".utf8))
    }

    /// How many records the server store at `path` holds (in `region`, if given).
    static func serverCount(_ path: String, region: Region? = nil) throws -> Int {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        return try queue.read { db in
            if let region {
                return try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM record WHERE region = ?", arguments: [region.rawValue]) ?? 0
            }
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM record") ?? 0
        }
    }
}

/// Seconds a block took, with its result.
func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let clock = ContinuousClock()
    let start = clock.now
    let value = try body()
    return (value, (clock.now - start) / .seconds(1))
}

/// The value at `fraction` (0…1) of `values` sorted, by nearest rank.
func percentile(_ values: [Double], _ fraction: Double) -> Double {
    guard !values.isEmpty else { return 0 }
    let sorted = values.sorted()
    let rank = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
    return sorted[min(max(rank, 0), sorted.count - 1)]
}
