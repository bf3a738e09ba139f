import ArgumentParser
import FieldSyncShared

/// `fieldsync report`: the manual's service targets, from this replica's records.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Figures against the manual's service targets, per region and for the company.",
        discussion: """
            Computed from the records this replica holds (an office's region, or everything on \
            headquarters' replica) by the same function as `fieldsync-server report`, so the \
            same records give the same figures. `--definitions` says what each figure counts.
            """)

    @Option(help: "2026 (year), 2026-Q3 (quarter), 2026-11 (month) or 2026-01-01..2026-03-31. Default: this month.")
    var period: String?
    @Option(help: "A region (north, 华北, …) or all. Default: this replica's region, else all.") var region: String?
    @Option(help: "table, csv or json.") var format: ReportFormat = .table
    @Flag(help: "Print how every figure is defined, then stop.") var definitions = false
    @Flag(
        help: ArgumentHelp(
            "The monthly service-quality inspection report (manual 8.0 §4.6) instead of the figures alone.",
            discussion: "The month's figures against targets, the records behind every miss and why, "
                + "the month's complaints with their state, and each figure's trend over the last 6 months. "
                + "--period must be a month; as a table or JSON."))
    var inspection = false
    @OptionGroup var options: GlobalOptions

    func validate() throws {
        if let period {
            let parsed: ReportPeriod
            do { parsed = try ReportPeriod(parsing: period) } catch { throw ValidationError(error.message.english) }
            if inspection && parsed.kind != .month {
                throw ValidationError(InspectionReport.PeriodError(period: parsed).message.english)
            }
        }
        if inspection && format == .csv {
            throw ValidationError("--inspection is printed as a table or as JSON (--format table|json), not CSV")
        }
        if let region, ReportScope(parsing: region) == nil {
            throw ValidationError("--region takes north, northwest, southwest, central, south (华北…) or all")
        }
    }

    func run() throws {
        if definitions {
            print(ServiceReport.definitions(in: options.language))
            return
        }
        let store = try options.openStore()
        let now = ServiceTime.current
        let scope = try region.flatMap(ReportScope.init(parsing:)) ?? store.info().region.map(ReportScope.region) ?? .all
        let chosen = try period.map { try ReportPeriod(parsing: $0) } ?? .defaultPeriod(at: now)
        if inspection {
            let report = try InspectionReport(records: try store.wireRecords(), month: chosen, scope: scope, asOf: now)
            print(options.json || format == .json ? report.json() : report.text(language: options.language))
            return
        }
        let report = ServiceReport(records: try store.wireRecords(), period: chosen, scope: scope, asOf: now)
        print(report.rendered(as: options.json ? .json : format, language: options.language))
    }
}

extension ReportFormat: ExpressibleByArgument {}
