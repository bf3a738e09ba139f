import FieldSyncShared
import Foundation

/// The push: pending records in batches, several in flight, each acknowledged in order.
extension SyncClient {
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
                    throw AgentError.forked(error.message)
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
}
