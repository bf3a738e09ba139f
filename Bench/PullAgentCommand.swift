import ArgumentParser
import FieldSyncAgent
import FieldSyncShared
import Foundation

/// `fieldsync-bench pull-agent` (hidden): the initial pull's agent, run by the benchmark as a
/// child process so that the peak memory it reports is the agent's alone. Prints one JSON line.
struct PullAgentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull-agent", abstract: "Run one initial pull as a fresh agent (used by the benchmark itself).",
        shouldDisplay: false)

    @Option var server: String
    @Option var token: String
    @Option var db: String
    @Option var region: String

    struct Report: Codable, Sendable {
        var pulled: Int
        var held: Int
        var seconds: Double
        var peakBytes: Int64
        var sentBytes: Int64
        var receivedBytes: Int64
    }

    func run() throws {
        guard let region = Region(rawValue: region) else { throw ValidationError("--region takes a region name") }
        let agent = try BenchAgent.create(at: db, server: server, token: token, region: region)
        let (summary, seconds) = try timed { try agent.sync() }
        let peak = PeakMemory.peakBytes()
        let held = try agent.store.counts().byKind.values.reduce(0, +)
        let wire = agent.wire.totals
        let report = Report(
            pulled: summary.pulled, held: held, seconds: seconds, peakBytes: peak, sentBytes: wire.sent,
            receivedBytes: wire.received)
        print(String(decoding: try JSONEncoder().encode(report), as: UTF8.self))
    }

    /// Runs the command in a child process and waits for its report (blocking: call it off the server's threads).
    static func spawn(executable: String, server: String, token: String, database: String, region: Region) throws
        -> Report
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [
            "pull-agent", "--server", server, "--token", token, "--db", database, "--region", region.rawValue,
        ]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchError("the pulling agent's process failed with status \(process.terminationStatus)")
        }
        guard let line = String(decoding: data, as: UTF8.self).split(separator: "\n").last,
            let report = try? JSONDecoder().decode(Report.self, from: Data(line.utf8))
        else { throw BenchError("the pulling agent's process printed no report") }
        return report
    }
}
