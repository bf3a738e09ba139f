import FieldSyncShared
import Foundation

/// The start of a sync: the hello, and re-issuing what a copy of this file had not confirmed.
extension SyncClient {
    /// Tells the server who this replica is and how far it has come; the server answers with the
    /// sync's epoch, or says that it was restored, or that this file is an older copy.
    func sayHello() throws -> HelloResponse {
        let request = try store.helloRequest()
        let info = try store.info()
        let response = try send(method: "POST", path: "/v1/hello", info: info, body: try JSONText.data(request))
        if response.status == 409, let error = errorBody(response), error.code == SyncErrorCode.replicaForked {
            throw AgentError.forked(error.message)
        }
        try check(response)
        return try decode(HelloResponse.self, response)
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
}
