import FieldSyncShared
import Foundation

/// Requests and answers: the token, the replica's epoch, and the server's errors in the agent's words.
extension SyncClient {
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
                    throw AgentError.cannotSync(server: info.serverURL, reason: error.message)
                }
                guard attempt < options.retries else {
                    throw AgentError.offline(server: info.serverURL, reason: error.message)
                }
                attempt += 1
                progress(.waiting(seconds: delay, reason: error.message))
                Thread.sleep(forTimeInterval: delay)
                delay *= 2
            }
        }
    }

    /// The server's error body, if the answer carries one.
    func errorBody(_ response: HTTPResponse) -> ErrorBody.Detail? { response.serverError }

    func check(_ response: HTTPResponse) throws {
        guard response.status >= 300 else { return }
        let error = errorBody(response)
        let message = error?.message ?? "HTTP \(response.status)"
        switch (response.status, error?.code) {
        case (401, SyncErrorCode.tokenRevoked?):
            let kept = try store.dropSyncedRecords()
            throw AgentError.tokenRevoked(kept: kept)
        case (401, _), (403, _):
            throw AgentError.refused(message)
        case (500..., _):
            throw AgentError.serverFailed(message)
        default:
            throw AgentError.unexpectedAnswer(status: response.status, message: message)
        }
    }

    func decode<T: Decodable>(_ type: T.Type, _ response: HTTPResponse) throws -> T {
        do {
            return try JSONText.decode(type, from: response.body)
        } catch {
            throw AgentError.unreadableAnswer(server: try store.info().serverURL)
        }
    }
}

extension HTTPResponse {
    /// The server's error body (`ErrorBody`), if this answer carries one: the one place it is decoded.
    var serverError: ErrorBody.Detail? { (try? JSONDecoder().decode(ErrorBody.self, from: body))?.error }
}
