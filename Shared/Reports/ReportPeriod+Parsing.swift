/// Reading a period from what a person typed.
extension ReportPeriod {
    /// Why a period could not be read: what was typed and what to write instead, in both languages.
    public struct ParseError: Error, Hashable, Sendable, CustomStringConvertible {
        /// The text as it was typed.
        public let text: String
        /// What is wrong and how to write a period.
        public let message: Message

        init(_ text: String, _ problem: Message) {
            self.text = text
            self.message = Message(
                "“\(text)” is not a report period: \(problem.english). "
                    + "Write a year (2026), a quarter (2026-Q3), a month (2026-11) or days (2026-01-01..2026-03-31).",
                zh: "“\(text)” 不是有效的统计期间：\(problem.chinese)。"
                    + "请写成年份 (2026)、季度 (2026-Q3)、月份 (2026-11) 或日期范围 (2026-01-01..2026-03-31)。")
        }

        public var description: String { message.english }
    }

    /// Parses `2026` (a year), `2026-Q3` (a quarter), `2026-11` (a month),
    /// `2026-01-01..2026-03-31` (days, both included) or `2026-11-27` (one day).
    public init(parsing raw: String) throws(ParseError) {
        let text = raw.trimmingWhitespace()
        let unreadable = Message("it has none of the forms below", zh: "格式无法识别")
        if let separator = text.firstRange(of: "..") {
            let (left, right) = (text[..<separator.lowerBound], text[separator.upperBound...])
            guard let first = LocalDate(parsing: left.trimmingWhitespace()),
                let last = LocalDate(parsing: right.trimmingWhitespace())
            else {
                throw ParseError(
                    raw,
                    Message("both ends of a range are dates written YYYY-MM-DD", zh: "日期范围的两端都必须是 YYYY-MM-DD 格式的日期"))
            }
            guard let period = ReportPeriod(from: first, through: last) else {
                throw ParseError(raw, Message("the range ends before it begins", zh: "结束日期早于开始日期"))
            }
            self = period
            return
        }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard let yearText = parts.first, yearText.count == 4, let year = Self.number(yearText) else {
            throw ParseError(raw, unreadable)
        }
        guard year >= 1 else { throw ParseError(raw, Message("there is no year 0000", zh: "年份不能为 0000")) }
        switch parts.count {
        case 1:
            self = .year(year)
        case 2 where parts[1].first == "Q" || parts[1].first == "q":
            guard parts[1].count == 2, let quarter = Self.number(String(parts[1].dropFirst())),
                (1...4).contains(quarter)
            else { throw ParseError(raw, Message("a quarter is Q1, Q2, Q3 or Q4", zh: "季度只能是 Q1、Q2、Q3 或 Q4")) }
            self = .quarter(quarter, of: year)
        case 2:
            guard parts[1].count == 2, let month = Self.number(parts[1]) else { throw ParseError(raw, unreadable) }
            guard (1...12).contains(month) else {
                throw ParseError(raw, Message("a month is 01 to 12", zh: "月份必须是 01 到 12"))
            }
            self = .month(month, of: year)
        case 3:
            guard let day = LocalDate(parsing: text) else {
                throw ParseError(raw, Message("that day does not exist", zh: "该日期不存在"))
            }
            self.init(from: day, through: day)!
        default:
            throw ParseError(raw, unreadable)
        }
    }

    private static func number(_ text: String) -> Int? {
        guard !text.isEmpty, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        return Int(text)
    }
}
