/// What a write put in a field: a value, or the tombstone of a delete.
///
/// A tombstone keeps the value the delete cleared, so that a person who settles
/// a delete-versus-edit conflict by restoring the record gets every field back.
public enum FieldValue: Hashable, Sendable {
    case value(JSONValue)
    case tombstone(previous: JSONValue)

    public var isTombstone: Bool {
        if case .tombstone = self { return true }
        return false
    }

    /// The value itself, or `nil` for a tombstone.
    public var jsonValue: JSONValue? {
        if case .value(let value) = self { return value }
        return nil
    }

    /// The same value with every integral double written as an integer, so a value reads
    /// back from JSON exactly as it was written (JSON does not tell `2.0` from `2`).
    var canonical: FieldValue {
        switch self {
        case .value(let value): .value(value.canonical)
        case .tombstone(let previous): .tombstone(previous: previous.canonical)
        }
    }

    /// The value, or what the delete cleared.
    public var valueOrPrevious: JSONValue {
        switch self {
        case .value(let value): value
        case .tombstone(let previous): previous
        }
    }
}

/// One `(dot, value)` pair standing in a field.
public struct DottedValue: Hashable, Sendable {
    public let dot: Dot
    public let value: FieldValue

    public init(dot: Dot, value: FieldValue) {
        self.dot = dot
        self.value = value
    }
}

/// A field with more than one value standing: concurrent writes a person must settle.
public struct FieldConflict: Hashable, Sendable {
    public let field: String
    /// Every standing value, highest dot first.
    public let values: [DottedValue]

    /// The deterministic provisional winner shown until a person settles: the highest dot.
    public var provisionalWinner: DottedValue { values[0] }
}

/// Who settled a conflict, when, and why: kept in the record beside the field.
public struct Settlement: Hashable, Sendable, Codable {
    public var by: String
    public var at: String
    public var reason: String?

    public init(by: String, at: String, reason: String? = nil) {
        self.by = by
        self.at = at
        self.reason = reason
    }
}

/// The choice a person made for a conflicted field.
public enum SettlementChoice: Hashable, Sendable {
    /// Keep the value one of the standing writes put there.
    case keep(Dot)
    /// Write a new value in place of all of them.
    case value(JSONValue)
}
