import FieldSyncAgent
import FieldSyncShared
import FieldSyncTestSupport
import Foundation
import Synchronization
import Testing

/// The pull's page-ahead: which cursor the agent says it holds, and answers that arrive for a
/// page fetched ahead (a revoked token, a rebaseline) acted on in order, on the sync's thread.
@Suite struct SyncClientPullTests {
    /// A server in a closure: answers each request and keeps the URLs asked for.
    final class ScriptedServer: HTTPTransport, @unchecked Sendable {
        // @unchecked: `urls` is only touched under `lock`; `answer` is immutable.
        private let lock = NSLock()
        private var urls = [String]()
        let answer: @Sendable (_ path: String) -> HTTPResponse

        init(_ answer: @escaping @Sendable (_ path: String) -> HTTPResponse) { self.answer = answer }

        var paths: [String] { lock.withLock { urls } }

        func send(_ request: HTTPRequest, progress: (@Sendable (TransferProgress) -> Void)?) throws(TransportError)
            -> HTTPResponse
        {
            let path = String(request.url.drop { $0 != "/" }.dropFirst(2).drop { $0 != "/" })
            if path == "/v1/hello" { return SyncClientPushTests.hello }
            lock.withLock { urls.append(path) }
            return answer(path)
        }
    }

    static let writer = ReplicaID(high: 0xAB, low: 1)

    /// Customers of the north numbered `range`, as another replica wrote them.
    static func customers(_ range: ClosedRange<Int>) -> [WireRecord] {
        range.map { number in
            var state = RecordState()
            state.write(
                ["name": .string("Customer \(number)"), "region": "north"],
                dot: Dot(replica: writer, counter: UInt64(number)))
            let id = RecordID(String(format: "0190a1b2-c3d4-7e5f-8a6b-%012x", number))!
            return WireRecord(id: id, kind: "customer", state: state)
        }
    }

    static func page(_ range: ClosedRange<Int>, more: Bool) -> HTTPResponse {
        HTTPResponse(
            status: 200,
            body: try! JSONText.data(
                PullResponse(records: customers(range), removed: [], next: Int64(range.upperBound), more: more)))
    }

    static func error(_ status: Int, _ code: String) -> HTTPResponse {
        HTTPResponse(status: status, body: try! JSONText.data(ErrorBody(code: code, message: "as the test says")))
    }

    static func query(_ path: String) -> [String: String] {
        Dictionary(
            uniqueKeysWithValues: (path.split(separator: "?").last ?? "").split(separator: "&").map { item in
                let parts = item.split(separator: "=", maxSplits: 1)
                return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
            })
    }

    let directory: TemporaryDirectory
    let store: ReplicaStore

    init() throws {
        directory = try TemporaryDirectory("agent-pull")
        store = try ReplicaStore.create(
            at: directory.file("replica.sqlite"), serverURL: "http://sync.test", region: .north, technician: "Wang",
            replicaID: ReplicaID(high: 7, low: 7))
    }

    func client(_ server: ScriptedServer) -> SyncClient {
        var options = SyncOptions()
        options.pullPageSize = 3
        options.retries = 0
        return SyncClient(store: store, transport: server, token: "t", options: options)
    }

    @Test func eachPageIsAskedForAheadSayingOnlyWhatIsStored() throws {
        let server = ScriptedServer { path in
            switch Self.query(path)["after"] {
            case "0": Self.page(1...3, more: true)
            case "3": Self.page(4...6, more: true)
            default: Self.page(7...8, more: false)
            }
        }
        let summary = try client(server).run()
        #expect(summary.pulled == 8)
        let asked = server.paths.filter { $0.hasPrefix("/v1/pull") }.map { Self.query($0) }
        #expect(asked.map { $0["after"] } == ["0", "3", "6"])
        // The page after 3 is asked for while the first page is being stored: it holds nothing yet.
        #expect(asked.map { $0["held"] } == [nil, "0", "3"])
        #expect(try store.info().pullCursor == 8)
        defer { directory.remove() }
    }

    @Test func aRevokedTokenAnsweredToAPageAheadWipesAfterThePageBeforeIsStored() throws {
        let server = ScriptedServer { path in
            Self.query(path)["after"] == "0"
                ? Self.page(1...3, more: true) : Self.error(401, SyncErrorCode.tokenRevoked)
        }
        #expect(throws: AgentError.self) { try client(server).run() }
        // The first page was stored, then the revocation removed every synced record: none is
        // left behind by a page stored after the wipe.
        #expect(try store.records(kind: .customer).isEmpty)
        defer { directory.remove() }
    }

    @Test func aRebaselineAnsweredToAPageAheadStartsOverFromZero() throws {
        let rebaselined = Atomic(false)
        let server = ScriptedServer { path in
            let after = Self.query(path)["after"]
            if after == "3" && !rebaselined.load(ordering: .relaxed) {
                rebaselined.store(true, ordering: .relaxed)
                return Self.error(409, SyncErrorCode.rebaselineRequired)
            }
            return after == "0" ? Self.page(1...3, more: true) : Self.page(4...5, more: false)
        }
        let summary = try client(server).run()
        #expect(summary.rebaselined)
        let asked = server.paths.filter { $0.hasPrefix("/v1/pull") }.map { Self.query($0)["after"] }
        #expect(asked == ["0", "3", "0", "3"])
        #expect(try store.records(kind: .customer).count == 5)
        defer { directory.remove() }
    }
}
