/// The stretch of calendar days a report covers: a year, a quarter, a month, or a range of days.
///
/// A record belongs to a period when the **local date** of its time — the date in
/// the zone it was recorded in — lies in the period. A call logged at
/// `2026-11-30T23:30+08:00` (15:30Z) is in November wherever the server runs; one
/// logged at `2026-12-01T00:30+08:00` is in December although it is still
/// November 30 in UTC.
///
/// ```swift
/// let q3 = try ReportPeriod(parsing: "2026-Q3")
/// q3.first, q3.last                    // 2026-07-01, 2026-09-30
/// q3.months.map(\.description)         // ["2026-07", "2026-08", "2026-09"]
/// q3.contains(try ServiceTime(parsing: "2026-09-30T23:59-05:00"))   // true
/// ```
public struct ReportPeriod: Hashable, Sendable, CustomStringConvertible {
    /// What kind of stretch the period is; it decides how the period is written.
    public enum Kind: String, Codable, Sendable {
        case year, quarter, month, range
    }

    /// Year, quarter, month or range of days.
    public let kind: Kind
    /// The first day of the period.
    public let first: LocalDate
    /// The last day of the period, inclusive.
    public let last: LocalDate

    private init(kind: Kind, first: LocalDate, last: LocalDate) {
        self.kind = kind
        self.first = first
        self.last = last
    }

    /// The calendar year `year` (1–9999).
    public static func year(_ year: Int) -> ReportPeriod {
        let first = LocalDate(year: year, month: 1, day: 1)!
        return ReportPeriod(kind: .year, first: first, last: LocalDate(year: year, month: 12, day: 31)!)
    }

    /// Quarter `quarter` (1–4) of `year`: Q1 is January to March.
    public static func quarter(_ quarter: Int, of year: Int) -> ReportPeriod {
        precondition((1...4).contains(quarter), "a quarter is 1 to 4")
        let first = LocalDate(year: year, month: quarter * 3 - 2, day: 1)!
        return ReportPeriod(kind: .quarter, first: first, last: first.firstOfMonth(adding: 2).lastOfMonth)
    }

    /// Month `month` (1–12) of `year`.
    public static func month(_ month: Int, of year: Int) -> ReportPeriod {
        let first = LocalDate(year: year, month: month, day: 1)!
        return ReportPeriod(kind: .month, first: first, last: first.lastOfMonth)
    }

    /// The days from `first` through `last`, both included; `nil` if `last` is before `first`.
    public init?(from first: LocalDate, through last: LocalDate) {
        guard first <= last else { return nil }
        self.init(kind: .range, first: first, last: last)
    }

    /// The year the period ends in: yearly figures (major complaints, return visits) count in it.
    public var year: Int { last.year }

    /// From January 1 of `year` through the period's last day: the stretch yearly figures
    /// are judged on, so a report on a past quarter does not change with later events.
    public var yearToDate: ReportPeriod {
        let january = LocalDate(year: year, month: 1, day: 1)!
        if last.month == 12 && last.day == 31 { return .year(year) }
        return ReportPeriod(kind: .range, first: january, last: last)
    }

    /// Whether `date` is one of the period's days.
    public func contains(_ date: LocalDate) -> Bool { first <= date && date <= last }

    /// Whether `time` falls in the period, judged on its local date in its own zone.
    public func contains(_ time: ServiceTime) -> Bool { contains(LocalDate(time)) }

    /// The instant just after the period's last day ends, in a zone `offset` seconds from UTC.
    public func end(offset: Int) -> Int64 { last.adding(days: 1).start(offset: offset) }

    /// Every calendar month the period touches, oldest first, each a whole month
    /// (a range that starts or ends mid-month still yields that whole month): the
    /// bins of a trend chart.
    public var months: [ReportPeriod] {
        var result = [ReportPeriod]()
        var month = first.firstOfMonth(adding: 0)
        while month <= last {
            result.append(.month(month.month, of: month.year))
            month = month.firstOfMonth(adding: 1)
        }
        return result
    }

    /// The `count` whole months before the period's first month, oldest first.
    ///
    /// `2026-11`.previousMonths(2) is `[2026-09, 2026-10]`; a trend of the last
    /// twelve months is `period.previousMonths(11) + period.months`. The calendar starts
    /// at 0001-01, so a period near it has fewer months before it.
    public func previousMonths(_ count: Int) -> [ReportPeriod] {
        let count = min(count, (first.year - 1) * 12 + first.month - 1)
        guard count > 0 else { return [] }
        let start = first.firstOfMonth(adding: -count)
        return (0..<count).map { offset in
            let month = start.firstOfMonth(adding: offset)
            return .month(month.month, of: month.year)
        }
    }

    /// How the period is written: `2026`, `2026-Q3`, `2026-11` or `2026-01-01..2026-03-31`.
    public var description: String {
        switch kind {
        case .year: String(first.description.prefix(4))
        case .quarter: "\(first.description.prefix(4))-Q\((first.month + 2) / 3)"
        case .month: String(first.description.prefix(7))
        case .range: "\(first)..\(last)"
        }
    }
}

extension ReportPeriod: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        do { self = try ReportPeriod(parsing: try container.decode(String.self)) } catch let error as ParseError {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.message.english)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
