/// What `report` was asked for on either command line, checked and carried out the same way,
/// so the server and a replica answer the same question with the same figures.
public struct ReportRequest: Sendable {
    public var period: String?
    public var region: String?
    public var format: ReportFormat
    /// The monthly service-quality inspection (8.0 §4.6) instead of the figures alone.
    public var inspection: Bool
    /// Whether CSV starts with UTF-8's byte-order mark, so a spreadsheet (Excel on a Chinese
    /// Windows) reads it as UTF-8 rather than the local code page; `--no-bom` turns it off.
    public var byteOrderMark: Bool

    public init(period: String?, region: String?, format: ReportFormat, inspection: Bool, byteOrderMark: Bool = true) {
        self.period = period
        self.region = region
        self.format = format
        self.inspection = inspection
        self.byteOrderMark = byteOrderMark
    }

    /// What is wrong with the request, in one sentence; `nil` when it can run.
    public func problem() -> String? {
        if let period {
            let parsed: ReportPeriod
            do { parsed = try ReportPeriod(parsing: period) } catch { return error.message.english }
            if inspection && parsed.kind != .month {
                return InspectionReport.PeriodError(period: parsed).message.english
            }
        }
        if inspection && format == .csv {
            return "--inspection is printed as a table or as JSON (--format table|json), not CSV"
        }
        if let region, ReportScope(parsing: region) == nil {
            return "--region takes north, northwest, southwest, central, south (华北…) or all"
        }
        return nil
    }

    /// The report of `records` as text; `defaultScope` applies when no region was asked for,
    /// and the period defaults to the month of `now`.
    public func render(records: [WireRecord], defaultScope: ReportScope, now: ServiceTime, language: Language) throws
        -> String
    {
        let scope = region.flatMap(ReportScope.init(parsing:)) ?? defaultScope
        let chosen = try period.map { try ReportPeriod(parsing: $0) } ?? .defaultPeriod(at: now)
        if inspection {
            let report = try InspectionReport(records: records, month: chosen, scope: scope, asOf: now)
            return format == .json ? report.json() : report.text(language: language)
        }
        let text = ServiceReport(records: records, period: chosen, scope: scope, asOf: now).rendered(
            as: format, language: language)
        return format == .csv ? CSVWriter.document(text, byteOrderMark: byteOrderMark) : text
    }
}
