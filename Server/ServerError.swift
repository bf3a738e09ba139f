import FieldSyncShared

/// Everything the server refuses or fails at, as one evolvable struct.
///
/// Says what kind of failure it is in the sync's words, with a stable code; the message says
/// what went wrong and what to do, and never holds tokens or record contents. The stores and the
/// sync rules throw it without knowing HTTP; `ServerError.status` (Server/HTTP) is the one place
/// a kind becomes a status.
public struct ServerError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure, as the caller should take it.
    public enum Kind: Sendable, Hashable {
        /// The request is not what the protocol says (fix the request).
        case malformed
        /// No token, a wrong one, or a revoked one.
        case unauthenticated
        /// The token may not do this: out of its region, another's replica, a forged dot.
        case refused
        /// The replica and the server disagree about where the replica stands (a copy of its
        /// file, a purge it must pull past): the agent heals it by itself.
        case outOfStep
        case unsupportedMediaType
        case tooLarge
        case tooManyFailures
        case wrongMethod
        /// Nothing the token may see is there (an attachment out of scope answers the same).
        case notFound
        /// The store failed for now; the same request may succeed later.
        case unavailable
        /// The server or its setup is broken (a bad setting, a store it cannot open).
        case broken
    }

    public let kind: Kind
    public let code: String
    public let message: String
    public let records: [RecordID]?

    public init(_ kind: Kind, _ code: String, _ message: String, records: [RecordID]? = nil) {
        self.kind = kind
        self.code = code
        self.message = message
        self.records = records
    }

    public var description: String { "\(code): \(message)" }

    public var body: ErrorBody { ErrorBody(code: code, message: message, records: records) }

    static func unauthorized() -> ServerError {
        ServerError(.unauthenticated, SyncErrorCode.unauthorized, "send a valid token as `Authorization: Bearer TOKEN`")
    }

    static func malformed(_ what: String) -> ServerError {
        ServerError(.malformed, "malformed_request", "\(what); nothing was stored")
    }
}
