import FieldSyncAgent
import Foundation

/// The agent's libcurl transport, counting the body bytes of every request and response.
struct CountingTransport: HTTPTransport {
    let inner: CurlTransport
    let counter: WireCounter

    func send(_ request: HTTPRequest, progress: (@Sendable (TransferProgress) -> Void)?) throws(TransportError)
        -> HTTPResponse
    {
        let last = LastProgress()
        let response = try inner.send(request) { update in
            last.set(update)
            progress?(update)
        }
        // libcurl's download count is of the bytes received, before it decodes gzip.
        let received = last.value.map(\.downloaded) ?? Int64(response.body.count)
        counter.add(sent: Int64(request.body?.count ?? 0), received: received)
        return response
    }
}

/// The last progress report of one transfer.
private final class LastProgress: @unchecked Sendable {
    // Safe to share: reports come from the sending thread, read after `send` returns, under `lock`.
    private let lock = NSLock()
    private var last: TransferProgress?

    func set(_ progress: TransferProgress) {
        lock.lock()
        last = progress
        lock.unlock()
    }

    var value: TransferProgress? {
        lock.lock()
        defer { lock.unlock() }
        return last
    }
}
