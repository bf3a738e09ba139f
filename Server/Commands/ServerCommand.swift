import ArgumentParser
import FieldSyncShared
import Foundation
import Hummingbird
import Logging

/// `fieldsync-server`: the central sync server and its administration.
public struct ServerCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "fieldsync-server",
        abstract: "The central FieldSync sync server.",
        discussion: "Runs on an embedded SQLite file with no other setup.",
        subcommands: [ServeCommand.self, TokenCommand.self, ReplicaCommand.self, SeedDemoCommand.self, ReportCommand.self])

    public init() {}

    /// Runs the command line (the executable's whole `main`).
    public static func runMain() async { await main() }
}

/// Where the server's database is.
struct StoreOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The server's SQLite database file (created when missing).",
            discussion: "Default: $FIELDSYNC_SERVER_DB, else ./fieldsync-server.sqlite.", valueName: "path"))
    var db: String?

    var path: String {
        db ?? ProcessInfo.processInfo.environment["FIELDSYNC_SERVER_DB"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "fieldsync-server.sqlite"
    }

    func open() throws -> any ServerStore {
        do {
            return try SQLiteServerStore(path: path)
        } catch let error as ServerError {
            throw ValidationErrorLine(error.message)
        }
    }
}

/// A one-line failure for the command line (exit 1), without a usage dump.
struct ValidationErrorLine: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

func timestamp() -> String { ISO8601DateFormatter().string(from: Date()) }

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve sync requests until SIGTERM or SIGINT.",
        discussion: "On SIGTERM/SIGINT the server stops accepting connections and lets syncs in flight finish.")

    @OptionGroup var store: StoreOptions
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one and prints it).") var port = 8080
    @Option(help: "Largest request body accepted, in bytes.") var maxBody = ServerConfiguration.defaultMaxBodyBytes
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.") var logLevel = "info"

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port takes 0 to 65535") }
        guard maxBody >= 1024 else { throw ValidationError("--max-body takes at least 1024 bytes") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level takes trace, debug, info, notice, warning, error or critical") }
    }

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = Logger.Level(rawValue: logLevel) ?? .info
            return handler
        }
        let logger = Logger(label: "fieldsync-server")
        let storage = try store.open()
        var configuration = ServerConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.maxBodyBytes = maxBody
        let app = buildApplication(store: storage, configuration: configuration, logger: logger) { port in
            // Tests and scripts read this line to learn the port.
            FileHandle.standardOutput.write(Data("fieldsync-server listening on http://\(host):\(port)\n".utf8))
        }
        try await app.runService()
    }
}
