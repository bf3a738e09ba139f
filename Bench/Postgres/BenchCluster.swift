import Foundation
import Glibc
import Logging
import PostgresNIO

/// The PostgreSQL the benchmark runs on: an administrator's connection from
/// `FIELDSYNC_BENCH_POSTGRES_URL`, or a throwaway cluster started as `scripts/test.sh` starts one
/// (initdb in a temp dir, loopback, trust), stopped at the end. Each scenario gets a database of its own.
///
/// The throwaway cluster keeps `fsync` and `synchronous_commit` on: every commit is durable, as
/// in production, and the baseline pays the same price as the server.
final class BenchCluster: Sendable {
    let host: String
    let port: Int
    let username: String
    let password: String?
    let adminDatabase: String
    /// Where the throwaway cluster lives (nil for an administrator's URL).
    let directory: String?
    let binaries: String?
    /// `fsync` as the server reports it.
    let fsync: String
    let maxConnections: Int
    let version: String

    private init(
        host: String, port: Int, username: String, password: String?, adminDatabase: String, directory: String?,
        binaries: String?, fsync: String, maxConnections: Int, version: String
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.adminDatabase = adminDatabase
        self.directory = directory
        self.binaries = binaries
        self.fsync = fsync
        self.maxConnections = maxConnections
        self.version = version
    }

