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
            --mine (the technician named at `fieldsync init`) or --technician NAME lists one \
            technician's work only: repair calls and installations dispatched to them, complaints \
            they handle, unsatisfied cards of their visits. Sync first to receive what the \
            dispatch room recorded.
            只看某位技术员的待办：--mine（init 时设定的技术员）或 --technician 姓名。
            """)

    @Option(help: "A region (north, 华北, …) or all. Default: this replica's region, else all.") var region: String?
    @Flag(help: "Only my work: the technician named at `fieldsync init` (只看我的).") var mine = false
    @Option(help: ArgumentHelp("Only this technician's work (只看该技术员).", valueName: "name")) var technician: String?
    @Option(help: .hidden) var now: String?
    @OptionGroup var options: GlobalOptions

    func validate() throws {
        if let region, ReportScope(parsing: region) == nil {
            throw ValidationError("--region takes north, northwest, southwest, central, south (华北…) or all")
        }
        if mine && technician != nil {
            throw ValidationError("--mine and --technician are one or the other")
        }
        if let technician, technician.trimmingWhitespace().isEmpty {
            throw ValidationError("--technician takes a name")
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
        let who = mine ? try ListOptions.myName(store) : technician
        let due = DueList(records: ServiceRecords(try store.wireRecords()), now: at, scope: region, technician: who)
        print(options.json ? due.json() : DuePresenter(language: options.language).render(due))
    }
}
