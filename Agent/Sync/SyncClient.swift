import FieldSyncShared
import Foundation

/// How a sync goes: batch sizes, retries, and where to report progress.
public struct SyncOptions: Sendable {
    /// Records per push request: each is one transaction on the server, so larger batches spread
    /// its fixed costs (a commit, the HTTP exchange) over more records.
    public var pushBatchSize = 1000
    /// Bytes of record states per push request, at most (the server takes 32 MiB by default).
    public var pushBatchBytes = 8 << 20
    /// Push batches sent before the first of them is answered.
    public var pushWindow = 2
    public var pullPageSize = 1000
    /// Further attempts after a network failure, with doubling delays from `retryDelay`.
    public var retries = 3
    public var retryDelay: Double = 1
    public init() {}
}

/// What a sync did, for the summary line and the exit status.
public struct SyncSummary: Sendable, Codable {
    public var pushed = 0
    public var pulled = 0
    public var removed = 0
    public var newConflicts = 0
    public var openConflicts = 0
    /// Records the server would not take, with why; they stay here, not pushed again until edited.
    public var refused: [Refusal] = []
    /// Records that left this replica's scope but were kept because they hold unsynced changes.
    public var keptOutOfScope: [RecordID] = []
    public var rebaselined = false
    /// Every write up to this counter is confirmed stored by the server.
    public var confirmedCounter: UInt64?
    /// What happened to this replica's identity or its server during the sync (a copy, a restore).
    public var identity: [IdentityEvent] = []
    /// Records sent again to a server restored from a backup that it did not hold.
    public var resent = 0
    /// Changes the server had not confirmed to this copy, re-issued under a new replica id.
    public var reissued = 0
    /// Records whose copies of other replicas' writes clashed with the server's under the same
    /// dots, sent again under this replica's id.
    public var untangled = 0
    /// What the bytes' own track did after the records (`AttachmentSync`); set by `sync`.
    public var attachments: AttachmentSyncSummary?

    public struct Refusal: Sendable, Codable {
        public let id: RecordID
        public let reason: String
    }

    enum CodingKeys: String, CodingKey {
        case pushed, pulled, removed, refused, rebaselined
        case newConflicts = "new_conflicts"
        case openConflicts = "open_conflicts"
        case keptOutOfScope = "kept_out_of_scope"
        case confirmedCounter = "confirmed_counter"
        case identity, resent, reissued, untangled, attachments
    }

    /// Whether the sync found and healed a copy of this file or a restored server: nothing was
    /// lost, but a person should know (exit status 4).
    public var healed: Bool { !identity.isEmpty || untangled > 0 }
}

/// Where a sync stands, for a progress bar.
public enum SyncProgress: Sendable {
    case pushing(done: Int, total: Int)
    /// `done` changes (records and removals) pulled of `total`, as the server counted them
    /// (`nil` until it has).
    case pulling(done: Int, total: Int?)
    case waiting(seconds: Double, reason: String)
}

/// Pushes this replica's changes, then pulls everything new in its scope, page by page.
///
/// Safe to interrupt anywhere: a record is marked clean only after the server answered
/// for it (and only if it did not change meanwhile), and each pulled page is applied
/// together with the cursor that follows it.
public struct SyncClient: Sendable {
    let store: ReplicaStore
    let transport: any HTTPTransport
    let token: String
    let options: SyncOptions
    let progress: @Sendable (SyncProgress) -> Void

    public init(
        store: ReplicaStore, transport: any HTTPTransport, token: String, options: SyncOptions = SyncOptions(),
        progress: @escaping @Sendable (SyncProgress) -> Void = { _ in }
    ) {
        self.store = store
        self.transport = transport
        self.token = token
        self.options = options
        self.progress = progress
    }

