import FieldSyncShared
import Foundation
import Logging
import NIOCore
import PostgresNIO
import ServiceLifecycle

/// The server's store on PostgreSQL, for several stateless server instances on one database.
///
/// Connections come from a `PostgresClient` pool, which must run (`run()`): as a service of the
/// application, or in a task of its own for one-shot commands. `prepare()` checks the database
/// is reachable and migrates it; every operation awaits it first.
///
/// Concurrency, which SQLite's single writer made moot:
/// - **The cursor**: change-log places come from a sequence, and transactions commit them out of
///   order. A transaction holds an advisory lock on its first place until it ends
///   (`fieldsync_take_seqs`), and a pull reads, before its snapshot, the smallest place still in
///   flight and returns only places below it (`fieldsync_pull_frontier`, `pull`).
/// - **Merges of one record**: every transaction that writes a record row first takes that
///   record's advisory lock (`fieldsync_lock_records`), whether the row exists yet or not, then
///   reads what is stored and merges with `PushDecision.decide`.
public struct PostgresServerStore: ServerStore, Service {
    public let location: PostgresLocation
    let client: PostgresClient
    let readiness = StoreReadiness()
    let logger: Logger
    /// The numbers stored states name replicas by; see `ReplicaNumbering`.
    let replicaNumbers = ReplicaNumberCache()

    /// A store on `location`; nothing connects until the pool runs and `prepare()` is called.
    public init(location: PostgresLocation, logger: Logger = Logger(label: "fieldsync.server.postgres")) {
        self.location = location
        self.logger = logger
        client = PostgresClient(configuration: location.clientConfiguration, backgroundLogger: logger)
    }

    /// Runs the connection pool until cancelled or the service group shuts down.
    public func run() async throws {
        await client.run()
    }

    /// Connects once, directly (a clear error if the database cannot be reached), and migrates the
    /// schema (refusing one newer than this server). Done once; later calls return its outcome.
    public func prepare() async throws {
        let location = location
        let logger = logger
        try await readiness.once {
            let connection: PostgresConnection
            do {
                connection = try await PostgresConnection.connect(
                    configuration: try location.connectionConfiguration(), id: 0, logger: logger)
            } catch {
                throw Self.unreachable(location, error)
            }
            do {
                try await Self.migrate(connection, location: location, logger: logger)
                try? await connection.close()
            } catch let error as ServerError {
                try? await connection.close()
                throw error
            } catch {
                try? await connection.close()
                throw ServerError(
                    .broken, "storage",
                    "could not set up the schema in \(location.endpoint): \(Self.reason(error)); check that the user may create tables there"
                )
            }
        }
    }

    /// Says which server could not be reached, and what to check.
    static func unreachable(_ location: PostgresLocation, _ error: any Error) -> ServerError {
        let at = "PostgreSQL at \(location.host):\(location.port)"
        if let error = error as? PSQLError, let state = error.serverInfo?[.sqlState] {
            switch state {
            case "28P01", "28000":
                return ServerError(
                    .broken, "storage_unreachable",
                    "\(at) refused user \(location.username) (\(reason(error))): check the user and password in --database and the server's pg_hba.conf"
                )
            case "3D000":
                return ServerError(
                    .broken, "storage_unreachable",
                    "\(at) has no database \(location.database): create it (createdb -h \(location.host) -p \(location.port) \(location.database)) or fix --database"
                )
            default:
                return ServerError(.broken, "storage_unreachable", "\(at) refused the connection: \(reason(error))")
            }
        }
        return ServerError(
            .broken, "storage_unreachable",
            "cannot reach \(at) (\(reason(error))): check that PostgreSQL is running, that it listens on that address and port "
                + "(listen_addresses, port), that no firewall is in the way, and the host and port in --database")
    }

