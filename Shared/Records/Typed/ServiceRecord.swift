import Foundation

/// A typed view of one record kind, read from a record's provisional values.
///
/// The record state stays the source of truth: a typed record is a convenience
/// for code that computes with the fields (reports, due lists), and fields it
/// does not know are not dropped from the state.
public protocol ServiceRecord: Codable, Sendable {
    static var kind: RecordKind { get }
    var id: RecordID { get }
    var region: Region { get }
}

extension ServiceRecord {
    /// Reads the typed record from a record's values; throws if they do not fit its kind.
    public init(id: RecordID, values: [String: JSONValue]) throws {
        var object = values.filter { !$0.value.isNull }
        object["id"] = .string(id.description)
        self = try JSONText.decode(Self.self, from: JSONText.data(JSONValue.object(object)))
    }
}

/// The opinion card's rating: one of its three words, or a score.
public enum Rating: Hashable, Sendable, Codable {
    case satisfied, fairlySatisfied, unsatisfied
    case score(Int)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let score = try? container.decode(Int.self), (1...5).contains(score) {
            self = .score(score)
            return
        }
        switch try container.decode(String.self) {
        case "satisfied": self = .satisfied
        case "fairly-satisfied": self = .fairlySatisfied
        case "unsatisfied": self = .unsatisfied
        default:
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a rating")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .satisfied: try container.encode("satisfied")
        case .fairlySatisfied: try container.encode("fairly-satisfied")
        case .unsatisfied: try container.encode("unsatisfied")
        case .score(let score): try container.encode(score)
        }
    }
}
