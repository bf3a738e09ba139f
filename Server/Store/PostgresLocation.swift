import Foundation
import NIOSSL
import PostgresNIO

/// Where the PostgreSQL store is and how to connect to it, read from a connection URL:
/// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable|prefer|require|verify-full&pool_size=N]`.
///
/// ```swift
/// let location = try PostgresLocation(url: "postgres://fieldsync@db.internal:5432/fieldsync?sslmode=require")
/// location.endpoint  // "fieldsync@db.internal:5432/fieldsync" (never the password)
/// ```
public struct PostgresLocation: Sendable, Equatable {
    /// How much TLS to ask for, as libpq's `sslmode` names it.
    public enum TLSMode: String, Sendable, CaseIterable {
        /// Plain TCP.
        case disable
        /// TLS when the server offers it, without checking its certificate (libpq's default).
        case prefer
        /// TLS or nothing, without checking the certificate.
        case require
        /// TLS, with the certificate checked against the system's roots and the host name.
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var tls: TLSMode
    /// The most connections this server instance opens (several instances share the database's `max_connections`).
    public var poolSize: Int

    public init(
        host: String, port: Int = 5432, username: String, password: String? = nil, database: String,
        tls: TLSMode = .prefer,
        poolSize: Int = 20
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.tls = tls
        self.poolSize = poolSize
    }

    /// Reads a `postgres://` (or `postgresql://`) URL; throws `ServerError` saying what is wrong with it.
    public init(url: String) throws {
        func invalid(_ what: String) -> ServerError {
            ServerError(
                .broken, "invalid_database_url",
                "\(what); write it as postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable|prefer|require|verify-full]"
            )
        }
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased() else {
            throw invalid("the database URL cannot be read")
        }
        guard scheme == "postgres" || scheme == "postgresql" else {
            throw invalid("the database URL starts with \(scheme)://, not postgres://")
        }
        guard let host = components.host, !host.isEmpty else { throw invalid("the database URL names no host") }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else {
            throw invalid("the database URL names no database (…/DATABASE)")
        }
        self.init(
            host: host, port: components.port ?? 5432, username: components.user?.removingPercentEncoding ?? "postgres",
            password: components.password?.removingPercentEncoding,
            database: database.removingPercentEncoding ?? database)
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let mode = item.value.flatMap(TLSMode.init(rawValue:)) else {
                    throw invalid("sslmode takes disable, prefer, require or verify-full")
                }
                tls = mode
            case "pool_size":
                guard let size = item.value.flatMap(Int.init), (1...1000).contains(size) else {
                    throw invalid("pool_size takes 1 to 1000 connections")
                }
                poolSize = size
            default:
                throw invalid("the database URL has an unknown option \(item.name)")
            }
        }
    }

    /// `user@host:port/database`, for messages: never the password.
    public var endpoint: String { "\(username)@\(host):\(port)/\(database)" }

    var clientConfiguration: PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database,
            tls: {
                switch tls {
                case .disable: .disable
                case .prefer: .prefer(Self.unverifiedTLS)
                case .require: .require(Self.unverifiedTLS)
                case .verifyFull: .require(.makeClientConfiguration())
                }
            }())
        configuration.options.maximumConnections = poolSize
        configuration.options.connectTimeout = .seconds(10)
        return configuration
    }

    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: username, password: password, database: database,
            tls: try {
                switch tls {
                case .disable: .disable
                case .prefer: .prefer(try NIOSSLContext(configuration: Self.unverifiedTLS))
                case .require: .require(try NIOSSLContext(configuration: Self.unverifiedTLS))
                case .verifyFull: .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
                }
            }())
        configuration.options.connectTimeout = .seconds(10)
        return configuration
    }

    /// Encryption without a certificate check, as libpq's `prefer` and `require` do.
    static var unverifiedTLS: TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .none
        return configuration
    }
}
