import Foundation

/// One HTTP/1.1 request or response as the ``FaultProxy`` passes it on: the start line, the
/// header fields, and the body exactly as framed on the wire (chunked bodies keep their chunks).
struct ProxiedMessage: Sendable {
    var startLine: String
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    /// The value of the first header field called `name` (case-insensitive).
    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    var isChunked: Bool { header("Transfer-Encoding")?.lowercased().contains("chunked") ?? false }

    /// A request's method and target, e.g. `POST /v1/push`; a response's status line.
    var requestLine: (method: String, target: String) {
        let parts = startLine.split(separator: " ", maxSplits: 2)
        return (parts.first.map(String.init) ?? "", parts.count > 1 ? String(parts[1]) : "")
    }

    /// A response's status code, 0 if the status line is not one.
    var status: Int {
        let parts = startLine.split(separator: " ", maxSplits: 2)
        return parts.count > 1 ? Int(parts[1]) ?? 0 : 0
    }

    /// The message with `Connection: close` in place of whatever it said about the connection:
    /// the proxy uses every connection for one exchange.
    func closingConnection() -> ProxiedMessage {
        var copy = self
        let hopByHop: Set<String> = ["connection", "keep-alive", "proxy-connection", "expect"]
        copy.headers = headers.filter { !hopByHop.contains($0.name.lowercased()) } + [("Connection", "close")]
        return copy
    }

    /// The head: start line, header fields and the blank line.
    var headBytes: [UInt8] {
        var text = startLine + "\r\n"
        for field in headers { text += "\(field.name): \(field.value)\r\n" }
        return Array((text + "\r\n").utf8)
    }

    var bytes: [UInt8] { headBytes + body }

    /// Parses a head read by ``ProxySocket/readHead(limit:)``.
    init(head: [UInt8]) throws {
        let lines = String(decoding: head, as: UTF8.self).split(separator: "\r\n", omittingEmptySubsequences: true)
        guard let first = lines.first, first.split(separator: " ").count >= 2 else {
            throw FaultProxyError.malformed("not an HTTP start line")
        }
        startLine = String(first)
        headers = try lines.dropFirst().map { line in
            guard let colon = line.firstIndex(of: ":") else {
                throw FaultProxyError.malformed("a header field without a colon")
            }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        body = []
    }

    /// The next request on `socket`; `nil` if the client closed without sending one.
    static func readRequest(from socket: ProxySocket) throws -> ProxiedMessage? {
        guard let head = try socket.readHead() else { return nil }
        var message = try ProxiedMessage(head: head)
        if message.isChunked {
            message.body = try socket.readChunked()
        } else if let length = try message.contentLength() {
            message.body = try socket.read(count: length)
        }
        return message
    }

    /// The response to a request with `method` on `socket`, after any interim (1xx) responses.
    static func readResponse(from socket: ProxySocket, method: String) throws -> ProxiedMessage {
        while true {
            guard let head = try socket.readHead() else {
                throw FaultProxyError.malformed("the server closed without answering")
            }
            var message = try ProxiedMessage(head: head)
            let status = message.status
            if (100..<200).contains(status) && status != 101 { continue }
            if method == "HEAD" || status == 204 || status == 304 { return message }
            if message.isChunked {
                message.body = try socket.readChunked()
            } else if let length = try message.contentLength() {
                message.body = try socket.read(count: length)
            } else {
                message.body = try socket.readToEnd()
            }
            return message
        }
    }

    private func contentLength() throws -> Int? {
        guard let text = header("Content-Length") else { return nil }
        guard let length = Int(text), length >= 0 else { throw FaultProxyError.malformed("a bad Content-Length") }
        return length
    }
}
