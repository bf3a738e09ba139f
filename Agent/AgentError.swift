import FieldSyncShared

/// Everything that can go wrong in the agent, said so a technician knows what to do next.
///
/// One struct for the module: a code to test against and branch on, and a
/// message in both languages. Messages never carry tokens or record contents.
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

    static func invalid(_ problems: [FieldProblem], kind: RecordKind) -> AgentError {
        let english = problems.map { "\(kind.field(named: $0.field)?.flag ?? $0.field) \($0.message.english)" }
        let chinese = problems.map { "\(kind.field(named: $0.field)?.chinese ?? $0.field)\($0.message.chinese)" }
        return AgentError(
            .invalidInput,
            Message(
                "the \(kind.englishName) was not saved: " + english.joined(separator: "; "),
                zh: "\(kind.chineseName)未保存：" + chinese.joined(separator: "；")))
    }
}
