import ArgumentParser
import FieldSyncServer
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// `fieldsync-bench serve-instance` (hidden): one sync server instance in a process of its own,
/// on a PostgreSQL database or an embedded SQLite file, so the benchmark can read each
/// instance's CPU from `/proc`. Prints `listening PORT` once it listens; stops on SIGTERM.
struct ServeInstanceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve-instance", abstract: "Serve syncs as one server instance (used by the benchmark itself).",
        shouldDisplay: false)

    @Option(help: "A postgres:// URL.") var database: String?
    @Option(help: "An embedded SQLite store's file.") var sqlite: String?

    func validate() throws {
        guard (database == nil) != (sqlite == nil) else { throw ValidationError("give --database or --sqlite") }
    }

    func run() async throws {
        var logger = Logger(label: "fieldsync.bench.instance")
        logger.logLevel = .error
        let store: any ServerStore
        var services = [any Service]()
        if let database {
            let postgres = PostgresServerStore(location: try PostgresLocation(url: database), logger: logger)
            store = postgres
            services.append(postgres)
        } else {
            store = try SQLiteServerStore(path: sqlite!)
        }
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        // Every agent of the benchmark signs in from 127.0.0.1.
        configuration.failedSignInLimit = 1_000_000
        let app = try buildApplication(store: store, configuration: configuration, logger: logger, services: services) {
            port in
            FileHandle.standardOutput.write(Data("listening \(port)\n".utf8))
        }
        try await app.runService()
    }
}
