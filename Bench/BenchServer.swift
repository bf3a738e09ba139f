import FieldSyncServer
import FieldSyncShared
import Foundation
import Hummingbird
import Logging

/// The real sync server, in this process, on a port-0 loopback socket and a SQLite file in a temp dir.
///
/// ```swift
/// let server = try await BenchServer.start(in: directory)
/// let token = try await server.token(name: "tech-1", region: .north)
/// await server.stop()
/// ```
struct BenchServer: Sendable {
    let store: SQLiteServerStore
    /// The store's file, which the baseline reads rows from.
    let databasePath: String
    /// `http://127.0.0.1:PORT`.
    let url: String
    private let task: Task<Void, any Error>
    private let stopping: StopFlag

    /// Starts a server on a new store in `directory` and waits until it listens.
    static func start(in directory: String) async throws -> BenchServer {
        let path = directory + "/server.sqlite"
        let store = try SQLiteServerStore(path: path)
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        // Warnings only (the push route logs every batch at info), and nothing once stopping:
        // cancelling the server logs the connections it closes as errors.
        let stopping = StopFlag()
        var logger = Logger(label: "fieldsync.bench.server") { label in
            QuietWhenStopping(inner: StreamLogHandler.standardError(label: label), stopping: stopping)
        }
        logger.logLevel = .warning
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = try buildApplication(store: store, configuration: configuration, logger: logger) { port in
            continuation.yield(port)
            continuation.finish()
        }
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            task.cancel()
            throw BenchError("the sync server did not start")
        }
        return BenchServer(
            store: store, databasePath: path, url: "http://127.0.0.1:\(port)", task: task, stopping: stopping)
    }

    /// A new token, as `fieldsync-server token create` makes one: returns the secret.
    func token(name: String, role: Role = .technician, region: Region?) async throws -> String {
        let secret = TokenSecret.generate()
        _ = try await store.createToken(
            name: name, role: role, region: region, hash: TokenSecret.hash(secret), now: Self.now)
        return secret
    }

    /// Stores `records` through the store's own push, in transactions of `batch`, as headquarters would.
    func seed(_ records: [WireRecord], pusher: ReplicaID, batch: Int) async throws {
        let identity = Identity(tokenID: 0, name: "bench-seed", role: .hq, region: nil)
        var start = 0
        while start < records.count {
            let slice = Array(records[start..<min(start + batch, records.count)])
            let summary = try await store.push(slice, pusher: pusher, identity: identity, now: Self.now)
            if let rejected = summary.results.first(where: { $0.outcome == .rejected }) {
                throw BenchError("the server rejected seed record \(rejected.id): \(rejected.reason ?? "?")")
            }
            start += slice.count
        }
    }

    /// Stops accepting connections and waits for the server to finish.
    func stop() async {
        stopping.set()
        task.cancel()
        _ = try? await task.value
    }

    static let now = "2026-11-27T10:00:00+08:00"
}
