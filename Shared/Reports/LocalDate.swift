/// A calendar day, `2026-11-30`, with no time and no zone: the local date a time was recorded on.
///
/// Report periods are made of local dates, so whether a record falls in a period
/// is judged on the day the technician or the office saw on their own calendar.
///
/// ```swift
/// let time = try ServiceTime(parsing: "2026-11-30T23:30+08:00")   // 15:30Z
/// LocalDate(time) == LocalDate(year: 2026, month: 11, day: 30)    // true
/// ```
public struct LocalDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The year, 1–9999.
    public let year: Int
    /// The month, 1–12.
    public let month: Int
    /// The day of the month, from 1.
    public let day: Int

    /// A date from its fields; `nil` if the month or day does not exist.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            day >= 1, day <= ServiceTime.daysIn(month: month, year: year)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The local date of `time` in the zone it was recorded in.
    public init(_ time: ServiceTime) {
        let local = time.local
        self.init(checkedYear: local.year, month: local.month, day: local.day)
    }

    private init(checkedYear year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Days since 1970-01-01.
    public var dayNumber: Int { ServiceTime.daysFromCivil(year: year, month: month, day: day) }

    /// The date `days` days later (earlier when negative).
    public func adding(days: Int) -> LocalDate {
        let (year, month, day) = ServiceTime.civilFromDays(dayNumber + days)
        return LocalDate(checkedYear: year, month: month, day: day)
    }

    /// The first day of the month `months` months later (earlier when negative).
    public func firstOfMonth(adding months: Int) -> LocalDate {
        let index = year * 12 + (month - 1) + months
        return LocalDate(
            checkedYear: index.floorDivided(by: 12), month: index - index.floorDivided(by: 12) * 12 + 1, day: 1)
    }

    /// The last day of this date's month.
    public var lastOfMonth: LocalDate {
        LocalDate(checkedYear: year, month: month, day: ServiceTime.daysIn(month: month, year: year))
    }

    /// The instant this day begins in a zone `offset` seconds from UTC.
    public func start(offset: Int) -> Int64 { Int64(dayNumber) * 86_400 - Int64(offset) }

    /// Parses `YYYY-MM-DD`.
    public init?(parsing text: some StringProtocol) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// `YYYY-MM-DD`.
    public var description: String { "\(pad(year, 4))-\(pad(month))-\(pad(day))" }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}

extension LocalDate: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard let date = LocalDate(parsing: try container.decode(String.self)) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "a date is written YYYY-MM-DD")
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { asciiValue.map { (0x30...0x39).contains($0) } ?? false }
}

extension Int {
    fileprivate func floorDivided(by divisor: Int) -> Int {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}

private func pad(_ value: Int, _ width: Int = 2) -> String {
    let text = String(value)
    return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
}
