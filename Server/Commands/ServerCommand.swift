import ArgumentParser
import FieldSyncShared
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// `fieldsync-server`: the central sync server and its administration.
public struct ServerCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "fieldsync-server",
        abstract: "The central FieldSync sync server.",
        discussion:
            "Runs on an embedded SQLite file with no other setup, or on PostgreSQL (--database) as several instances.",
        version: "fieldsync-server \(FieldSyncVersion.description)",
        subcommands: [
            ServeCommand.self, TokenCommand.self, ReplicaCommand.self, BackupCommand.self, ReportCommand.self,
        ])

    /// The command line with `more` subcommands (the demo's `seed-demo`, which lives in its own
    /// target so the server library does not carry the generator) before `report`.
    public static func configuration(adding more: [any ParsableCommand.Type]) -> CommandConfiguration {
        var configuration = configuration
        configuration.subcommands.insert(contentsOf: more, at: max(0, configuration.subcommands.count - 1))
        return configuration
    }

    public init() {}
}

/// Where the server's database is: a SQLite file (the default), or a PostgreSQL database that
/// several server instances share. Every store-using subcommand takes these options.
public struct StoreOptions: ParsableArguments, Sendable {
    public init() {}

    @Option(
        help: ArgumentHelp(
            "The server's SQLite database file (created when missing).",
            discussion: "Default: $FIELDSYNC_SERVER_DB, else ./fieldsync-server.sqlite.", valueName: "path"))
    var db: String?

    @Option(
        help: ArgumentHelp(
            "A PostgreSQL database instead of the SQLite file: postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE.",
            discussion: """
                Options: ?sslmode=disable|prefer|require|verify-full (default prefer), &pool_size=N connections \
                (default 20). The schema is created or upgraded at start. Default: $FIELDSYNC_SERVER_DATABASE \
                unless --db is given.
                """, valueName: "url"))
    var database: String?

    static let environment = ProcessInfo.processInfo.environment

    public func validate() throws {
        if db != nil && database != nil {
            throw ValidationError("give either --db PATH (a SQLite file) or --database URL (PostgreSQL), not both")
        }
        do {
            _ = try postgresLocation()
        } catch let error as ServerError {
            throw ValidationError("--database: \(error.message)")
        }
    }

    /// The PostgreSQL database to use, if one is named (by flag, or by environment when --db is not given).
    public func postgresLocation() throws -> PostgresLocation? {
        let url =
            database
            ?? (db == nil ? Self.environment["FIELDSYNC_SERVER_DATABASE"].flatMap { $0.isEmpty ? nil : $0 } : nil)
        return try url.map { try PostgresLocation(url: $0) }
    }

