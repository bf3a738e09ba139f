/// What a `list` asks for: whose records, in which state, from which dates, of which customer,
/// with which words, how many. A plain value that decides, record by record, what matches and
/// in which order; the store only narrows what it reads (by kind, customer and the search index).
///
/// ```swift
/// var filter = RecordFilter()
/// filter.technician = "陈杰"
/// filter.search = "北京"
/// filter.since = LocalDate(parsing: "2026-11-01")
/// let shown = filter.select(visits, kind: .visit, id: \.id, values: \.state.values)
/// ```
public struct RecordFilter: Hashable, Sendable {
    /// Only records of this technician: a visit's technician, a complaint's handler, and the
    /// cards, part supplies and customers of that technician's visits. Compared without case
    /// and surrounding spaces.
    public var technician: String?
    /// Only records with this status token (`open`, `closed`, `resolved`).
    public var status: String?
    /// Only records whose own date (`date(kind:values:)`) is on or after this day, in its own zone.
    public var since: LocalDate?
    /// Only records whose own date is on or before this day, in its own zone.
    public var until: LocalDate?
    /// Only records of this customer (the customer itself, for customers).
    public var customer: RecordID?
    /// Only records whose searchable text (`searchText(kind:values:)`) holds this text, ignoring case.
    public var search: String?
    /// At most this many records, newest first.
    public var limit: Int?

    public init() {}

    /// The visits and customers a technician's cards, part supplies and customers are found by.
    public struct TechnicianLinks: Hashable, Sendable {
        public var visits: Set<RecordID>
        public var customers: Set<RecordID>

        public init(visits: Set<RecordID> = [], customers: Set<RecordID> = []) {
            self.visits = visits
            self.customers = customers
        }
    }

    // MARK: What each kind is filtered by

    /// The field that names the person a record belongs to: a visit's technician, a complaint's handler.
    public static func personField(of kind: RecordKind) -> String? {
        switch kind {
        case .visit: "technician"
        case .complaint: "handler"
        case .attachment: "attached_by"
        case .customer, .opinionCard, .partSupply: nil
        }
    }

    /// The statuses a kind's records can be in (none for kinds without a status).
    public static func statusChoices(of kind: RecordKind) -> [Choice] {
        switch kind {
        case .visit: RecordKind.visitStatuses
        case .complaint: RecordKind.complaintStatuses
        case .customer, .opinionCard, .partSupply, .attachment: []
        }
    }

    /// The date a record counts by in the reports: a visit when it was attended (arrival, else
    /// completion), else its repair call; a complaint when it was received; an opinion card when
    /// it was filled; a part supply when it was supplied. A customer has no date of its own.
    public static func date(kind: RecordKind, values: [String: JSONValue]) -> ServiceTime? {
        let names: [String] =
            switch kind {
            case .visit: ["arrived_at", "completed_at", "called_at"]
            case .complaint: ["received_at"]
            case .opinionCard: ["filled_at"]
            case .partSupply: ["supplied_at"]
            case .attachment: ["attached_at"]
            case .customer: []
            }
        for name in names {
            if let text = values[name]?.stringValue, let time = try? ServiceTime(parsing: text) { return time }
        }
        return nil
    }

    /// The fields `--search` looks in: names, phones, addresses and descriptions.
    public static func searchFields(of kind: RecordKind) -> [String] {
        switch kind {
        case .customer: ["name", "contact", "phone", "address", "products", "training"]
        case .visit: ["technician", "work_done", "parts_used"]
        case .opinionCard: ["praise", "complaint_text", "filled_by"]
        case .complaint: ["description", "handler", "resolution", "feedback", "preventive_action"]
        case .partSupply: ["part"]
        case .attachment: ["file_name", "caption", "attached_by"]
        }
    }

    /// The text `--search` looks in, lower-cased, one field a line; a list field contributes
    /// the text of its items (a product's name and model, a part's name). The search index
    /// holds exactly this text.
    public static func searchText(kind: RecordKind, values: [String: JSONValue]) -> String {
        var lines = [String]()
        func collect(_ value: JSONValue) {
            switch value {
            case .string(let text): if !text.isEmpty { lines.append(text) }
            case .array(let items): items.forEach(collect)
            case .object(let members):
                for key in members.keys.sorted() where members[key]?.stringValue != nil { collect(members[key]!) }
            case .null, .bool, .int, .double: break
            }
        }
        for name in searchFields(of: kind) {
            if let value = values[name] { collect(value) }
        }
        return lines.joined(separator: "\n").lowercased()
    }

    /// The search text as the index is asked for it: lower-cased, spaces around it trimmed; nil when empty.
    public var searchKey: String? {
        guard let key = search?.trimmingWhitespace().lowercased(), !key.isEmpty else { return nil }
        return key
    }

