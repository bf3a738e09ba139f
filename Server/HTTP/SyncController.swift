import CoreMetrics
import FieldSyncShared
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// `POST /v1/push` and `GET /v1/pull`: the two halves of a sync.
struct SyncController {
    let store: any ServerStore
    let configuration: ServerConfiguration
    let metrics: SyncMetrics
    let clock: @Sendable () -> Date

    func addRoutes(to group: RouterGroup<SyncRequestContext>) {
        group.post("hello", use: hello)
        group.post("push", use: push)
        group.get("pull", use: pull)
        group.post("records", use: records)
    }

    /// Now in UTC, as ISO 8601 text (`2026-11-27T02:00:00Z`); made without a date formatter,
    /// which costs more to create than a push of a record costs to merge.
    var now: String { ServiceTime(clock(), offset: 0).description }

    /// The replica named by the `FieldSync-Replica` header.
    func replica(of request: Request) throws -> ReplicaID {
        guard let text = request.headers[HTTPField.Name(SyncHeader.replica)!], let replica = ReplicaID(text) else {
            throw ServerError(
                .malformed, "missing_replica", "send the replica id in the \(SyncHeader.replica) header (32 hex digits)"
            )
        }
        return replica
    }

    /// The epoch the request shows in the `FieldSync-Epoch` header, if any.
    func epoch(of request: Request) throws -> Epoch? {
        guard let text = request.headers[HTTPField.Name(SyncHeader.epoch)!] else { return nil }
        guard let epoch = Epoch(text) else {
            throw ServerError(
                .malformed, "invalid_epoch",
                "the \(SyncHeader.epoch) header takes the epoch the hello answered (NUMBER.HEX)")
        }
        return epoch
    }

    /// Reads a small JSON body (a hello, a lookup) as `T`, saying what is wrong with it.
    func body<T: Decodable>(_ type: T.Type, of request: Request, context: SyncRequestContext, what: String) async throws
        -> T
    {
        if let type = request.headers[.contentType], !Self.isJSON(type) {
            throw ServerError(
                .unsupportedMediaType, "unsupported_media_type",
                "send the \(what) as JSON, with Content-Type: application/json")
        }
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        do {
            return try JSONText.decode(T.self, from: Data(body.readableBytesView))
        } catch {
            throw ServerError.malformed("the body is not a \(what) (\(Self.describe(error)))")
        }
    }

    /// The start of every sync: whether this is the copy of the replica the server last spoke to
    /// (`ReplicaHandshake`), and a fresh epoch for the sync's requests.
    @Sendable func hello(request: Request, context: SyncRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let hello = try await body(HelloRequest.self, of: request, context: context, what: "hello")
        guard hello.replica == (try replica(of: request)) else {
            throw ServerError(
                .malformed, "replica_mismatch", "the body's replica differs from the \(SyncHeader.replica) header")
        }
        guard hello.counter <= UInt64(Int64.max), hello.confirmed <= hello.counter, hello.cursor >= 0 else {
            throw ServerError.malformed(
                "a hello's counter, confirmed counter and cursor are whole numbers, the confirmed one at most the counter"
            )
        }
        let response: HelloResponse
        do {
            response = try await store.hello(hello, identity: identity, now: now)
        } catch let error as ServerError where error.code == SyncErrorCode.replicaForked {
            metrics.forkedReplicas.increment()
            context.logger.warning(
                "replica is a forked copy", metadata: ["replica.id": .string(hello.replica.description)])
            throw error
        }
        if response.verdict == .serverRestored {
            metrics.restoresDetected.increment()
            context.logger.warning(
                "replica finds the server restored",
                metadata: [
                    "replica.id": .string(hello.replica.description), "restore.reason": .string(response.reason ?? ""),
                ])
        }
        return try Self.json(response)
    }

    /// The server's states of some records in the token's scope: what a replica re-issuing its
    /// writes compares them with.
    @Sendable func records(request: Request, context: SyncRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let lookup = try await body(RecordsRequest.self, of: request, context: context, what: "records request")
        guard lookup.ids.count <= configuration.maxPageSize else {
            throw ServerError(
                .malformed, "too_many_ids", "ask for at most \(configuration.maxPageSize) records at a time")
        }
        _ = try replica(of: request)
        let records = try await store.records(ids: lookup.ids, scope: identity.region)
        return try Self.json(RecordsResponse(records: records))
    }

