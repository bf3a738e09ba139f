/// How a report is written out: a table for people, CSV for spreadsheets, JSON for programs.
public enum ReportFormat: String, Sendable, CaseIterable, Codable {
    case table, csv, json
}

extension ServiceReport {
    /// The report in `format`, labels in `language` (JSON keeps its stable keys).
    public func rendered(as format: ReportFormat, language: Language) -> String {
        switch format {
        case .table: table(language: language)
        case .csv: csv(language: language)
        case .json: json()
        }
    }
}

extension ReportPeriod {
    /// The period a report covers when none is asked for: the month `now` falls in, in its own zone.
    public static func defaultPeriod(at now: ServiceTime) -> ReportPeriod {
        let local = now.local
        return .month(local.month, of: local.year)
    }
}