    /// What went wrong, without statement text or arguments.
    static func reason(_ error: any Error) -> String {
        if let error = error as? ServerError { return error.message }
        if let error = error as? PostgresTransactionError {
            return reason(error.closureError ?? error.commitError ?? error.beginError ?? error.rollbackError ?? error)
        }
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] {
                return message + (error.serverInfo?[.sqlState].map { " [\($0)]" } ?? "")
            }
            if let underlying = error.underlying {
                let text = String(describing: underlying)
                for (needle, plain) in [
                    ("Connection refused", "connection refused"), ("timed out", "timed out"),
                    ("connectTimeout", "timed out"),
                    ("No address", "host name not found"), ("NXDOMAIN", "host name not found"),
                    ("resolve", "host name not found"),
                ] where text.contains(needle) {
                    return plain
                }
                return "\(error.code): \(text)"
            }
            return "\(error.code)"
        }
        return String(describing: error)
    }

    // MARK: Transactions

    /// Runs `work` on a pooled connection, translating storage failures at the boundary. A
    /// serialization failure or deadlock is retried: `work` must not keep state between attempts.
    func withConnection<T: Sendable>(_ work: @Sendable @escaping (PostgresConnection) async throws -> T) async throws
        -> T
    {
        try await prepare()
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await client.withConnection { connection in try await work(connection) }
            } catch {
                let underlying =
                    (error as? PostgresTransactionError).flatMap { $0.closureError ?? $0.commitError } ?? error
                if let error = underlying as? ServerError { throw error }
                if let state = (underlying as? PSQLError)?.serverInfo?[.sqlState], ["40001", "40P01"].contains(state),
                    attempt < 5
                {
                    continue
                }
                logger.error("storage failed", metadata: ["error.reason": .string(Self.reason(underlying))])
                throw ServerError(
                    .unavailable, "storage",
                    "the server could not use its database (\(Self.reason(underlying))); try again later")
            }
        }
    }

    /// Runs `body` in one transaction: READ COMMITTED, or with `readOnlySnapshot` one snapshot for
    /// every statement, as a SQLite read transaction has.
    func transaction<T: Sendable>(
        readOnlySnapshot: Bool = false, _ body: @Sendable @escaping (PostgresConnection) async throws -> T
    ) async throws -> T {
        let logger = logger
        return try await withConnection { connection in
            try await Self.inTransaction(connection, readOnlySnapshot: readOnlySnapshot, logger: logger, body)
        }
    }

    static func inTransaction<T: Sendable>(
        _ connection: PostgresConnection, readOnlySnapshot: Bool, logger: Logger,
        _ body: @Sendable @escaping (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await connection.withTransaction(logger: logger) { connection in
            if readOnlySnapshot {
                try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", logger: logger)
            }
            return try await body(connection)
        }
    }

    /// Every row of `query`, decoded as `type`.
    static func rows<Row: Sendable>(
        _ connection: PostgresConnection, _ query: PostgresQuery, as type: Row.Type, logger: Logger
    ) async throws -> [Row] where Row: PostgresDecodable {
        var result = [Row]()
        for try await value in try await connection.query(query, logger: logger).decode(Row.self) {
            result.append(value)
        }
        return result
    }

    // MARK: Replica numbers

    static func numberRows(_ connection: PostgresConnection, logger: Logger) async throws -> [(
        number: Int64, id: ReplicaID
    )] {
        var rows = [(number: Int64, id: ReplicaID)]()
        for try await (number, id) in try await connection.query(
            "SELECT number, id FROM replica_number", logger: logger
        )
        .decode((Int64, String).self) {
            if let replica = ReplicaID(id) { rows.append((number, replica)) }
        }
        return rows
    }

    /// Gives a number to each replica `states` name that has none, committed before the push's
    /// transaction (a number is harmless if that push fails; the cache holds only committed
    /// numbers). Instances number concurrently: `ON CONFLICT` keeps the first number given.
    func numberReplicas(of states: some Sequence<RecordState>, and pusher: ReplicaID? = nil) async throws {
        var unnumbered = replicaNumbers.unnumbered(in: states)
        if let pusher, replicaNumbers.current.number(of: pusher) == nil, !unnumbered.contains(pusher) {
            unnumbered.append(pusher)
        }
        let missing = unnumbered
        guard !missing.isEmpty else { return }
        let logger = logger
        let ids = missing.map(\.description)
        let rows = try await withConnection { connection in
            try await connection.query(
                "INSERT INTO replica_number (id) SELECT unnest(\(ids)::text[]) ON CONFLICT (id) DO NOTHING",
                logger: logger)
            return try await Self.numberRows(connection, logger: logger)
        }
        replicaNumbers.add(rows)
    }

    /// A stored state, read with the store's numbering (read again if another instance numbered
    /// a replica since).
    static func decodeState(
        _ data: Data, numbers: ReplicaNumberCache, _ connection: PostgresConnection, logger: Logger
    ) async throws -> RecordState {
        do {
            return try RecordState(encoded: data, numbering: numbers.current)
        } catch is UnknownReplicaNumber {
            numbers.add(try await numberRows(connection, logger: logger))
            return try RecordState(encoded: data, numbering: numbers.current)
        }
    }
}
