/// Why an ``HTTPTransport`` got no complete response.
///
/// ``kind`` says what to do about it: ``Kind/offline`` means try again later,
/// the others need someone to fix something first. ``message`` is one line for the
/// technician; it never contains request bodies, tokens or header values.
public struct TransportError: Error, Sendable, CustomStringConvertible {
    /// The class of failure, for deciding whether to retry.
    public enum Kind: String, Sendable, Equatable {
        /// The network is down, slow or the server unreachable: keep the changes and try later.
        case offline
        /// The TLS handshake failed, the certificate is not trusted or does not match the pin: not retryable.
        case tls
        /// The URL is malformed or not `http`/`https`.
        case invalidURL
        /// Anything else, such as a malformed request or a failure inside libcurl.
        case other
    }

    /// The class of failure.
    public let kind: Kind
    /// libcurl's `CURLcode`, or 0 when the request was refused before reaching libcurl.
    public let curlCode: Int
    /// What happened and what to do, in one line.
    public let message: String
    /// The response that had begun when the transfer broke off (status, headers and the part of
    /// the body that arrived), or `nil` when none had: a ranged download keeps these bytes and asks
    /// from the exact byte where the link stopped.
    public var partial: HTTPResponse?

    /// An error with the given parts.
    public init(kind: Kind, curlCode: Int, message: String) {
        self.kind = kind
        self.curlCode = curlCode
        self.message = message
    }

    /// Whether sending the same request later may succeed.
    public var isRetryable: Bool { kind == .offline }

    /// The one-line ``message``.
    public var description: String { message }
}