    /// Where the store is, for messages: the SQLite file, or the PostgreSQL endpoint (never a password).
    public var path: String {
        if let location = try? postgresLocation() { return location.endpoint }
        return db ?? Self.environment["FIELDSYNC_SERVER_DB"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "fieldsync-server.sqlite"
    }

    /// The store, ready for a one-shot command (PostgreSQL's pool runs in the background until exit;
    /// the first operation connects and migrates, failing with a clear message).
    public func open() throws -> any ServerStore {
        let opened = try openForServing(logger: Self.commandLogger)
        for service in opened.services {
            Task { try await service.run() }
        }
        return opened.store
    }

    /// The store and the services the application must run for it (PostgreSQL's connection pool).
    func openForServing(logger: Logger) throws -> (store: any ServerStore, services: [any Service]) {
        do {
            if let location = try postgresLocation() {
                let store = PostgresServerStore(location: location, logger: logger)
                return (store, [store])
            }
            return (try SQLiteServerStore(path: path), [])
        } catch let error as ServerError {
            throw ValidationErrorLine(error.message)
        }
    }

    /// Warnings and errors only: a one-shot command prints its own result.
    static var commandLogger: Logger {
        var logger = Logger(label: "fieldsync-server")
        logger.logLevel = .warning
        return logger
    }
}

/// A one-line failure for the command line (exit 1), without a usage dump.
public struct ValidationErrorLine: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Now, as the server writes times (UTC).
public func timestamp() -> String { ServiceTime(Date(), offset: 0).description }

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve sync requests until SIGTERM or SIGINT.",
        discussion: "On SIGTERM/SIGINT the server stops accepting connections and lets syncs in flight finish.")

    @OptionGroup var store: StoreOptions
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one and prints it).") var port = 8080
    @Option(help: "Largest request body accepted, in bytes.") var maxBody = ServerConfiguration.defaultMaxBodyBytes
    @Option(
        help: ArgumentHelp("Largest attachment (photo or scan) taken: bytes, or with K, M or MB.", valueName: "size"))
    var maxAttachment = "25MB"
    @Option(
        help: ArgumentHelp(
            "gzip level of responses, 1 (fastest) to 9 (smallest).",
            discussion:
                "1 compresses record JSON about 4.5x and leaves the CPU to serving syncs; 6 gives about 5.7x at 2.5 times the CPU, for metered links."
        ))
    var gzipLevel = Int(ServerConfiguration.defaultGzipLevel)
    @Option(
        help: ArgumentHelp(
            "Wrong tokens one client address may send in a minute before it is told to wait (429).",
            discussion: "Raise it when many devices reach the server through one address (an office's NAT)."))
    var failedSignInLimit = ServerConfiguration().failedSignInLimit
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.") var logLevel = "info"
    @Option(help: ArgumentHelp("Serve HTTPS with this PEM certificate chain (with --tls-key).", valueName: "file"))
    var tlsCert: String?
    @Option(help: ArgumentHelp("The PEM private key of --tls-cert.", valueName: "file")) var tlsKey: String?

    func validate() throws {
        guard (tlsCert == nil) == (tlsKey == nil) else {
            throw ValidationError("give --tls-cert and --tls-key together")
        }
        for file in [tlsCert, tlsKey].compactMap({ $0 }) where !FileManager.default.isReadableFile(atPath: file) {
            throw ValidationError("cannot read \(file)")
        }
        guard (0...65535).contains(port) else { throw ValidationError("--port takes 0 to 65535") }
        guard maxBody >= 1024 else { throw ValidationError("--max-body takes at least 1024 bytes") }
        guard (1...9).contains(gzipLevel) else {
            throw ValidationError("--gzip-level takes 1 (fastest) to 9 (smallest)")
        }
        guard failedSignInLimit >= 1 else { throw ValidationError("--failed-sign-in-limit takes at least 1") }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level takes trace, debug, info, notice, warning, error or critical")
        }
    }

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = Logger.Level(rawValue: logLevel) ?? .info
            return handler
        }
        let logger = Logger(label: "fieldsync-server")
        let (storage, services) = try store.openForServing(logger: logger)
        if let reason = (storage as? SQLiteServerStore)?.restored {
            logger.warning(
                "store restored from a copy: every replica will send again what it lacks at its next sync",
                metadata: ["restore.reason": .string(reason)])
        }
        var configuration = ServerConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.maxBodyBytes = maxBody
        guard let attachmentLimit = ByteSize.parse(maxAttachment), attachmentLimit > 0 else {
            throw ValidationError("--max-attachment takes a size such as 25MB, 500K or 1048576")
        }
        configuration.maxAttachmentBytes = attachmentLimit
        configuration.gzipLevel = Int32(gzipLevel)
        configuration.failedSignInLimit = failedSignInLimit
        configuration.tlsCertificate = tlsCert
        configuration.tlsKey = tlsKey
        let scheme = tlsCert == nil ? "http" : "https"
        if tlsCert == nil, NetworkHost(host).reach != .loopback {
            logger.warning(
                "Serving plain HTTP beyond loopback: tokens and records cross the network unencrypted. Give --tls-cert and --tls-key, or listen on 127.0.0.1 behind a TLS proxy",
                metadata: ["host": "\(host)", "port": "\(port)"])
        }
        do {
            let app = try buildApplication(
                store: storage, configuration: configuration, logger: logger, services: services
            ) { port in
                // Tests and scripts read this line to learn the port.
                FileHandle.standardOutput.write(
                    Data("fieldsync-server listening on \(scheme)://\(host):\(port)\n".utf8))
            }
            try await app.runService()
        } catch let error as ServerError {
            // The store could not be prepared (unreachable, schema newer): one line, exit 1.
            throw ValidationErrorLine(error.message)
        }
    }
}
