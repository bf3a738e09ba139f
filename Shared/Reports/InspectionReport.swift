/// The monthly service-quality inspection report of an office (manual 8.0 §4.6): a plain
/// function of the records, one month, a scope and the moment it is made.
///
/// It reads like the inspector's sheet: the month's figures against the targets (a
/// `ServiceReport` of the month), then for every figure that missed its target the
/// records behind the miss with what a reader needs to see *why* (the late visit, its
/// customer, call and arrival times and hours late; the complaint and its state; the
/// card and its rating), every complaint received in the month with its state, and the
/// trend of each figure over the last six months.
///
/// ```swift
/// let month = try ReportPeriod(parsing: "2026-10")
/// let inspection = try InspectionReport(records: ServiceRecords(wireRecords), month: month,
///                                       scope: .region(.northwest), asOf: now)
/// inspection.sections[0].misses.first?.records.first?.hoursLate   // 6.5
/// print(inspection.text(language: .chinese))
/// ```
public struct InspectionReport: Hashable, Sendable, Codable {
    /// Why an inspection report could not be made: it covers exactly one calendar month.
    public struct PeriodError: Error, Hashable, Sendable, CustomStringConvertible {
        /// The period that was asked for.
        public let period: ReportPeriod

        /// The error for `period`, which is not a calendar month.
        public init(period: ReportPeriod) { self.period = period }

        /// What is wrong and what to write instead, in both languages.
        public var message: Message {
            Message(
                "the inspection report covers one month, not \(period): write the period as a month, e.g. --period 2026-11",
                zh: "检查报告按月出具，不能用 \(period)：请把期间写成月份，例如 --period 2026-11")
        }
        public var description: String { message.english }
    }

    /// How many months the trend shows, the inspected month included.
    public static let trendLength = 6

    /// The inspected month.
    public let period: ReportPeriod
    /// One office's records, or the whole company's.
    public let scope: ReportScope
    /// When the report was made; `nil` judges everything as at the end of the month.
    public let asOf: ServiceTime?
    /// The month's figures against the targets, with open complaints and conflicts.
    public let figures: ServiceReport
    /// One section per scope of `figures`: what missed and why, and the trend.
    public let sections: [Section]
    /// Complaints of the scope received in the month, oldest first, with their state now.
    public let complaints: [ComplaintEntry]
    /// The months of the trend, oldest first, ending with the inspected month.
    public let trendMonths: [ReportPeriod]

    /// Makes the report for `month`, which must be a calendar month.
    ///
    /// `asOf` is the moment the report is made (read from a clock at the edge): it judges
    /// repair calls still waiting as `ServiceReport` does, and how long open complaints
    /// have been open. The trend's figures are those of each month's own report.
    public init(records: ServiceRecords, month: ReportPeriod, scope: ReportScope, asOf: ServiceTime? = nil)
        throws(PeriodError)
    {
        guard month.kind == .month else { throw PeriodError(period: month) }
        let inScope = records.restricted(to: scope)
        let figures = ServiceReport(records: inScope, period: month, scope: scope, asOf: asOf)
        let months = month.previousMonths(Self.trendLength - 1) + [month]
        let reports =
            months.dropLast().map { ServiceReport(records: inScope, period: $0, scope: scope, asOf: asOf) } + [figures]
        let explainer = MissExplainer(records: inScope, period: month, asOf: asOf)
        self.period = month
        self.scope = scope
        self.asOf = asOf
        self.figures = figures
        self.trendMonths = months
        sections = figures.sections.map { section in
            let misses = section.figures
                .filter { $0.status == .missed && $0.id != .score }
                .map { explainer.miss($0) }
            let trend = FigureKind.allCases.map { kind in
                FigureTrend(
                    figure: kind,
                    points: zip(months, reports).map { month, report in
                        TrendPoint(month: month, figure: report.section(section.scope)?[kind])
                    })
            }
            return Section(scope: section.scope, score: section.score, band: section.band, misses: misses, trend: trend)
        }
        complaints = inScope.complaints
            .filter { month.contains($0.receivedAt) }
            .sorted { ($0.receivedAt.seconds, $0.id) < ($1.receivedAt.seconds, $1.id) }
            .map { explainer.entry($0) }
    }