    @Sendable func push(request: Request, context: SyncRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let started = ContinuousClock.now
        if let type = request.headers[.contentType], !Self.isJSON(type) {
            throw ServerError(
                .unsupportedMediaType, "unsupported_media_type",
                "send the push as JSON, with Content-Type: application/json")
        }
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let push: PushRequest
        do {
            push = try JSONText.decode(PushRequest.self, from: Data(body.readableBytesView))
        } catch {
            throw ServerError.malformed("the body is not a push request (\(Self.describe(error)))")
        }
        let replica = try self.replica(of: request)
        guard push.replica == replica else {
            throw ServerError(
                .malformed, "replica_mismatch", "the body's replica differs from the \(SyncHeader.replica) header")
        }
        guard Set(push.records.map(\.id)).count == push.records.count else {
            throw ServerError.malformed("a record appears twice in the batch")
        }
        // Bound to the caller's token only once the request is known to be well formed (in the
        // push's own transaction where the store can).
        let summary = try await store.bindAndPush(
            push.records, pusher: replica, identity: identity, epoch: try epoch(of: request), now: now)
        metrics.syncs.increment()
        metrics.recordsPushed.increment(by: summary.stored)
        metrics.conflictsOpened.increment(by: summary.conflictsOpened)
        metrics.pushRejected.increment(by: summary.results.filter { $0.outcome == .rejected }.count)
        let elapsed = ContinuousClock.now - started
        metrics.pushLatency.recordNanoseconds(
            elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
        context.logger.info(
            "push merged",
            metadata: [
                "replica.id": .string(replica.description), "batch.count": .stringConvertible(push.records.count),
                "batch.stored": .stringConvertible(summary.stored),
            ])
        return try Self.json(PushResponse(results: summary.results))
    }

    @Sendable func pull(request: Request, context: SyncRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let query = request.uri.queryParameters
        let after = try Self.integer(query["after"].map(String.init), name: "after", default: 0, range: 0...Int64.max)
        let maxPageSize = Int64(configuration.maxPageSize)
        let limit = try Self.integer(
            query["limit"].map(String.init), name: "limit", default: min(500, maxPageSize), range: 1...maxPageSize)
        // What the replica holds for certain: `held` when it fetches ahead of what it has stored
        // (the agent asks for the next page while storing this one), else `after`.
        let held = try Self.integer(query["held"].map(String.init), name: "held", default: after, range: 0...after)
        let replica = try self.replica(of: request)
        try await store.bind(replica: replica, identity: identity, epoch: try epoch(of: request), now: now)
        // Tombstone purges wait for every active replica's acknowledged cursor. Acknowledging 0
        // starts a full pull (the replica's purge baseline): only a request from 0 does that, not
        // a prefetch that holds nothing yet.
        if held > 0 || after == 0 {
            try await store.acknowledge(replica: replica, cursor: held, now: now)
        }
        // `echo=false`: leave out what this replica pushed exactly as stored (`Echo`); `count=true`:
        // say how many changes remain (a scan of the rest of the log, so the agent asks once a sync).
        let options = PullOptions(
            omitEchoes: !(try Self.boolean(query["echo"].map(String.init), name: "echo", default: true)),
            count: try Self.boolean(query["count"].map(String.init), name: "count", default: false))
        let page = try await store.pullText(
            after: after, limit: Int(limit), scope: identity.region, replica: replica, options: options)
        metrics.recordsPulled.increment(by: page.records)
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: page.body)))
    }

    static func boolean(_ text: String?, name: String, default value: Bool) throws -> Bool {
        switch text {
        case nil: value
        case "true": true
        case "false": false
        default: throw ServerError(.malformed, "invalid_parameter", "\(name) takes true or false")
        }
    }

    static func integer(_ text: String?, name: String, default value: Int64, range: ClosedRange<Int64>) throws -> Int64
    {
        guard let text else { return value }
        guard let number = Int64(text), range.contains(number) else {
            throw ServerError(
                .malformed, "invalid_parameter",
                "\(name) takes a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    /// Whether a `Content-Type` names JSON: `application/json` or a `+json` type, with any parameters.
    static func isJSON(_ contentType: String) -> Bool {
        let type = contentType.prefix { $0 != ";" }.trimmingWhitespace().lowercased()
        return type == "application/json" || (type.hasPrefix("application/") && type.hasSuffix("+json"))
    }

    static func json(_ value: some Encodable) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(
            status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: try JSONText.data(value))))
    }

    /// What was wrong with a body, without echoing its contents.
    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context) where context.underlyingError is JSONStructureError:
            return String(describing: context.underlyingError!)
        case DecodingError.dataCorrupted(let context), DecodingError.typeMismatch(_, let context),
            DecodingError.valueNotFound(_, let context):
            let path = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
            return path.isEmpty ? "not valid JSON" : "wrong or missing value at \(path)"
        case DecodingError.keyNotFound(let key, _):
            return "missing \(key.stringValue)"
        default:
            return "not valid JSON"
        }
    }
}
