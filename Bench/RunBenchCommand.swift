import ArgumentParser
import Foundation

/// The benchmark itself: every scenario, the table, the JSON file.
struct RunBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run every scenario and print the figures.",
        discussion: """
            Scenarios: push, initial pull (its agent in a child process), no-op sync, fan-in, conflict-heavy, \
            and a technician's day of photos (attachment upload and download beside a raw copy of the same \
            bytes); the baseline inserts the same rows straight into SQLite. Build it in release mode for figures: \
            swift run -c release fieldsync-bench --scale full --json bench.json. The smoke scale checks \
            correctness only and judges no timing target.
            """)

    @Option(help: "smoke (a few thousand records, correctness only), small, or full (the issue's sizes).")
    var scale: BenchScale = .full
    @Option(help: ArgumentHelp("Also write the figures as JSON to this file.", valueName: "path"))
    var json: String?
    @Flag(help: "Print more progress.") var verbose = false
    @Option(
        help: ArgumentHelp(
            "sqlite (the embedded store), or postgres: push and a fan-in scan on one and two instances.",
            discussion:
                "postgres uses FIELDSYNC_BENCH_POSTGRES_URL (an administrator's connection; the benchmark creates and drops its databases), or else starts a throwaway cluster (fsync on)."
        ))
    var backend: BenchBackend = .sqlite
    @Option(
        help: ArgumentHelp(
            "Run only these scenarios, comma-separated: push, pull (with no-op), fanin, conflict, attachments (for profiling).",
            valueName: "names"))
    var only: String?

    func validate() throws {
        let unknown = selected.subtracting(Self.scenarioNames)
        guard unknown.isEmpty else {
            throw ValidationError(
                "--only takes push, pull, fanin, conflict or attachments, not \(unknown.sorted().joined(separator: ", "))"
            )
        }
    }

    static let scenarioNames: Set<String> = ["push", "pull", "fanin", "conflict", "attachments"]

    var selected: Set<String> {
        only.map { Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) } ?? Self.scenarioNames
    }

    func run() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "fieldsync-bench-\(UUID().uuidString)"
        ).path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let executable =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let context = BenchContext(
            scale: scale, plan: scale.plan, source: BenchRecords(), directory: directory, executable: executable,
            verbose: verbose)
        context.say(
            "scale \(scale.rawValue), \(context.source.templates.count) demo records as templates, work in \(directory)"
        )
        if backend == .postgres {
            let url = ProcessInfo.processInfo.environment["FIELDSYNC_BENCH_POSTGRES_URL"]
            try await PostgresRun.run(context, url: url, json: json)
            return
        }

        var scenarios = [ScenarioResult]()
        let selected = self.selected
        if selected.contains("push") { scenarios += try await PushScenario.run(context) }
        if selected.contains("pull") { scenarios += try await PullScenario.run(context) }
        if selected.contains("fanin") { scenarios.append(try await FanInScenario.run(context)) }
        if selected.contains("conflict") { scenarios.append(try await ConflictScenario.run(context)) }
        if selected.contains("attachments") { scenarios += try await AttachmentScenario.run(context) }
        let metadata = try MetadataMeasure.run(context)

        let report = BenchReport(
            scale: scale, date: ISO8601DateFormatter().string(from: Date()), machine: .current, scenarios: scenarios,
            metadata: metadata, targets: scale == .smoke ? [] : BenchReport.targets(scenarios, metadata: metadata))
        print(report.table)
        if scale == .smoke { print("smoke: every check held (\(scenarios.reduce(0) { $0 + $1.checks.count }) checks)") }
        if let json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(report).write(to: URL(fileURLWithPath: json))
        }
    }
}
