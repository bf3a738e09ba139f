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
        name: .customLong("no-bom"),
        help: "CSV without the UTF-8 byte-order mark it starts with by default (for tools that dislike it; 不写 BOM).")
    var noBOM = false
    @Flag(
        help: ArgumentHelp(
            "The monthly service-quality inspection report (manual 8.0 §4.6) instead of the figures alone.",
            discussion: "The month's figures against targets, the records behind every miss and why, "
                + "the month's complaints with their state, and each figure's trend over the last 6 months. "
                + "--period must be a month; as a table or JSON."))
    var inspection = false
    @OptionGroup var options: GlobalOptions

    var request: ReportRequest {
        ReportRequest(
            period: period, region: region, format: options.json ? .json : format, inspection: inspection,
            byteOrderMark: !noBOM)
    }

    func validate() throws {
        if let problem = request.problem() { throw ValidationError(problem) }
    }

    func run() throws {
        if definitions {
            print(ServiceReport.definitions(in: options.language))
            return
        }
        let store = try options.openStore()
        let home = try store.info().region.map(ReportScope.region) ?? .all
        print(
            try request.render(
                records: store.wireRecords(), defaultScope: home, now: .current, language: options.language))
    }
}

extension ReportFormat: ExpressibleByArgument {}
