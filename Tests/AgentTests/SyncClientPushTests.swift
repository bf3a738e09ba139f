import FieldSyncAgent
import FieldSyncShared
import FieldSyncTestSupport
import Foundation
import Testing

/// The push with several batches at the server at once: every batch sent once, acknowledged from
/// its own answer, refusals kept here while the rest of their batch is sent again.
@Suite struct SyncClientPushTests {
    /// A server in a closure that answers pushes (and empty pulls), keeping what was pushed.
    final class ScriptedServer: HTTPTransport, @unchecked Sendable {
        // @unchecked: `pushes` is only touched under `lock`; `refuse` is immutable.
        private let lock = NSLock()
        private var pushes = [[RecordID]]()
        /// Records answered with 403 when a batch holds them.
        let refuse: Set<RecordID>

        init(refusing refuse: Set<RecordID>) { self.refuse = refuse }

        var batches: [[RecordID]] { lock.withLock { pushes } }

        func send(_ request: HTTPRequest, progress: (@Sendable (TransferProgress) -> Void)?) throws(TransportError)
            -> HTTPResponse
        {
            if request.url.hasSuffix("/v1/hello") { return SyncClientPushTests.hello }
            guard request.method == "POST" else {
                return HTTPResponse(
                    status: 200, body: try! JSONText.data(PullResponse(records: [], removed: [], next: 0, more: false)))
            }
            let push = try! JSONText.decode(PushRequest.self, from: request.body!)
            let ids = push.records.map(\.id)
            lock.withLock { pushes.append(ids) }
            let refused = ids.filter(refuse.contains)
            if !refused.isEmpty {
                return HTTPResponse(
                    status: 403,
                    body: try! JSONText.data(
                        ErrorBody(
                            code: SyncErrorCode.outOfScope, message: "outside this token's region", records: refused)))
            }
            return HTTPResponse(
                status: 200,
                body: try! JSONText.data(PushResponse(results: ids.map { PushResult(id: $0, outcome: .applied) })))
        }
    }

    /// The answer to a hello: go on, with an epoch.
    static let hello = HTTPResponse(
        status: 200,
        body: try! JSONText.data(
            HelloResponse(verdict: .ok, epoch: Epoch(number: 1, token: String(repeating: "ab", count: 16)))))

    let directory: TemporaryDirectory
    let store: ReplicaStore

    init() throws {
        directory = try TemporaryDirectory("agent-push")
        store = try ReplicaStore.create(
            at: directory.file("replica.sqlite"), serverURL: "http://sync.test", region: .north, technician: "Wang",
            replicaID: ReplicaID(high: 7, low: 7))
    }

    func record(_ count: Int) throws -> [RecordID] {
        try store.createMany(
            (0..<count).map { (kind: .customer, values: ["name": .string("Customer \($0)"), "region": "north"]) }
        )
        .map(\.id)
    }

    func sync(_ server: ScriptedServer, window: Int) throws -> SyncSummary {
        var options = SyncOptions()
        options.pushBatchSize = 3
        options.pushWindow = window
        options.retries = 0
        return try SyncClient(store: store, transport: server, token: "t", options: options).run()
    }

    @Test(arguments: [1, 2, 3])
    func everyBatchIsSentOnceAndAcknowledged(window: Int) throws {
        let ids = try record(10)
        let server = ScriptedServer(refusing: [])
        let summary = try sync(server, window: window)
        #expect(summary.pushed == 10)
        // Sent at once, batches may reach the server in either order; each record exactly once.
        let sent = server.batches.flatMap { $0 }
        #expect(sent.count == 10)
        #expect(Set(sent) == Set(ids))
        #expect(try store.syncCounts().pending == 0)
        #expect(summary.confirmedCounter == 10)
    }

    /// A refusal in the last batch at the server, with nothing else in it, must not end the push
    /// early: the batches not yet read are still sent.
    @Test func refusedRecordsStayAndTheRestIsSent() throws {
        let ids = try record(10).sorted { $0.description < $1.description }
        // The first batch loses one record; the second and third batches lose all of theirs, so
        // for a while nothing is at the server, and the fourth batch must still be read and sent.
        let refused = Set([ids[1]] + ids[3...8])
        let server = ScriptedServer(refusing: refused)
        let summary = try sync(server, window: 2)
        #expect(Set(summary.refused.map(\.id)) == refused)
        #expect(summary.pushed == 3)
        #expect(summary.confirmedCounter == nil)
        let pending = try store.pendingRecords(limit: 100)
        #expect(pending.isEmpty, "refused records wait for an edit, not for the next sync")
        #expect(Set(try store.refusedRecords().map(\.id)) == refused)
        // Every record not refused reached the server and was acknowledged.
        let accepted = Set(server.batches.flatMap { $0 }).subtracting(refused)
        #expect(accepted == Set(ids).subtracting(refused))
        #expect(server.batches.contains { $0.contains(ids[9]) })
        #expect(try store.syncCounts().pending == 7)
    }
}
