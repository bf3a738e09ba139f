/// Which records a report or one of its sections covers: one region's, or the whole company's.
///
/// Written `north` … `south` for a region and `all` for the company, in JSON and CSV.
public enum ReportScope: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// One regional office's records.
    case region(Region)
    /// Every region's records: headquarters' view.
    case all

    /// The regions the scope covers, in the offices' order.
    public var regions: [Region] {
        switch self {
        case .region(let region): [region]
        case .all: Region.allCases
        }
    }

    /// Whether a record of `region` is in scope.
    public func includes(_ region: Region) -> Bool {
        switch self {
        case .region(let own): own == region
        case .all: true
        }
    }

    /// The scope as a heading: `华北` / `North`, or `全公司` / `Company`.
    public func name(in language: Language) -> String {
        switch self {
        case .region(let region): region.name(in: language)
        case .all: language.text("Company", zh: "全公司")
        }
    }

    /// `north` … `south`, or `all`.
    public var description: String {
        switch self {
        case .region(let region): region.rawValue
        case .all: "all"
        }
    }

    /// Parses `all` (also `company`, `全公司`) or a region as `Region(parsing:)` reads it.
    public init?(parsing text: String) {
        switch text.trimmingWhitespace().lowercased() {
        case "all", "company", "全公司", "总部": self = .all
        default:
            guard let region = Region(parsing: text) else { return nil }
            self = .region(region)
        }
    }

    /// Regions in the offices' order, the company last.
    public static func < (lhs: ReportScope, rhs: ReportScope) -> Bool {
        switch (lhs, rhs) {
        case (.region(let a), .region(let b)): a < b
        case (.region, .all): true
        case (.all, _): false
        }
    }
}

extension ReportScope: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard text == "all" || Region(rawValue: text) != nil, let scope = ReportScope(parsing: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "a scope is all, north, northwest, southwest, central or south")
        }
        self = scope
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