    /// Decodes `records` (see `ServiceRecords`) and makes the report.
    public init(records: [WireRecord], month: ReportPeriod, scope: ReportScope, asOf: ServiceTime? = nil)
        throws(PeriodError)
    {
        try self.init(records: ServiceRecords(records), month: month, scope: scope, asOf: asOf)
    }

    /// The section of `scope`: a region's, or `.all` for the company.
    public func section(_ scope: ReportScope) -> Section? { sections.first { $0.scope == scope } }

    /// The report as canonical JSON: sorted keys, so the same report always has the same bytes.
    public func json() -> String { JSONText.encode(self) }

    enum CodingKeys: String, CodingKey {
        case period, scope, figures, sections, complaints
        case asOf = "as_of"
        case trendMonths = "trend_months"
    }
}

extension InspectionReport {
    /// What one office (or the company) missed in the month, and how its figures went.
    public struct Section: Hashable, Sendable, Codable {
        /// The region, or `.all` for the company.
        public let scope: ReportScope
        /// The month's score out of 100, if graded.
        public let score: Double?
        /// The manual's grade of the score.
        public let band: ScoreBand?
        /// Every figure (the score aside) that missed its target, in the report's order.
        public let misses: [FigureMiss]
        /// Every figure, the score included, month by month.
        public let trend: [FigureTrend]

        /// The miss of `kind`, if that figure missed.
        public func miss(_ kind: FigureKind) -> FigureMiss? { misses.first { $0.figure == kind } }

        /// The trend of `kind`.
        public func trend(_ kind: FigureKind) -> FigureTrend? { trend.first { $0.figure == kind } }
    }

    /// A figure that missed its target, with the records behind the miss.
    public struct FigureMiss: Hashable, Sendable, Codable {
        /// Which figure.
        public let figure: FigureKind
        /// The figure as the month's report computed it.
        public let numerator: Int
        /// The records judged; `nil` for a count.
        public let denominator: Int?
        /// The ratio or count.
        public let value: Double?
        /// The manual's target.
        public let target: FigureTarget
        /// The records that count against the target, each with why; oldest first.
        public let records: [MissedRecord]
        /// What the figure's numbers alone say, when no record explains it (return visits still needed).
        public let note: Wording?
    }

    /// A figure's values month by month.
    public struct FigureTrend: Hashable, Sendable, Codable {
        /// Which figure.
        public let figure: FigureKind
        /// One point per month of `InspectionReport.trendMonths`, oldest first.
        public let points: [TrendPoint]
    }

    /// A figure's value in one month.
    public struct TrendPoint: Hashable, Sendable, Codable {
        /// The month.
        public let month: ReportPeriod
        /// Records reaching the target (or counted).
        public let numerator: Int
        /// Records judged; `nil` for a count.
        public let denominator: Int?
        /// The ratio, count or points; `nil` without data.
        public let value: Double?
        /// Met, missed or no data.
        public let status: FigureStatus

        init(month: ReportPeriod, figure: Figure?) {
            self.month = month
            numerator = figure?.numerator ?? 0
            denominator = figure?.denominator
            value = figure?.value
            status = figure?.status ?? .noData
        }
    }

    /// A sentence in both languages, written `{"en": …, "zh": …}` in JSON.
    public struct Wording: Hashable, Sendable, Codable {
        /// The English sentence.
        public let en: String
        /// The Chinese sentence.
        public let zh: String

        init(_ message: Message) {
            en = message.english
            zh = message.chinese
        }

        /// The sentence in `language`.
        public func text(in language: Language) -> String { language.text(en, zh: zh) }
    }
}
