import Foundation

/// The answer to an ``HTTPRequest``, whatever its status.
///
/// A 4xx or 5xx status is a response, not a ``TransportError``: the caller decides what it means.
public struct HTTPResponse: Sendable {
    /// The status code of the final response, such as 200 or 404.
    public var status: Int
    /// Header fields by lowercased name; repeated fields are joined with `", "`.
    ///
    /// These are the headers as the server sent them: a compressed response keeps its
    /// `content-encoding` and `content-length` even though ``body`` arrives decoded.
    public var headers: [String: String]
    /// The body, already decoded from `gzip` or `deflate`.
    public var body: Data

    /// A response with the given parts; `headers` names should be lowercased.
    public init(status: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The value of the header field `name`, compared without regard to case.
    public func header(_ name: String) -> String? { headers[name.lowercased()] }
}
