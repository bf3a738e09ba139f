import FieldSyncShared

/// Everything that can go wrong in the agent, said so a technician knows what to do next.
///
/// One struct for the module: a code to test against and branch on, and a
/// message in both languages. Messages never carry tokens or record contents.
/// The wording of every error lives in one file, `AgentError+Messages.swift`, as constructors
/// named for what went wrong (`AgentError.unknownRecord(kind:id:)`, `.offline(server:reason:)`, …).
public struct AgentError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case noReplica, alreadyInitialised, newerDatabase, storage
        case invalidInput, unknownRecord, ambiguousID, immutable, nothingToChange
        case conflict, tokenFile
        case offline, refused, serverError, protocolError
        /// The server has synced with another copy of this replica's file: take a new id.
        case forked
    }

    public let code: Code
    public let message: Message

    public init(_ code: Code, _ message: Message) {
        self.code = code
        self.message = message
    }

    public var description: String { message.english }

    /// The process exit status for this error; see `fieldsync --help`.
    public var exitCode: Int32 {
        switch code {
        case .invalidInput: 64
        case .offline: 75
        case .refused: 77
        default: 1
        }
    }
}
