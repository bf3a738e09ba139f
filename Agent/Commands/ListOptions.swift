import ArgumentParser
import FieldSyncShared

/// `list` options shared by every kind: where, whose, which state, when, of whom, which words, how many.
struct ListOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Only this region: north, northwest, southwest, central, south (or 华北…).", valueName: "region"))
    var region: String?

    @Flag(help: "Only my records: the technician named at `fieldsync init` (只看我的).")
    var mine = false

    @Option(
        help: ArgumentHelp(
            "Only this technician's records (只看该技术员): visits they made, complaints they handle, "
                + "and the cards, parts and customers of their visits.",
            valueName: "name"))
    var technician: String?

    @Option(help: ArgumentHelp("Only this status: open, closed, resolved (进行中 已完成 处理中 已解决).", valueName: "status"))
    var status: String?

    @Option(
        help: ArgumentHelp(
            "Only records dated on or after this day (起始日期), as the reports date them: a visit by its "
                + "arrival (else completion, else call), a complaint when received, a card when filled, a part when supplied.",
            valueName: "yyyy-mm-dd"))
    var since: String?

    @Option(help: ArgumentHelp("Only records dated on or before this day (截止日期).", valueName: "yyyy-mm-dd"))
    var until: String?

    @Option(help: ArgumentHelp("Only this customer's records (客户编号或其一部分).", valueName: "id"))
    var customer: String?

    @Option(
        help: ArgumentHelp(
            "Only records whose names, phones, addresses or descriptions contain this text, as typed: "
                + "a part of a word finds it (按名称、电话、地址、描述搜索，输入词的一部分即可).",
            valueName: "text"))
    var search: String?

    @Option(help: ArgumentHelp("At most this many records, newest first (最多显示条数).", valueName: "n"))
    var limit: Int?

    @Flag(help: "Include deleted records.")
    var includeDeleted = false

    func validate() throws {
        if mine && technician != nil { throw ValidationError("--mine and --technician are one or the other") }
        if let technician, technician.trimmingWhitespace().isEmpty {
            throw ValidationError("--technician takes a name")
        }
        for (flag, text) in [("--since", since), ("--until", until)] {
            if let text, LocalDate(parsing: text.trimmingWhitespace()) == nil {
                throw ValidationError("\(flag) takes a day as yyyy-mm-dd, for example 2026-11-01; not \(text)")
            }
        }
        if let limit, limit < 1 { throw ValidationError("--limit takes a number of 1 or more") }
        if let region, Region(parsing: region) == nil {
            throw ValidationError("--region takes north, northwest, southwest, central or south (or 华北…)")
        }
    }

    /// The filter these options ask for on `kind`: `--mine` read from the replica, `--customer`
    /// resolved to a full id, `--status` to its stored token.
    func filter(kind: RecordKind, store: ReplicaStore) throws -> RecordFilter {
        var filter = RecordFilter()
        filter.technician = mine ? try ListOptions.myName(store) : technician?.trimmingWhitespace()
        if let status {
            filter.status = status
            guard let spec = kind.field(named: "status") else {
                throw filter.problem(for: kind).map(AgentError.badFilter) ?? AgentError.noStatusFilter()
            }
            do {
                filter.status = try spec.parse(status, defaultOffset: 0).stringValue
            } catch {
                let choices = RecordFilter.statusChoices(of: kind)
                throw AgentError.unknownStatus(kind: kind, choices: choices)
            }
        }
        filter.since = since.flatMap { LocalDate(parsing: $0.trimmingWhitespace()) }
        filter.until = until.flatMap { LocalDate(parsing: $0.trimmingWhitespace()) }
        filter.customer = try customer.map { try store.resolveID($0, kind: .customer) }
        filter.search = search
        filter.limit = limit
        if let problem = filter.problem(for: kind) { throw AgentError.badFilter(problem) }
        return filter
    }

    /// The technician named at `fieldsync init`, for `--mine`.
    static func myName(_ store: ReplicaStore) throws -> String {
        guard let name = try store.info().technician, !name.trimmingWhitespace().isEmpty else {
            throw AgentError.noTechnicianName()
        }
        return name
    }

    /// `fieldsync KIND list`: the records of `kind` that match, newest first.
    func run(_ kind: RecordKind, options: GlobalOptions) throws {
        let store = try options.openStore()
        let filter = try filter(kind: kind, store: store)
        let candidates = try store.candidates(
            kind: kind, region: region.flatMap(Region.init(parsing:)), includeDeleted: includeDeleted, filter: filter)
        var links: RecordFilter.TechnicianLinks?
        if filter.needsLinks(for: kind) {
            links = filter.links(visits: try store.records(kind: .visit).map { ($0.id, $0.state.values) })
        }
        let records = filter.select(candidates, kind: kind, id: { $0.id }, values: { $0.state.values }, links: links)
        if options.json {
            print(options.presenter.json(records))
        } else {
            var presenter = options.presenter
            if kind != .customer { presenter.names = try store.customerNames() }
            print(presenter.table(records, kind: kind))
        }
    }
}
