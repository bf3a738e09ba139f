import ArgumentParser
import FieldSyncShared

/// `fieldsync due`: the dispatch room's list for today, offline if need be.
struct DueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "due",
        abstract: "What is due today: repair calls, commissioning, complaint feedback, cards, return visits.",
        discussion: """
            From the records this replica holds: repair calls with no arrival (overdue first, \
            hours left to the 24-hour target), installations without their 72-hour result, \
            complaints without feedback (major ones for the general manager), unsatisfied \
            opinion cards nobody followed up, the return-visit plan toward 5% of the year's \
            customers, and records whose open conflicts make them untrustworthy.
            """)

    @Option(help: "A region (north, 华北, …) or all. Default: this replica's region, else all.") var region: String?
    @Option(help: .hidden) var now: String?
    @OptionGroup var options: GlobalOptions

    func validate() throws {
        if let region, ReportScope(parsing: region) == nil {
            throw ValidationError("--region takes north, northwest, southwest, central, south (华北…) or all")
        }
        if let now, (try? ServiceTime(parsing: now)) == nil {
            throw ValidationError("--now takes a time with its zone")
        }
    }

    func run() throws {
        let store = try options.openStore()
        let scope =
            try region.flatMap(ReportScope.init(parsing:)) ?? store.info().region.map(ReportScope.region) ?? .all
        let at = try now.map { try ServiceTime(parsing: $0) } ?? .current
        var region: Region?
        if case .region(let chosen) = scope { region = chosen }
        let due = DueList(records: ServiceRecords(try store.wireRecords()), now: at, scope: region)
        print(options.json ? due.json() : DuePresenter(language: options.language).render(due))
    }
}
