import Foundation
import Logging
import PostgresNIO

/// The storage backends a test can run on.
///
/// PostgreSQL is in the list when `FIELDSYNC_TEST_POSTGRES_URL` names an administrator's connection
/// (`postgres://postgres@127.0.0.1:5432/postgres`), and also when `CI` is set without it: there, its
/// tests fail, saying so, instead of being left out (a skipped suite would hide a broken install step).
public enum StorageBackend: String, Sendable, CaseIterable, CustomStringConvertible {
    case sqlite
    case postgres

    public static var all: [StorageBackend] {
        isPostgresWanted ? [.sqlite, .postgres] : [.sqlite]
    }

    /// Just PostgreSQL when it is available or required, else nothing (tests that only make sense there).
    public static var postgresOnly: [StorageBackend] {
        isPostgresWanted ? [.postgres] : []
    }

    static var isPostgresWanted: Bool { TestDatabase.adminURL != nil || TestDatabase.isCI }

    public var description: String { rawValue }
}

/// A fresh PostgreSQL database for one test, made through the administrator's URL and dropped after.
public struct TestDatabase: Sendable {
    /// `postgres://…/fs_test_…` for the store under test.
    public let url: String
    public let name: String
    let admin: Admin

    static var adminURL: String? {
        ProcessInfo.processInfo.environment["FIELDSYNC_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    static var isCI: Bool {
        ProcessInfo.processInfo.environment["CI"].map { !$0.isEmpty && $0 != "0" && $0 != "false" } ?? false
    }

    /// Creates an empty database `fs_test_<random>`.
    public static func create() async throws -> TestDatabase {
        guard let adminURL else {
            throw TestDatabaseError(
                message: "FIELDSYNC_TEST_POSTGRES_URL is not set but CI is: the PostgreSQL tests cannot run. "
                    + "scripts/test.sh starts a throwaway cluster and sets it; check its PostgreSQL install step")
        }
        let admin = try Admin(url: adminURL)
        let name = "fs_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        try await admin.run("CREATE DATABASE \(name)")
        return TestDatabase(url: admin.url(database: name), name: name, admin: admin)
    }

    /// A connection of its own to this database (close it when done), for a test to act beside the store.
    public func connect() async throws -> PostgresConnection {
        try await admin.connect(to: name)
    }

    /// Drops the database, closing whatever connections are still open to it.
    public func drop() async {
        try? await admin.run("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    /// Runs `body` with a fresh database, dropped afterwards whatever happens.
    public static func with<T: Sendable>(_ body: (TestDatabase) async throws -> T) async throws -> T {
        let database = try await create()
        do {
            let value = try await body(database)
            await database.drop()
            return value
        } catch {
            await database.drop()
            throw error
        }
    }

    /// The administrator's connection, parsed from its URL.
    struct Admin: Sendable {
        let host: String
        let port: Int
        let user: String
        let password: String?
        let database: String
        let query: String?

        init(url: String) throws {
            guard let components = URLComponents(string: url), let host = components.host else {
                throw TestDatabaseError(message: "FIELDSYNC_TEST_POSTGRES_URL is not a postgres:// URL")
            }
            self.host = host
            port = components.port ?? 5432
            user = components.user ?? "postgres"
            password = components.password
            let path = String(components.path.drop { $0 == "/" })
            database = path.isEmpty ? "postgres" : path
            query = components.percentEncodedQuery
        }

        func url(database: String) -> String {
            var components = URLComponents()
            components.scheme = "postgres"
            components.host = host
            components.port = port
            components.user = user
            components.password = password
            components.path = "/" + database
            components.percentEncodedQuery = query
            return components.string ?? "postgres://\(user)@\(host):\(port)/\(database)"
        }

        static var logger: Logger {
            var logger = Logger(label: "fieldsync.tests.postgres")
            logger.logLevel = .warning
            return logger
        }

        func connect(to database: String) async throws -> PostgresConnection {
            try await PostgresConnection.connect(
                configuration: .init(
                    host: host, port: port, username: user, password: password, database: database, tls: .disable),
                id: 1, logger: Self.logger)
        }

        func run(_ sql: String) async throws {
            let logger = Self.logger
            let connection = try await connect(to: database)
            do {
                try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
                try await connection.close()
            } catch {
                try? await connection.close()
                throw error
            }
        }
    }
}

public struct TestDatabaseError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
