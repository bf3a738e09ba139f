/// The manual's grades of a score out of 100 (10 §4.2): 70 passes, 80 is good, 90 is excellent.
///
/// The manual says both "70 分为及格" (70 passes) and, in §4.3, that 70 and below is
/// penalised; FieldSync follows §4.2: 70.0 passes, 69.9 fails.
public enum ScoreBand: String, Hashable, Sendable, Codable, CaseIterable {
    /// Below 70: 不及格.
    case fail
    /// 70 to under 80: 及格.
    case pass
    /// 80 to under 90: 较好.
    case good
    /// 90 and above: 优秀.
    case excellent

    /// The band of `score` (already rounded as it is shown).
    public init(score: Double) {
        switch score {
        case 90...: self = .excellent
        case 80..<90: self = .good
        case 70..<80: self = .pass
        default: self = .fail
        }
    }

    /// The lowest score of the band.
    public var lowest: Double {
        switch self {
        case .fail: 0
        case .pass: 70
        case .good: 80
        case .excellent: 90
        }
    }

    /// The band's name in `language`: `good` / `较好`.
    public func name(in language: Language) -> String {
        switch (self, language) {
        case (.fail, .english): "fail"
        case (.fail, .chinese): "不及格"
        case (.pass, .english): "pass"
        case (.pass, .chinese): "及格"
        case (.good, .english): "good"
        case (.good, .chinese): "较好"
        case (.excellent, .english): "excellent"
        case (.excellent, .chinese): "优秀"
        }
    }
}
