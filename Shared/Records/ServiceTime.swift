/// A wall-clock time with its zone, as a technician wrote it: data, never an ordering of writes.
///
/// Stored as text, `2026-11-27T09:30:00+08:00`, so the local time and zone of the
/// site are kept; compared by the instant it names.
///
/// ```swift
/// let call = try ServiceTime(parsing: "2026-11-27 09:30+08:00")
/// let arrival = try ServiceTime(parsing: "2026-11-28T01:30:00Z")
/// arrival.seconds - call.seconds   // 86_400
/// ```
public struct ServiceTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public let seconds: Int64
    /// The zone's offset from UTC in seconds.
    public let offset: Int

    public init(seconds: Int64, offset: Int) {
        self.seconds = seconds
        self.offset = offset
    }

    /// Why a time could not be read.
    public struct ParseError: Error, Equatable, Sendable {
        public let text: String
    }

    /// Parses `YYYY-MM-DD[T| ]HH:MM[:SS[.fff]](Z|±HH:MM|±HHMM|±HH)`. A time without a
    /// zone is refused unless `defaultOffset` says which zone it is in.
    public init(parsing raw: String, defaultOffset: Int? = nil) throws(ParseError) {
        var scanner = Scanner(Array(raw.utf8))
        scanner.trimWhitespace()
        guard let year = scanner.number(4), scanner.skip("-"), let month = scanner.number(2), scanner.skip("-"),
            let day = scanner.number(2), scanner.skip("T") || scanner.skip("t") || scanner.skip(" "),
            let hour = scanner.number(2), scanner.skip(":"), let minute = scanner.number(2)
        else { throw ParseError(text: raw) }
        var second = 0
        if scanner.skip(":") {
            guard let value = scanner.number(2) else { throw ParseError(text: raw) }
            second = value
            if scanner.skip(".") || scanner.skip(",") {
                guard scanner.digits() > 0 else { throw ParseError(text: raw) }  // fractions are dropped
            }
        }
        _ = scanner.skip(" ")
        var offset: Int
        if scanner.skip("Z") || scanner.skip("z") {
            offset = 0
        } else if let sign = scanner.sign() {
            guard let hours = scanner.number(2) else { throw ParseError(text: raw) }
            var minutes = 0
            if scanner.skip(":") {
                guard let value = scanner.number(2) else { throw ParseError(text: raw) }
                minutes = value
            } else if let value = scanner.number(2) {
                minutes = value
            }
            guard hours <= 14, minutes < 60 else { throw ParseError(text: raw) }
            offset = sign * (hours * 3600 + minutes * 60)
        } else if let defaultOffset {
            offset = defaultOffset
        } else {
            throw ParseError(text: raw)
        }
        guard scanner.isAtEnd, (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year),
            hour < 24, minute < 60, second < 60
        else { throw ParseError(text: raw) }
        let days = Self.daysFromCivil(year: year, month: month, day: day)
        self.seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offset)
        self.offset = offset
    }

    /// The local calendar fields in the time's own zone.
    public var local: (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        let shifted = seconds + Int64(offset)
        let days = Int(shifted.floorDiv(86_400))
        let secondOfDay = Int(shifted - Int64(days) * 86_400)
        let (year, month, day) = Self.civilFromDays(days)
        return (year, month, day, secondOfDay / 3600, secondOfDay / 60 % 60, secondOfDay % 60)
    }

    /// The same instant seen in another zone.
    public func inZone(offset: Int) -> ServiceTime { ServiceTime(seconds: seconds, offset: offset) }

    public var description: String {
        let l = local
        let sign = offset < 0 ? "-" : "+"
        let zone = offset == 0 ? "Z" : "\(sign)\(pad(abs(offset) / 3600)):\(pad(abs(offset) / 60 % 60))"
        return "\(pad(l.year, 4))-\(pad(l.month))-\(pad(l.day))T\(pad(l.hour)):\(pad(l.minute)):\(pad(l.second))\(zone)"
    }

    /// `2026-11-27 09:30`, in the time's own zone, for tables.
    public var shortDescription: String {
        let l = local
        return "\(pad(l.year, 4))-\(pad(l.month))-\(pad(l.day)) \(pad(l.hour)):\(pad(l.minute))"
    }

    public static func < (lhs: ServiceTime, rhs: ServiceTime) -> Bool { lhs.seconds < rhs.seconds }

    public static func == (lhs: ServiceTime, rhs: ServiceTime) -> Bool {
        lhs.seconds == rhs.seconds && lhs.offset == rhs.offset
    }

    // Howard Hinnant's days-from-civil and its inverse (proleptic Gregorian).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

private func pad(_ value: Int, _ width: Int = 2) -> String {
    let text = String(value)
    return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
}

extension Int64 {
    fileprivate func floorDiv(_ divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}

/// A tiny cursor over ASCII bytes for the time parser.
private struct Scanner {
    let bytes: [UInt8]
    var index = 0
    /// Where the text ends: before any trailing whitespace once `trimWhitespace()` has run.
    var end: Int

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        end = bytes.count
    }

    var isAtEnd: Bool { index == end }

    /// Leaves out leading and trailing spaces, tabs, newlines and U+3000 (E3 80 80), as
    /// `trimmingWhitespace()` does, without making a trimmed copy.
    mutating func trimWhitespace() {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        while index < end {
            if isSpace(bytes[index]) {
                index += 1
            } else if index + 3 <= end, bytes[index] == 0xE3, bytes[index + 1] == 0x80, bytes[index + 2] == 0x80 {
                index += 3
            } else {
                break
            }
        }
        while end > index {
            if isSpace(bytes[end - 1]) {
                end -= 1
            } else if end - 3 >= index, bytes[end - 3] == 0xE3, bytes[end - 2] == 0x80, bytes[end - 1] == 0x80 {
                end -= 3
            } else {
                break
            }
        }
    }

    mutating func skip(_ character: Unicode.Scalar) -> Bool {
        guard index < end, UInt32(bytes[index]) == character.value else { return false }
        index += 1
        return true
    }

    mutating func number(_ width: Int) -> Int? {
        guard index + width <= end else { return nil }
        var value = 0
        for byte in bytes[index..<index + width] {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        index += width
        return value
    }

    mutating func digits() -> Int {
        let start = index
        while index < end, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
        return index - start
    }

    mutating func sign() -> Int? {
        if skip("+") { return 1 }
        if skip("-") { return -1 }
        return nil
    }
}

extension ServiceTime: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do { self = try ServiceTime(parsing: text) } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a time with a zone")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
