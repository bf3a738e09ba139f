/// The five regional offices (办事处). Region is part of every record and decides who may see it.
public enum Region: String, CaseIterable, Codable, Sendable, Comparable {
    case north, northwest, southwest, central, south

    /// The name the offices use: 华北, 西北, 西南, 华中, 华南.
    public var chineseName: String {
        switch self {
        case .north: "华北"
        case .northwest: "西北"
        case .southwest: "西南"
        case .central: "华中"
        case .south: "华南"
        }
    }

    public var englishName: String {
        switch self {
        case .north: "North"
        case .northwest: "Northwest"
        case .southwest: "Southwest"
        case .central: "Central"
        case .south: "South"
        }
    }

    public func name(in language: Language) -> String {
        language.text(englishName, zh: chineseName)
    }

    /// Parses `north`, `North`, `华北`, or `华北办事处`.
    public init?(parsing text: String) {
        let trimmed = text.trimmingWhitespace()
        if let region = Region(rawValue: trimmed.lowercased()) {
            self = region
            return
        }
        let withoutOffice = trimmed.hasSuffix("办事处") ? String(trimmed.dropLast(3)) : trimmed
        guard let region = Region.allCases.first(where: { $0.chineseName == withoutOffice }) else { return nil }
        self = region
    }

    public static func < (lhs: Region, rhs: Region) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// The two languages FieldSync speaks.
public enum Language: String, Sendable, CaseIterable, Codable {
    case chinese = "zh"
    case english = "en"
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and newlines (CRLF too: one `Character`).
    public func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = {
            $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" || $0 == "\u{3000}"
        }
        // Nearly every text has nothing to trim: seen from its first and last characters alone.
        if let first, let last, !isSpace(first), !isSpace(last) { return String(self) }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[start...end])
    }
}
