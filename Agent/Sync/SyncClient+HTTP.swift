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
    func errorBody(_ response: HTTPResponse) -> ErrorBody.Detail? { response.serverError }

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

extension HTTPResponse {
    /// The server's error body (`ErrorBody`), if this answer carries one: the one place it is decoded.
    var serverError: ErrorBody.Detail? { (try? JSONDecoder().decode(ErrorBody.self, from: body))?.error }
}
