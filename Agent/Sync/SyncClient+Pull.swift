import FieldSyncShared
import Foundation

/// The pull: the server's changes page by page, the next fetched while this one is stored.
extension SyncClient {
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
                    throw AgentError.forked(error.message)
                }
                if response.status == 409, errorBody(response)?.code == SyncErrorCode.rebaselineRequired {
                    guard !summary.rebaselined else {
                        throw AgentError.rebaselineTwice()
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
                guard page.next > cursor else { throw AgentError.cursorStuck() }
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
}
