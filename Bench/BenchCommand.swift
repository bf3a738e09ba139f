import ArgumentParser
import Foundation

/// `fieldsync-bench`: the sync benchmark (and, hidden, the child process it runs an agent in).
public struct BenchCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "fieldsync-bench",
        abstract: "Benchmark FieldSync's real server and agents over loopback HTTP against SQLite alone.",
        subcommands: [RunBenchCommand.self, PullAgentCommand.self, ServeInstanceCommand.self],
        defaultSubcommand: RunBenchCommand.self)

    public init() {}

    /// Runs the command line (the executable's whole `main`).
    public static func runMain() async { await main() }
}