    public func run() throws -> SyncSummary {
        let lock = try SyncLock(databasePath: store.path)
        defer { lock.release() }
        var summary = SyncSummary()
        let eventsBefore = try store.identityEvents(limit: 1).first
        // A copy of the file takes a new id before anything goes out.
        try store.checkFileIdentity()
        var attempt = 0
        while true {
            do {
                // A server restored from a backup: this file took a new id; the sync begins again under it.
                if try runOnce(summary: &summary), attempt < 2 {
                    attempt += 1
                    continue
                }
                break
            } catch let error as AgentError where error.code == .forked && attempt < 2 {
                // Another copy of this file has synced: a new id, and the sync again under it.
                attempt += 1
                try store.rekeyAfterFork(reason: error.message.english)
            }
        }
        summary.openConflicts = try store.syncCounts().conflicts
        summary.identity = try store.identityEvents(limit: 10).prefix { $0 != eventsBefore }.reversed()
        return summary
    }

    /// One sync under the replica's current id; `true` when it must begin again under a new one.
    func runOnce(summary: inout SyncSummary) throws -> Bool {
        let hello = try sayHello()
        if try store.accept(hello) { return true }
        let info = try store.info()
        let formers = try store.formersToReissue()
        if !formers.isEmpty { summary.reissued += try reissue(formers, info: info) }
        let resent = try push(info: info, summary: &summary)
        if info.resending {
            summary.resent += resent
            if summary.refused.isEmpty, try store.syncCounts().pending == 0 {
                try store.finishResend(sent: summary.resent)
            }
        }
        try pull(info: info, summary: &summary)
        return false
    }

    // MARK: Hello

    /// Tells the server who this replica is and how far it has come; the server answers with the
    /// sync's epoch, or says that it was restored, or that this file is an older copy.
    func sayHello() throws -> HelloResponse {
        let request = try store.helloRequest()
        let info = try store.info()
        let response = try send(method: "POST", path: "/v1/hello", info: info, body: try JSONText.data(request))
        if response.status == 409, let error = errorBody(response), error.code == SyncErrorCode.replicaForked {
            throw forked(error.message)
        }
        try check(response)
        return try decode(HelloResponse.self, response)
    }

    func forked(_ serverMessage: String) -> AgentError {
        AgentError(
            .forked,
            Message(
                "the server has synced with another copy of this replica's file since (\(serverMessage))",
                zh: "服务器已与本副本文件的另一份拷贝同步过（\(serverMessage)）"))
    }

    // MARK: Re-issue

    /// Re-issues the writes of the ids this file gave up that the server has not confirmed to
    /// this copy (`Reissue`), comparing each record with the server's state of it first. Returns
    /// how many writes went out under the new id.
    func reissue(_ formers: [ReplicaID: UInt64], info: ReplicaInfo) throws -> Int {
        let ids = try store.recordsToReissue(formers)
        var reissued = 0
        var start = 0
        while start < ids.count {
            let batch = Array(ids[start..<min(ids.count, start + options.pullPageSize)])
            start += batch.count
            let response = try send(
                method: "POST", path: "/v1/records", info: info, body: try JSONText.data(RecordsRequest(ids: batch)))
            try check(response)
            let server = try decode(RecordsResponse.self, response).records
            let states = Dictionary(server.map { ($0.id, $0.state) }, uniquingKeysWith: { first, _ in first })
            reissued += try store.reissue(batch, server: states, formers: formers).reissued
        }
        try store.finishReissue(formers, reissued: reissued)
        return reissued
    }

    /// Asks the server for its states of `ids` and re-issues the other replicas' writes here
    /// that clash with them (`ReplicaStore.untangle`); returns the records re-issued.
    func untangle(_ ids: [RecordID], info: ReplicaInfo) throws -> [RecordID] {
        guard !ids.isEmpty else { return [] }
        let response = try send(
            method: "POST", path: "/v1/records", info: info, body: try JSONText.data(RecordsRequest(ids: ids)))
        try check(response)
        let server = try decode(RecordsResponse.self, response).records
        return try store.untangle(
            ids, server: Dictionary(server.map { ($0.id, $0.state) }, uniquingKeysWith: { first, _ in first }))
    }

    // MARK: Push

