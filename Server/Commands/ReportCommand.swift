import ArgumentParser
import FieldSyncShared

/// `fieldsync-server report`: the manual's service targets, from the server's store.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Figures against the manual's service targets, per region and for the company.",
        discussion: "The same function as `fieldsync report` on a replica: the same records give the same figures.")

    @Option(help: "2026 (year), 2026-Q3 (quarter), 2026-11 (month) or 2026-01-01..2026-03-31. Default: this month.")
    var period: String?
    @Option(help: "A region (north, 华北, …) or all.") var region = "all"
    @Option(help: "table, csv or json.") var format: ReportFormat = .table
    @Option(help: "Language of labels: zh or en.") var lang = "en"
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
    @OptionGroup var store: StoreOptions

    var language: Language { lang.lowercased().hasPrefix("zh") ? .chinese : .english }

    var request: ReportRequest {
        ReportRequest(
            period: period, region: region, format: format, inspection: inspection,
            byteOrderMark: !noBOM)
    }

    func validate() throws {
        if let problem = request.problem() { throw ValidationError(problem) }
    }

    func run() async throws {
        if definitions {
            print(ServiceReport.definitions(in: language))
            return
        }
        let records = try await store.open().allRecords(scope: nil)
        print(try request.render(records: records, defaultScope: .all, now: .current, language: language))
    }
}

extension ReportFormat: ExpressibleByArgument {}
