/// The line a terminal shows while a sync pushes or pulls: done of total, percent, rate and time
/// left, in the reader's language.
///
/// ```swift
/// ProgressText.line(.push, done: 40_000, total: 100_000, seconds: 2, language: .english)
/// // "pushing [########............] 40,000/100,000  40%  20,000/s  3 s left"
/// ProgressText.line(.pull, done: 26_000, total: nil, seconds: 2, language: .english)
/// // "pulling 26,000  13,000/s"
/// ```
public enum ProgressText {
    /// Which half of a sync the line is about.
    public enum Phase: Sendable {
        case push
        case pull
    }

    /// The line for `done` of `total` items (`nil`: not known yet) after `seconds` of the phase.
    /// A total below `done` (changes arrived meanwhile) reads as `done`. The rate and the time
    /// left wait for a tenth of a second and one item, so the first line does not guess.
    public static func line(
        _ phase: Phase, done: Int, total: Int?, seconds: Double, language: Language, width: Int = 20
    ) -> String {
        let done = max(0, done)
        let name =
            switch phase {
            case .push: language.text("pushing", zh: "上传")
            case .pull: language.text("pulling", zh: "下载")
            }
        let rate = seconds >= 0.1 && done > 0 ? Double(done) / seconds : nil
        var parts = [String]()
        if let total {
            let total = max(total, done)
            let fraction = total == 0 ? 1 : Double(done) / Double(total)
            let filled = min(width, Int(fraction * Double(width)))
            parts.append(
                name + " [" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
                    + "] " + grouped(done) + "/" + grouped(total))
            parts.append("\(Int(fraction * 100))%")
            if let rate { parts.append(perSecond(rate, language: language)) }
            if let rate, total > done {
                parts.append(timeLeft(Double(total - done) / rate, language: language))
            }
        } else {
            parts.append(name + " " + grouped(done))
            if let rate { parts.append(perSecond(rate, language: language)) }
        }
        return parts.joined(separator: "  ")
    }

    /// `12,500/s`, or `12,500 条/秒`.
    static func perSecond(_ rate: Double, language: Language) -> String {
        grouped(Int(rate.rounded())) + language.text("/s", zh: " 条/秒")
    }

    /// `5 s left`, `3 min 05 s left`, `1 h 02 min left` (and the Chinese), rounded up to a second.
    static func timeLeft(_ seconds: Double, language: Language) -> String {
        let total = Int(min(seconds, 359_999).rounded(.up))
        let (hours, minutes, secs) = (total / 3600, total % 3600 / 60, total % 60)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        if hours > 0 {
            return language.text("\(hours) h \(two(minutes)) min left", zh: "剩余 \(hours) 小时 \(two(minutes)) 分")
        }
        if minutes > 0 {
            return language.text("\(minutes) min \(two(secs)) s left", zh: "剩余 \(minutes) 分 \(two(secs)) 秒")
        }
        return language.text("\(secs) s left", zh: "剩余 \(secs) 秒")
    }

    /// A count with thousands separated by commas: `1,234,567`.
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return value < 0 ? "-" + out : out
    }
}