    /// The cluster at `url`, or a new throwaway one when `url` is nil.
    static func open(url: String?, say: (String) -> Void) async throws -> BenchCluster {
        var host = "127.0.0.1"
        var port = 5432
        var username = "postgres"
        var password: String?
        var database = "postgres"
        var directory: String?
        var binaries: String?
        if let url {
            guard let components = URLComponents(string: url), let named = components.host else {
                throw BenchError("FIELDSYNC_BENCH_POSTGRES_URL is not a postgres:// URL")
            }
            host = named
            port = components.port ?? 5432
            username = components.user ?? "postgres"
            password = components.password
            let path = String(components.path.drop { $0 == "/" })
            if !path.isEmpty { database = path }
        } else {
            (directory, binaries, port) = try startThrowaway()
            say("throwaway PostgreSQL on 127.0.0.1:\(port) in \(directory!) (fsync on)")
        }
        let probe = BenchCluster(
            host: host, port: port, username: username, password: password, adminDatabase: database,
            directory: directory, binaries: binaries, fsync: "?", maxConnections: 0, version: "?")
        // A throwaway server takes a moment to accept connections.
        for _ in 0..<(directory == nil ? 0 : 100) {
            if (try? await probe.admin { _ in true }) == true { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        do {
            let (fsync, maxConnections, version) = try await probe.admin { connection in
                var settings = [String: String]()
                for try await (name, value) in try await connection.query(
                    "SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'max_connections', 'server_version')",
                    logger: Self.logger
                ).decode((String, String).self) {
                    settings[name] = value
                }
                return (
                    settings["fsync"] ?? "?", Int(settings["max_connections"] ?? "") ?? 100,
                    settings["server_version"] ?? "?"
                )
            }
            return BenchCluster(
                host: host, port: port, username: username, password: password, adminDatabase: database,
                directory: directory, binaries: binaries, fsync: fsync, maxConnections: maxConnections,
                version: version)
        } catch {
            probe.stop()
            throw BenchError("cannot use PostgreSQL at \(host):\(port): \(String(reflecting: error))")
        }
    }

    /// A connection URL for `database` (with the pool size each server instance opens).
    func url(database: String, poolSize: Int? = nil) -> String {
        let credentials = password.map { "\(username):\($0)" } ?? username
        let pool = poolSize.map { "&pool_size=\($0)" } ?? ""
        return "postgres://\(credentials)@\(host):\(port)/\(database)?sslmode=disable\(pool)"
    }

    /// `body` on a connection to `database` (the administrator's by default).
    func admin<T: Sendable>(database: String? = nil, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        let configuration = PostgresConnection.Configuration(
            host: host, port: port, username: username, password: password, database: database ?? adminDatabase,
            tls: .disable)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: Self.logger)
        do {
            let value = try await body(connection)
            try? await connection.close()
            return value
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// A new, empty database named `name` (dropped first if an earlier run left it).
    func createDatabase(_ name: String) async throws {
        try await admin { connection in
            try await connection.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name)"), logger: Self.logger)
            try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: Self.logger)
        }
    }

    func dropDatabase(_ name: String) async {
        _ = try? await admin { connection in
            try await connection.query(
                PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"), logger: Self.logger)
        }
    }

    /// Stops the throwaway cluster and removes its directory (nothing for an administrator's URL).
    func stop() {
        guard let directory, let binaries else { return }
        _ = try? Self.run(binaries + "/pg_ctl", ["-D", directory + "/data", "-m", "immediate", "stop"])
        try? FileManager.default.removeItem(atPath: directory)
    }

    static let logger: Logger = {
        var logger = Logger(label: "fieldsync.bench.postgres")
        logger.logLevel = .error
        return logger
    }()

    // MARK: The throwaway cluster

    private static func startThrowaway() throws -> (String, String, Int) {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        guard
            let newest = versions.compactMap(Int.init).max(),
            FileManager.default.isExecutableFile(atPath: "/usr/lib/postgresql/\(newest)/bin/initdb")
        else {
            throw BenchError(
                "no PostgreSQL server under /usr/lib/postgresql/*/bin: install postgresql or set FIELDSYNC_BENCH_POSTGRES_URL"
            )
        }
        let binaries = "/usr/lib/postgresql/\(newest)/bin"
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "fieldsync-bench-pg-\(UUID().uuidString.prefix(8))"
        ).path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if getuid() == 0 {
            _ = try run("/bin/chown", ["postgres", directory], asPostgres: false)
        }
        let port = try freePort()
        _ = try run(binaries + "/initdb", ["-D", directory + "/data", "-A", "trust", "-U", "postgres", "-E", "UTF8"])
        // The server itself as a child process rather than through `pg_ctl start`: a daemon that
        // inherits the pipe Foundation watches its child by leaves `waitUntilExit` waiting for ever.
        let server = Process()
        let postgres = binaries + "/postgres"
        let settings = [
            "-D", directory + "/data", "-c", "listen_addresses=127.0.0.1", "-p", "\(port)", "-k", directory, "-c",
            "max_connections=400", "-c", "shared_buffers=256MB",
        ]
        if getuid() == 0 {
            server.executableURL = URL(fileURLWithPath: "/usr/sbin/runuser")
            server.arguments = ["-u", "postgres", "--", postgres] + settings
        } else {
            server.executableURL = URL(fileURLWithPath: postgres)
            server.arguments = settings
        }
        server.currentDirectoryURL = URL(fileURLWithPath: "/tmp")
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try server.run()
        return (directory, binaries, port)
    }

    /// Runs a PostgreSQL tool (as the `postgres` user when this is root) and waits for it.
    @discardableResult
    static func run(_ tool: String, _ arguments: [String], asPostgres: Bool = true) throws -> Int32 {
        let process = Process()
        if asPostgres && getuid() == 0 {
            process.executableURL = URL(fileURLWithPath: "/usr/sbin/runuser")
            process.arguments = ["-u", "postgres", "--", tool] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: tool)
            process.arguments = arguments
        }
        process.currentDirectoryURL = URL(fileURLWithPath: "/tmp")
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchError("\(tool) failed with status \(process.terminationStatus)")
        }
        return process.terminationStatus
    }

    /// A free loopback port, from the kernel.
    static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw BenchError("could not open a socket to find a free port") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) }
        }
        guard bound == 0 else { throw BenchError("could not bind a socket to find a free port") }
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        guard named == 0 else { throw BenchError("could not read the free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
