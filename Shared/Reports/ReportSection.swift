/// The figures of one scope of a report: a region's, or the whole company's.
public struct ReportSection: Hashable, Sendable, Codable {
    /// The region the figures are for, or `.all` for the company.
    public let scope: ReportScope
    /// Every figure, in `FigureKind.allCases` order, the score last.
    public let figures: [Figure]
    /// The score out of 100, rounded to one decimal; `nil` when no ratio figure has data
    /// (a region with no activity is not graded on its absence of major complaints alone).
    public let score: Double?
    /// The manual's grade of the score.
    public let band: ScoreBand?

    /// The section of `figures` (every scored kind once): the score is computed from them and appended.
    public init(scope: ReportScope, figures: [Figure]) {
        let scored = figures.filter { $0.id != .score }
        let judged = scored.compactMap(\.credit)
        let graded = scored.contains { $0.unit == .ratio && $0.value != nil }
        let score = !graded ? nil : (1000 * judged.reduce(0, +) / Double(judged.count)).rounded() / 10
        let met = scored.filter { $0.status == .met }.count
        self.scope = scope
        // An ungraded section shows 0/0 rather than a count of figures it was not graded on.
        let scoreFigure = Figure(
            .score, numerator: graded ? met : 0, denominator: graded ? judged.count : 0, value: score)
        self.figures = scored + [scoreFigure]
        self.score = score
        self.band = score.map(ScoreBand.init(score:))
    }

    /// The figure of `kind`, if the section has it.
    public subscript(_ kind: FigureKind) -> Figure? { figures.first { $0.id == kind } }
}