    /// The FTS5 query that finds `searchKey` as a substring with the trigram tokenizer: a phrase,
    /// its quotes doubled. Nil when there is no search or it is shorter than a trigram (1–2
    /// characters), which the index cannot answer: the store then scans the same text.
    public var trigramQuery: String? {
        guard let key = searchKey, key.unicodeScalars.count >= 3 else { return nil }
        return "\"" + key.replacing("\"", with: "\"\"") + "\""
    }

    /// Why this filter cannot apply to `kind`, or nil when it can.
    public func problem(for kind: RecordKind) -> Message? {
        if status != nil, kind.field(named: "status") == nil {
            return Message(
                "\(kind.englishName) records have no status; --status is for visits (open, closed) and complaints (open, resolved)",
                zh: "\(kind.chineseName)没有状态；--status 用于上门服务（进行中、已完成）和投诉（处理中、已解决）")
        }
        if since != nil || until != nil, kind == .customer {
            return Message(
                "customers have no date of their own; list their visits with --since/--until instead",
                zh: "客户档案没有自身日期；请对上门服务使用 --since/--until")
        }
        if let since, let until, until < since {
            return Message("--until \(until) is before --since \(since)", zh: "--until \(until) 早于 --since \(since)")
        }
        if let limit, limit < 1 { return Message("--limit takes a number of 1 or more", zh: "--limit 须为 1 或更大的数") }
        return nil
    }

    /// Whether a technician's links (`links(visits:)`) are needed to filter `kind`.
    public func needsLinks(for kind: RecordKind) -> Bool {
        technician != nil && Self.personField(of: kind) == nil
    }

    /// The visits of this filter's technician and their customers, from `visits` (id and values).
    public func links(visits: [(id: RecordID, values: [String: JSONValue])]) -> TechnicianLinks {
        var links = TechnicianLinks()
        guard let technician else { return links }
        for visit in visits where Self.samePerson(visit.values["technician"]?.stringValue, technician) {
            links.visits.insert(visit.id)
            if let customer = visit.values["customer"]?.stringValue.flatMap(RecordID.init) {
                links.customers.insert(customer)
            }
        }
        return links
    }

    static func samePerson(_ stored: String?, _ asked: String) -> Bool {
        guard let stored else { return false }
        return stored.trimmingWhitespace().lowercased() == asked.trimmingWhitespace().lowercased()
    }

    // MARK: Deciding

    /// Whether one record of `kind` matches. `links` are the technician's visits and customers,
    /// needed for kinds without a person of their own (cards, part supplies, customers).
    public func matches(
        kind: RecordKind, id: RecordID, values: [String: JSONValue], links: TechnicianLinks? = nil
    ) -> Bool {
        if let technician {
            if let field = Self.personField(of: kind) {
                guard Self.samePerson(values[field]?.stringValue, technician) else { return false }
            } else {
                let links = links ?? TechnicianLinks()
                switch kind {
                case .customer:
                    guard links.customers.contains(id) else { return false }
                default:
                    guard let visit = values["visit"]?.stringValue.flatMap(RecordID.init), links.visits.contains(visit)
                    else { return false }
                }
            }
        }
        if let status, values["status"]?.stringValue != status { return false }
        if since != nil || until != nil {
            guard let date = Self.date(kind: kind, values: values).map(LocalDate.init) else { return false }
            if let since, date < since { return false }
            if let until, until < date { return false }
        }
        if let customer {
            let own = kind == .customer ? id : values["customer"]?.stringValue.flatMap(RecordID.init)
            guard own == customer else { return false }
        }
        if let key = searchKey, !Self.searchText(kind: kind, values: values).contains(key) { return false }
        return true
    }

    /// The matching items, newest first by their own date (the undated after the dated), then by
    /// id (ids are time-ordered: the newest created first), at most `limit` of them.
    public func select<Item>(
        _ items: [Item], kind: RecordKind, id: (Item) -> RecordID, values: (Item) -> [String: JSONValue],
        links: TechnicianLinks? = nil
    ) -> [Item] {
        var chosen = [(item: Item, id: RecordID, date: Int64?)]()
        for item in items {
            let itemValues = values(item)
            let itemID = id(item)
            guard matches(kind: kind, id: itemID, values: itemValues, links: links) else { continue }
            chosen.append((item, itemID, Self.date(kind: kind, values: itemValues)?.seconds))
        }
        chosen.sort { a, b in
            switch (a.date, b.date) {
            case (let x?, let y?) where x != y: return x > y
            case (.some, .none): return true
            case (.none, .some): return false
            default: return a.id > b.id
            }
        }
        return chosen.prefix(limit ?? chosen.count).map(\.item)
    }
}