    /// Pushes every pending record; returns how many the server stored that it did not hold.
    @discardableResult
    func push(info: ReplicaInfo, summary: inout SyncSummary) throws -> Int {
        let counterAtStart = info.counter
        var stored = 0
        var untangled = Set<RecordID>()
        let total = try store.syncCounts().pending
        var done = 0
        var clean = true
        // Up to `pushWindow` batches are with the server at once: while it merges one, the next is
        // read, encoded and sent, and the one before is acknowledged (on a thread of its own).
        // Batches are disjoint (they page through the pending records by id), and each is
        // acknowledged from its own answer, in the order sent.
        var inFlight = [(records: [PendingRecord], call: BackgroundCall<HTTPResponse>)]()
        var acknowledging: BackgroundCall<Void>?
        var after = ""
        var exhausted = false
        func send(_ records: [PendingRecord], _ body: Data) -> BackgroundCall<HTTPResponse> {
            BackgroundCall { try self.send(method: "POST", path: "/v1/push", info: info, body: body) }
        }
        func awaitAcknowledgement() throws {
            let previous = acknowledging
            acknowledging = nil
            try previous?.wait()
        }
        func fill() throws {
            while !exhausted && inFlight.count < max(1, options.pushWindow) {
                guard let (records, body) = try batch(after: after, info: info) else {
                    exhausted = true
                    return
                }
                after = records.last!.record.id.description
                inFlight.append((records, send(records, body)))
            }
        }
        do {
            while true {
                try fill()
                guard !inFlight.isEmpty else { break }
                progress(.pushing(done: done, total: total))
                let (batch, call) = inFlight.removeFirst()
                let response = try call.wait()
                if response.status == 409, let error = errorBody(response), error.code == SyncErrorCode.replicaForked {
                    throw forked(error.message)
                }
                if response.status == 403, let error = errorBody(response), let ids = error.records, !ids.isEmpty {
                    // Another replica's writes here clash with the server's under the same dots (a
                    // double fault): ours go again under this replica's id, once.
                    var again = [PendingRecord]()
                    if error.code == SyncErrorCode.forgedDot {
                        let fresh = ids.filter { !untangled.contains($0) }
                        untangled.formUnion(fresh)
                        again = try store.pendingRecords(ids: try untangle(fresh, info: info))
                        summary.untangled += again.count
                    }
                    // Out of scope or forged: keep them here, tell the technician, push the rest of the batch.
                    let refusedIDs = ids.filter { id in !again.contains { $0.record.id == id } }
                    if !refusedIDs.isEmpty {
                        try store.markRefused(refusedIDs, reason: error.message)
                        summary.refused += refusedIDs.map { SyncSummary.Refusal(id: $0, reason: error.message) }
                        clean = false
                    }
                    let refused = Set(ids)
                    let rest = batch.filter { !refused.contains($0.record.id) } + again
                    if !rest.isEmpty {
                        let body = try store.pushText(replica: info.replicaID, records: rest)
                        inFlight.insert((rest, send(rest, body)), at: 0)
                    }
                    continue
                }
                try check(response)
                let results = try decode(PushResponse.self, response).results
                // Acknowledged on a thread of its own, one batch after the other, while the next
                // batch is read here (a WAL reader does not wait for the writer).
                try awaitAcknowledgement()
                let store = store
                acknowledging = BackgroundCall { try store.acknowledgePush(batch, results: results) }
                for result in results where result.outcome == .rejected {
                    summary.refused.append(
                        SyncSummary.Refusal(id: result.id, reason: result.reason ?? result.code ?? "refused"))
                    clean = false
                }
                summary.pushed += results.filter { $0.outcome != .rejected }.count
                stored += results.filter { $0.outcome != .rejected && $0.held != true }.count
                done += batch.count
            }
            try awaitAcknowledgement()
        } catch {
            // Let the batches still with the server end first: their records stay pending here
            // (a push repeated later changes nothing on the server).
            for (_, call) in inFlight { _ = try? call.wait() }
            _ = try? awaitAcknowledgement()
            throw error
        }
        progress(.pushing(done: done, total: total))
        if try clean && store.syncCounts().pending == 0 {
            try store.confirmDurable(upTo: counterAtStart, at: ServiceTime.current.description)
            summary.confirmedCounter = counterAtStart
        }
        return stored
    }

