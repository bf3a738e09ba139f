import FieldSyncShared

/// A calendar month, written `2026-11`: the last month a demo stretch covers.
public struct DemoMonth: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    /// 1 to 12.
    public let month: Int

    public init?(year: Int, month: Int) {
        guard (1970...9998).contains(year), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    /// Parses `YYYY-MM`.
    public init?(parsing text: String) {
        let parts = text.trimmingWhitespace().split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let year = Int(parts[0]),
            let month = Int(parts[1])
        else { return nil }
        self.init(year: year, month: month)
    }

    public var description: String { "\(year)-\(month < 10 ? "0" : "")\(month)" }

    /// The month `count` months later (earlier when negative).
    public func adding(months count: Int) -> DemoMonth {
        let index = year * 12 + (month - 1) + count
        return DemoMonth(year: index / 12, month: index % 12 + 1) ?? self
    }

    /// Its first instant in China Standard Time, in Unix seconds.
    var start: Int64 {
        // A fixed, valid text: parsing cannot fail.
        (try? ServiceTime(parsing: "\(description)-01T00:00:00+08:00").seconds) ?? 0
    }

    public static func < (lhs: DemoMonth, rhs: DemoMonth) -> Bool { (lhs.year, lhs.month) < (rhs.year, rhs.month) }
}

/// Instants of a demo stretch, in Unix seconds, read in China Standard Time (+08:00) where the
/// five regions work: local hours, weekdays and working hours.
enum DemoCalendar {
    static let offset = 8 * 3600
    static let hour: Int64 = 3600
    static let day: Int64 = 86_400

    /// The stored form of a time: `2026-11-27T09:30:00+08:00`.
    static func text(_ seconds: Int64) -> JSONValue {
        .string(ServiceTime(seconds: seconds, offset: offset).description)
    }

    /// The time `yyyy-MM-dd`, for texts such as the training a customer was given.
    static func date(_ seconds: Int64) -> String {
        String(ServiceTime(seconds: seconds, offset: offset).description.prefix(10))
    }

    static func localHour(_ seconds: Int64) -> Int { Int((seconds + Int64(offset)) % day / hour) }

    /// Local midnight of the day `seconds` falls on.
    static func midnight(_ seconds: Int64) -> Int64 {
        let local = seconds + Int64(offset)
        return local - local % day - Int64(offset)
    }

    /// 0 for Monday … 6 for Sunday (1970-01-01 was a Thursday).
    static func weekday(_ seconds: Int64) -> Int { Int(((seconds + Int64(offset)) / day + 3) % 7) }

    /// A time on the first weekday on or after the day of `seconds`, between `hours` o'clock,
    /// on a five-minute mark: when visits planned in advance happen.
    static func weekdayTime(onOrAfter seconds: Int64, hours: ClosedRange<Int>, random: inout SplitMix64) -> Int64 {
        var dayStart = midnight(seconds)
        while weekday(dayStart) >= 5 { dayStart += day }
        return dayStart + Int64(random.int(hours.lowerBound...hours.upperBound - 1)) * hour + Int64(random.int(0...11))
            * 300
    }

    /// A time between `hours` after `start`, within local working hours (08:00–19:00) and on a
    /// five-minute mark; if the draws keep missing them, the next working morning after the
    /// earliest allowed time.
    static func workingTime(after start: Int64, hours: ClosedRange<Double>, random: inout SplitMix64) -> Int64 {
        for _ in 0..<24 {
            var time = start + random.seconds(hours: hours)
            time -= time % 300
            if time - start >= Int64(hours.lowerBound * 3600), (8..<19).contains(localHour(time)) { return time }
        }
        let earliest = start + Int64(hours.lowerBound * 3600)
        var morning = midnight(earliest) + 8 * hour + 30 * 60
        if morning < earliest { morning += day }
        return morning
    }
}
