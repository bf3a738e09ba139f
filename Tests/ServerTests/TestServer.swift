import FieldSyncServer
import FieldSyncShared
import FieldSyncTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import PostgresTestSupport

/// A sync server on a fresh store (a SQLite file, or a PostgreSQL database of its own), driven
/// in-process through HummingbirdTesting's router client.
struct TestServer: Sendable {
    static let now = "2026-11-27T10:00:00+08:00"

    let backend: StorageBackend
    let store: any ServerStore
    let configuration: ServerConfiguration
    let metrics: SyncMetrics

    /// Runs `body` with a server on a fresh store of `backend`, removed afterwards (for PostgreSQL:
    /// a new database, its connection pool running meanwhile, dropped after).
    static func with<Value: Sendable>(
        _ backend: StorageBackend = .sqlite, configuration: ServerConfiguration = ServerConfiguration(),
        _ body: (TestServer) async throws -> Value
    ) async throws -> Value {
        switch backend {
        case .sqlite:
            let directory = try TemporaryDirectory("fieldsync-server-tests")
            defer { directory.remove() }
            let store = try SQLiteServerStore(path: directory.file("server.sqlite"))
            return try await body(
                TestServer(backend: backend, store: store, configuration: configuration, metrics: SyncMetrics()))
        case .postgres:
            return try await TestDatabase.with { database in
                var logger = Logger(label: "fieldsync.server.tests")
                logger.logLevel = .warning
                let store = PostgresServerStore(location: try PostgresLocation(url: database.url), logger: logger)
                return try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await store.run() }
                    defer { group.cancelAll() }
                    try await store.prepare()
                    return try await body(
                        TestServer(backend: backend, store: store, configuration: configuration, metrics: SyncMetrics())
                    )
                }
            }
        }
    }

    /// A token made through the store, as `fieldsync-server token create` would: the secret and who it is.
    func token(_ name: String, role: Role = .technician, region: Region?) async throws -> (
        secret: String, identity: Identity
    ) {
        let secret = "fs_test_" + name.replacingOccurrences(of: " ", with: "_")
        let info = try await store.createToken(
            name: name, role: role, region: region, hash: TokenSecret.hash(secret), now: Self.now)
        return (secret, Identity(tokenID: info.id, name: info.name, role: info.role, region: info.region))
    }

    /// Runs `body` against the routes of `buildRouter`, with no sockets.
    func test<Value: Sendable>(_ body: @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        // Warnings and errors only: the routes log every push at info.
        var logger = Logger(label: "fieldsync.server.tests")
        logger.logLevel = .warning
        let app = Application(
            router: buildRouter(store: store, configuration: configuration, metrics: metrics), logger: logger)
        return try await app.test(.router, body)
    }

    /// Every record the server holds, to check that a refused request stored nothing.
    func snapshot() async throws -> [WireRecord] { try await store.allRecords(scope: nil) }
}

/// A response that was not the one a helper expected.
struct UnexpectedResponse: Error, CustomStringConvertible {
    let status: HTTPResponse.Status
    let body: String

    var description: String { "HTTP \(status.code): \(body)" }
}

extension HTTPField.Name {
    static let replica = HTTPField.Name(SyncHeader.replica)!
    static let epoch = HTTPField.Name(SyncHeader.epoch)!
}

extension TestClientProtocol {
    /// A request with the sync protocol's headers; `nil` leaves a header out.
    func send(
        _ method: HTTPRequest.Method, _ uri: String, token: String?, replica: ReplicaID?, body: ByteBuffer? = nil,
        headers extra: HTTPFields = [:]
    ) async throws -> TestResponse {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        if let replica { headers[.replica] = replica.description }
        return try await execute(uri: uri, method: method, headers: headers, body: body)
    }

    /// `POST /v1/push` of `records`; the body names `bodyReplica`, or the header's replica.
    func push(
        _ records: [WireRecord], token: String?, replica: ReplicaID?, bodyReplica: ReplicaID? = nil
    ) async throws -> TestResponse {
        let request = PushRequest(replica: bodyReplica ?? replica ?? TestReplicas.third, records: records)
        return try await pushRaw(ByteBuffer(bytes: try JSONText.data(request)), token: token, replica: replica)
    }

    /// `POST /v1/push` with a body as given.
    func pushRaw(_ body: ByteBuffer, token: String?, replica: ReplicaID?) async throws -> TestResponse {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return try await send(.post, "/v1/push", token: token, replica: replica, body: body, headers: headers)
    }

    /// A push that must succeed: its per-record results.
    @discardableResult
    func pushed(_ records: [WireRecord], token: String, replica: ReplicaID) async throws -> [PushResult] {
        let response = try await push(records, token: token, replica: replica)
        guard response.status == .ok else { throw UnexpectedResponse(status: response.status, body: response.text) }
        return try response.json(PushResponse.self).results
    }

    /// One page of `GET /v1/pull`, which must succeed.
    func pull(after cursor: Int64 = 0, limit: Int? = nil, token: String, replica: ReplicaID) async throws
        -> PullResponse
    {
        let query = "after=\(cursor)" + (limit.map { "&limit=\($0)" } ?? "")
        let response = try await send(.get, "/v1/pull?\(query)", token: token, replica: replica)
        guard response.status == .ok else { throw UnexpectedResponse(status: response.status, body: response.text) }
        return try response.json(PullResponse.self)
    }

    /// Every page after `cursor`, following `next` while `more`: all records in order, the last cursor, the pages.
    func pullAll(
        after cursor: Int64 = 0, limit: Int? = nil, token: String, replica: ReplicaID
    ) async throws -> (records: [WireRecord], cursor: Int64, pages: [PullResponse]) {
        var cursor = cursor
        var pages = [PullResponse]()
        while true {
            let page = try await pull(after: cursor, limit: limit, token: token, replica: replica)
            pages.append(page)
            cursor = page.next
            if !page.more || pages.count > 1_000 { break }
        }
        return (pages.flatMap(\.records), cursor, pages)
    }
}

extension TestResponse {
    var text: String { String(decoding: body.readableBytesView, as: UTF8.self) }

    func json<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(body.readableBytesView))
    }

    /// The `{"error": {...}}` body of an error answer; `nil` if the body is not one.
    var error: ErrorBody.Detail? { try? json(ErrorBody.self).error }

    var isJSON: Bool { headers[.contentType]?.hasPrefix("application/json") == true }
}
