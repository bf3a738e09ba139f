/// Something that sends HTTP requests and returns their responses, such as ``CurlTransport``.
///
/// Sending is synchronous: the call returns when the whole response has arrived or the
/// transfer failed. Conforming types must allow concurrent calls from several threads.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and waits for the complete response.
    ///
    /// - Parameters:
    ///   - request: what to send.
    ///   - progress: called on the sending thread as bytes move, and once more with the final counts.
    /// - Returns: the response, whatever its status code.
    /// - Throws: ``TransportError`` when no complete response arrived.
    func send(_ request: HTTPRequest, progress: (@Sendable (TransferProgress) -> Void)?) throws(TransportError)
        -> HTTPResponse
}

extension HTTPTransport {
    /// Sends `request` without progress reports and waits for the complete response.
    public func send(_ request: HTTPRequest) throws(TransportError) -> HTTPResponse {
        try send(request, progress: nil)
    }
}