    /// The pending records after `after` (up to a batch) and the push request's body; `nil` when none are left.
    func batch(after: String, info: ReplicaInfo) throws -> (records: [PendingRecord], body: Data)? {
        var records = try store.pendingRecords(after: after, limit: options.pushBatchSize)
        if records.isEmpty { return nil }
        // Large records make a shorter batch, so a request stays well below the server's body limit.
        var bytes = 0
        if let fits = records.firstIndex(where: {
            bytes += $0.record.state.count + 200; return bytes > options.pushBatchBytes
        }) {
            records.removeSubrange(max(1, fits)...)
        }
        return (records, try store.pushText(replica: info.replicaID, records: records))
    }

    // MARK: Pull

    func pull(info: ReplicaInfo, summary: inout SyncSummary) throws {
        // The next page is fetched and decoded while this one is stored, so the server's work and
        // the agent's overlap. `held` tells the server what this replica has stored for certain
        // (tombstone purges wait for it), which during a prefetch is less than `after`.
        var cursor = try store.info().pullCursor
        // This replica's own pushes need not come back (`Echo`), except into a new baseline, which
        // drops whatever it does not bring.
        var omitEchoes = Echo.mayOmitEchoes(rebaselining: try store.isRebaselining())
        // Changes pulled, and how many the server said there are: counted on the first page (a
        // scan of the rest of the log), and again only if more arrived than it said.
        var done = 0
        var total: Int?
        func fetch(after: Int64, held: Int64) -> BackgroundCall<PulledPage> {
            fetchPage(
                after: after, held: held, info: info, omitEchoes: omitEchoes, count: total.map { done > $0 } ?? true)
        }
        var inFlight = fetch(after: cursor, held: cursor)
        progress(.pulling(done: 0, total: nil))
        while true {
            let page: PullResponse
            switch try inFlight.wait() {
            case .page(let received):
                page = received
            case .answer(let response):
                if response.status == 409, let error = errorBody(response), error.code == SyncErrorCode.replicaForked {
                    throw forked(error.message)
                }
                if response.status == 409, errorBody(response)?.code == SyncErrorCode.rebaselineRequired {
                    guard !summary.rebaselined else {
                        throw protocolError("the server asked twice to pull from the start")
                    }
                    try store.beginRebaseline()
                    summary.rebaselined = true
                    omitEchoes = Echo.mayOmitEchoes(rebaselining: true)
                    cursor = 0
                    (done, total) = (0, nil)
                    inFlight = fetch(after: 0, held: 0)
                    continue
                }
                // Here, on this thread and after the page before was stored: a revoked token's
                // answer wipes the synced records, which must not race with storing a page.
                try check(response)
                page = try decode(PullResponse.self, response)
            }
            done += page.records.count + page.removed.count
            if let remaining = page.remaining { total = done + Int(clamping: remaining) }
            if !page.more { total = done }
            if page.more {
                guard page.next > cursor else { throw protocolError("the server's cursor did not move forward") }
                inFlight = fetch(after: page.next, held: cursor)
            }
            let applied: AppliedPage
            do {
                applied = try store.applyPulled(page, syncedAt: ServiceTime.current.description)
            } catch {
                // Let the prefetch end before reporting: nothing of it is stored.
                if page.more { _ = try? inFlight.wait() }
                throw error
            }
            summary.pulled += applied.received
            summary.removed += applied.removed
            summary.newConflicts += applied.newConflicts
            summary.keptOutOfScope += applied.keptWithChanges
            summary.untangled += applied.untangled
            progress(.pulling(done: done, total: total))
            guard page.more else { break }
            cursor = page.next
        }
    }

    /// What asking for a page brings: the page, decoded, or any other answer for the sync's own
    /// thread to act on.
    enum PulledPage: Sendable {
        case page(PullResponse)
        case answer(HTTPResponse)
    }

    /// Fetches and decodes the page after `after` on a thread of its own. Nothing here touches the
    /// replica: the answer is acted on by the caller, in order. `omitEchoes` asks the server to
    /// leave out this replica's own pushes, `count` to say how many changes remain.
    func fetchPage(after: Int64, held: Int64, info: ReplicaInfo, omitEchoes: Bool = false, count: Bool = false)
        -> BackgroundCall<PulledPage>
    {
        BackgroundCall {
            // `held` only when it says less than `after`: asking from 0 with held=0 restarts nothing twice.
            let heldParameter = held < after ? "&held=\(held)" : ""
            let echoParameter = omitEchoes ? "&echo=false" : ""
            let countParameter = count ? "&count=true" : ""
            let response = try send(
                method: "GET",
                path:
                    "/v1/pull?after=\(after)\(heldParameter)&limit=\(options.pullPageSize)\(echoParameter)\(countParameter)",
                info: info, body: nil)
            guard response.status == 200 else { return .answer(response) }
            return .page(try decode(PullResponse.self, response))
        }
    }

