import Foundation

/// A whole run: the machine, every scenario, the metadata figures and the issue's targets.
struct BenchReport: Sendable, Codable {
    struct Machine: Sendable, Codable {
        var cores: Int
        var memoryBytes: UInt64
        var cpu: String
        var os: String

        enum CodingKeys: String, CodingKey {
            case cores, cpu, os
            case memoryBytes = "memory_bytes"
        }

        static var current: Machine {
            let info = ProcessInfo.processInfo
            let cpu =
                (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?.split(separator: "\n")
                .first { $0.hasPrefix("model name") }
                .map {
                    $0.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
                } ?? "unknown"
            return Machine(
                cores: info.activeProcessorCount, memoryBytes: info.physicalMemory, cpu: cpu,
                os: info.operatingSystemVersionString)
        }
    }

    struct Target: Sendable, Codable {
        var target: String
        var measured: String
        var met: Bool
    }

    var scale: BenchScale
    var date: String
    var machine: Machine
    var scenarios: [ScenarioResult]
    var metadata: [MetadataMeasure.Figures]
    var targets: [Target]

    /// The issue's targets, judged on this run's figures (not for the smoke scale, which times nothing).
    static func targets(_ scenarios: [ScenarioResult], metadata: [MetadataMeasure.Figures]) -> [Target] {
        func scenario(_ name: String) -> ScenarioResult? { scenarios.first { $0.name == name } }
        func percent(_ value: Double?) -> String {
            value.map { String(format: "%.0f%% of baseline", $0 * 100) } ?? "n/a"
        }
        var targets = [Target]()
        if let push = scenario("push") {
            targets.append(
                Target(
                    target: "push ≥ 50% of baseline", measured: percent(push.ratioToBaseline),
                    met: (push.ratioToBaseline ?? 0) >= 0.5))
        }
        if let whole = scenario("whole sync") {
            targets.append(
                Target(
                    target: "whole sync of the push ≥ 50% of baseline", measured: percent(whole.ratioToBaseline),
                    met: (whole.ratioToBaseline ?? 0) >= 0.5))
        }
        if let pull = scenario("initial pull") {
            targets.append(
                Target(
                    target: "initial pull ≥ 50% of baseline", measured: percent(pull.ratioToBaseline),
                    met: (pull.ratioToBaseline ?? 0) >= 0.5))
            let peak = pull.peakMemory["agent (child process)"] ?? 0
            targets.append(
                Target(
                    target: "initial pull: agent peak memory ≤ 200 MB",
                    measured: String(format: "%.0f MB", Double(peak) / 1_048_576),
                    met: peak > 0 && peak <= 200 * 1_048_576))
        }
        if let noOp = scenario("no-op sync"), let ratio = noOp.details["large_over_small"] {
            targets.append(
                Target(
                    target: "no-op on the large replica ≤ 1.5× the small one", measured: String(format: "%.2f×", ratio),
                    met: ratio <= 1.5))
        }
        if let fanIn = scenario("fan-in") {
            let failed = Int(fanIn.details["failed_syncs"] ?? 0)
            targets.append(
                Target(target: "fan-in: every sync succeeds", measured: "\(failed) failed", met: failed == 0))
            targets.append(
                Target(
                    target: "fan-in ≥ 30% of baseline", measured: percent(fanIn.ratioToBaseline),
                    met: (fanIn.ratioToBaseline ?? 0) >= 0.3))
        }
        for name in ["attachment upload", "attachment download"] {
            guard let moved = scenario(name) else { continue }
            let share = moved.details["share_of_raw_copy"]
            targets.append(
                Target(
                    target: "\(name) ≥ 50% of a raw copy",
                    measured: share.map {
                        String(
                            format: "%.0f%% of a raw copy (%.0f MB/s)", $0 * 100, moved.details["mb_per_second"] ?? 0)
                    } ?? "n/a",
                    met: (share ?? 0) >= 0.5))
        }
        if let day = scenario("technician's day") {
            let first = day.checks.contains { $0.hasPrefix("every record was acknowledged before") }
            targets.append(
                Target(
                    target: "technician's day: every record acknowledged before the first photo byte",
                    measured: first ? "yes" : "no", met: first))
        }
        if let worst = metadata.max(by: { $0.metadataShare < $1.metadataShare }) {
            targets.append(
                Target(
                    target: "metadata ≤ 25% of payload (≤ 3 replicas)",
                    measured: String(format: "%.0f%% (%d replicas)", worst.metadataShare * 100, worst.replicas),
                    met: worst.metadataShare <= 0.25))
        }
        return targets
    }

    /// The terminal table.
    var table: String {
        var lines = [String]()
        lines.append("FieldSync benchmark, scale \(scale.rawValue), \(machine.cores) cores, \(machine.cpu)")
        let header = [
            "scenario", "records", "seconds", "records/s", "baseline rows/s", "ratio", "wire MB", "peak RSS MB",
        ]
        var rows = [header]
        for result in scenarios {
            rows.append([
                result.name, result.records == 0 ? "-" : "\(result.records)", String(format: "%.3f", result.seconds),
                result.records == 0 ? "-" : String(format: "%.0f", result.recordsPerSecond),
                result.baseline.map { String(format: "%.0f (batch %d)", $0.rowsPerSecond, $0.batch) } ?? "-",
                result.ratioToBaseline.map { String(format: "%.0f%%", $0 * 100) } ?? "-",
                String(format: "%.1f", Double(result.wireBytes) / 1_048_576),
                result.peakMemory.sorted { $0.key < $1.key }.map { "\($0.key) \(Int(Double($0.value) / 1_048_576))" }
                    .joined(separator: "; "),
            ])
        }
        lines += Self.render(rows)
        for result in scenarios where !result.details.isEmpty {
            lines.append(
                "  \(result.name): "
                    + result.details.sorted { $0.key < $1.key }.map { "\($0.key) \(Self.number($0.value))" }.joined(
                        separator: ", "))
        }
        lines.append("metadata (context and dots) per stored record:")
        for figures in metadata {
            lines.append(
                String(
                    format:
                        "  %d replica(s): state %.0f B stored (%.0f B on the wire), values %.0f B, metadata %.0f B = %.0f%% of payload",
                    figures.replicas, figures.stateBytes, figures.wireStateBytes, figures.payloadBytes,
                    figures.metadataBytes,
                    figures.metadataShare * 100))
        }
        if !targets.isEmpty {
            lines.append("targets:")
            for target in targets {
                lines.append("  [\(target.met ? "met" : "MISSED")] \(target.target): \(target.measured)")
            }
        }
        return lines.joined(separator: "\n")
    }

    static func number(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e12 ? String(Int64(value)) : String(format: "%.2f", value)
    }

    static func render(_ rows: [[String]]) -> [String] {
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(
                separator: "  ")
        }
    }
}
