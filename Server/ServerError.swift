import FieldSyncShared
import HTTPTypes

/// Everything the server refuses or fails at, as one evolvable struct.
///
/// Carries the HTTP status and a stable code; the message says what went wrong
/// and what to do, and never holds tokens or record contents.
public struct ServerError: Error, Sendable, CustomStringConvertible {
    public let status: HTTPResponse.Status
    public let code: String
    public let message: String
    public let records: [RecordID]?

    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String, records: [RecordID]? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.records = records
    }

    public var description: String { "\(code): \(message)" }

    public var body: ErrorBody { ErrorBody(code: code, message: message, records: records) }

    static func unauthorized() -> ServerError {
        ServerError(.unauthorized, SyncErrorCode.unauthorized, "send a valid token as `Authorization: Bearer TOKEN`")
    }

    static func malformed(_ what: String) -> ServerError {
        ServerError(.badRequest, "malformed_request", "\(what); nothing was stored")
    }
}