    // MARK: HTTP

    func send(method: String, path: String, info: ReplicaInfo, body: Data?) throws -> HTTPResponse {
        let base = info.serverURL.hasSuffix("/") ? String(info.serverURL.dropLast()) : info.serverURL
        var headers = [
            (name: "Authorization", value: "Bearer \(token)"),
            (name: SyncHeader.replica, value: info.replicaID.description),
            (name: "Accept", value: "application/json"),
        ]
        if let epoch = info.epoch { headers.append((name: SyncHeader.epoch, value: epoch.description)) }
        if body != nil { headers.append((name: "Content-Type", value: "application/json")) }
        let request = HTTPRequest(method: method, url: base + path, headers: headers, body: body)
        var delay = options.retryDelay
        var attempt = 0
        while true {
            do {
                let response = try transport.send(request, progress: nil)
                // A server that is up but overloaded or restarting is worth another try too.
                if response.status >= 500 && attempt < options.retries {
                    attempt += 1
                    progress(.waiting(seconds: delay, reason: "server answered \(response.status)"))
                    Thread.sleep(forTimeInterval: delay)
                    delay *= 2
                    continue
                }
                return response
            } catch {
                guard error.isRetryable else {
                    throw AgentError(
                        .protocolError,
                        Message(
                            "cannot sync with \(info.serverURL): \(error.message); your work is kept here",
                            zh: "无法与 \(info.serverURL) 同步：\(error.message)；工作已保存在本机（公司自有证书请用 --ca）"))
                }
                guard attempt < options.retries else {
                    throw AgentError(
                        .offline,
                        Message(
                            "offline: \(info.serverURL) cannot be reached (\(error.message)). Your work is kept here; sync again later",
                            zh: "离线：无法连接 \(info.serverURL)（\(error.message)）。工作已保存在本机，稍后再同步"))
                }
                attempt += 1
                progress(.waiting(seconds: delay, reason: error.message))
                Thread.sleep(forTimeInterval: delay)
                delay *= 2
            }
        }
    }

    /// The server's error body, if the answer carries one.
    func errorBody(_ response: HTTPResponse) -> ErrorBody.Detail? {
        (try? JSONDecoder().decode(ErrorBody.self, from: response.body))?.error
    }

    func check(_ response: HTTPResponse) throws {
        guard response.status >= 300 else { return }
        let error = errorBody(response)
        let message = error?.message ?? "HTTP \(response.status)"
        switch (response.status, error?.code) {
        case (401, SyncErrorCode.tokenRevoked?):
            let kept = try store.dropSyncedRecords()
            throw AgentError(
                .refused,
                Message(
                    "the server revoked this device's token: synced records were removed from it; \(kept) record(s) with unsynced changes were kept — give them to the office",
                    zh: "服务器已吊销本设备的令牌：已同步的记录已从本机删除；保留了 \(kept) 条未同步的记录，请交给办事处"))
        case (401, _), (403, _):
            throw AgentError(
                .refused,
                Message("the server refused the sync: \(message)", zh: "服务器拒绝同步：\(message)"))
        case (500..., _):
            throw AgentError(
                .serverError,
                Message(
                    "the server failed (\(message)); your work is kept, sync again later",
                    zh: "服务器出错（\(message)），工作已保存，稍后再同步"))
        default:
            throw protocolError("the server answered \(response.status): \(message)")
        }
    }

    func decode<T: Decodable>(_ type: T.Type, _ response: HTTPResponse) throws -> T {
        do {
            return try JSONText.decode(type, from: response.body)
        } catch {
            throw protocolError(
                "the server's answer could not be read; is \(try store.info().serverURL) a FieldSync server?")
        }
    }

    func protocolError(_ english: String) -> AgentError {
        AgentError(.protocolError, Message(english + "; nothing was lost", zh: english + "；数据未丢失"))
    }
}
