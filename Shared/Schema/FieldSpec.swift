/// One choice of an enumerated field: the stored token and its labels.
public struct Choice: Hashable, Sendable {
    public let token: String
    public let english: String
    public let chinese: String

    public init(_ token: String, _ english: String, _ chinese: String) {
        self.token = token
        self.english = english
        self.chinese = chinese
    }

    public func label(in language: Language) -> String { language.text(english, zh: chinese) }
}

/// What a field may hold.
public indirect enum FieldType: Hashable, Sendable {
    case text
    case choice([Choice])
    /// A time with its zone, stored as `ServiceTime` text.
    case time
    case yesNo
    /// A whole number ≥ 1.
    case quantity
    /// 满意 / 基本满意 / 不满意, or a score 1–5.
    case rating
    /// The id of another record.
    case reference(RecordKind)
    case region
    /// A list of objects with these item fields (products ordered, parts used).
    case list([FieldSpec])
}

/// A field of a record kind: its stored name, type, whether it is required, and its labels.
public struct FieldSpec: Hashable, Sendable {
    public let name: String
    public let type: FieldType
    public let isRequired: Bool
    public let english: String
    public let chinese: String

    public init(_ name: String, _ type: FieldType, required: Bool = false, _ english: String, _ chinese: String) {
        self.name = name
        self.type = type
        self.isRequired = required
        self.english = english
        self.chinese = chinese
    }

    public func label(in language: Language) -> String { language.text(english, zh: chinese) }

    /// The command-line flag for this field: `called_at` → `--called-at`.
    public var flag: String { "--" + String(name.map { $0 == "_" ? "-" : $0 }) }
}
