import Foundation

/// One HTTP request for an ``HTTPTransport`` to send.
///
/// ```swift
/// let request = HTTPRequest(
///     method: "POST", url: "https://sync.example.com/v1/push",
///     headers: [("Content-Type", "application/json")], body: payload)
/// ```
///
/// The body is sent exactly as given; say what it is with a `Content-Type` header.
public struct HTTPRequest: Sendable {
    /// The method, such as `GET`, `POST` or `DELETE`: letters, digits and `-` only.
    public var method: String
    /// The absolute `http` or `https` URL.
    public var url: String
    /// Header fields in the order they are sent. Names and values must not contain line breaks.
    public var headers: [(name: String, value: String)]
    /// The request body, or `nil` for none. `POST`, `PUT` and `PATCH` without a body send an empty one.
    public var body: Data?

    /// A request; by default a `GET` without extra headers or body.
    public init(method: String = "GET", url: String, headers: [(name: String, value: String)] = [], body: Data? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}
