/// One service figure of one scope: what was counted, the value, the target and whether it was met.
///
/// For a ratio, `value` is `numerator ÷ denominator` (0…1) and `nil` when the
/// denominator is 0 — then the status is `.noData`, never 0% or 100%. For a count
/// (major complaints) the value is the numerator and there is no denominator; for
/// the score it is the points out of 100, with the figures met over the figures
/// with data as numerator and denominator.
///
/// ```swift
/// let late = report.section(.region(.north))?[.onSite24h]
/// late?.value, late?.status, late?.missed   // 0.9, .missed, [the repair visits that came late]
/// ```
public struct Figure: Hashable, Sendable, Codable, Identifiable {
    /// The figure's stable id, e.g. `on_site_24h`.
    public let id: FigureKind
    /// The figure's name in English, e.g. `On site within 24 h`.
    public let englishName: String
    /// The figure's name in Chinese, e.g. `24小时内上门`.
    public let chineseName: String
    /// Where the manual sets the target, e.g. `6.0 §4.5`.
    public let manualSection: String
    /// Whether the value is a ratio, a count or points.
    public let unit: FigureKind.Unit
    /// The records that reach the target (ratios), the records counted (counts), the figures met (score).
    public let numerator: Int
    /// The records judged; `nil` for a count.
    public let denominator: Int?
    /// The ratio, count or points; `nil` when there is nothing to judge.
    public let value: Double?
    /// The manual's target for the figure.
    public let target: FigureTarget
    /// Met, missed, or no data when there was nothing to judge.
    public let status: FigureStatus
    /// The records that count against the target, for drill-down: late repair
    /// visits, repairs not fixed first time, reworked repairs, complaints, open
    /// complaints, unsatisfied complainants and cards, major complaints. Listed
    /// whenever there are any, even when the figure as a whole is met.
    public let missed: [RecordID]
    /// Records of the figure that cannot be judged yet and are left out of it: a
    /// call whose 24 h have not run out, a yes/no not recorded.
    public let pending: [RecordID]

    /// A figure with the value its unit implies: the ratio, or the count itself.
    public init(
        _ kind: FigureKind, numerator: Int, denominator: Int?, missed: [RecordID] = [], pending: [RecordID] = []
    ) {
        let value: Double? =
            switch denominator {
            case nil: Double(numerator)
            case 0?: nil
            case let whole?: Double(numerator) / Double(whole)
            }
        self.init(kind, numerator: numerator, denominator: denominator, value: value, missed: missed, pending: pending)
    }

    /// A figure with a value computed by the caller (the score).
    public init(
        _ kind: FigureKind, numerator: Int, denominator: Int?, value: Double?, missed: [RecordID] = [],
        pending: [RecordID] = []
    ) {
        id = kind
        englishName = kind.englishName
        chineseName = kind.chineseName
        manualSection = kind.manualSection
        unit = kind.unit
        self.numerator = numerator
        self.denominator = denominator
        self.value = value
        target = kind.target
        status = value.map { kind.target.isMet(by: $0) ? .met : .missed } ?? .noData
        self.missed = missed.sorted()
        self.pending = pending.sorted()
    }

    /// The figure's name in `language`.
    public func name(in language: Language) -> String { language.text(englishName, zh: chineseName) }

    /// The share of its points the figure earns towards the score; `nil` without data.
    public var credit: Double? { value.map(target.credit(for:)) }

    enum CodingKeys: String, CodingKey {
        case id, unit, numerator, denominator, value, target, status, missed, pending
        case englishName = "english_name"
        case chineseName = "chinese_name"
        case manualSection = "manual_section"
    }
}
