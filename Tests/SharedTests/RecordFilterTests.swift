import FieldSyncShared
import Testing

/// `list`'s filter decided on plain values: who, which status, which dates, whose, which words, how many.
@Suite struct RecordFilterTests {
    static func id(_ n: UInt64) -> RecordID {
        RecordID(high: 0x019a_c000_0000_7000 | n, low: 0x8000_0000_0000_0000 | n)
    }

    let customer = Self.id(1)
    let other = Self.id(2)

    func visit(
        _ n: UInt64, technician: String?, called: String? = nil, arrived: String? = nil, status: String = "open",
        customer: RecordID? = nil, work: String? = nil
    ) -> (id: RecordID, values: [String: JSONValue]) {
        var values: [String: JSONValue] = [
            "customer": .string((customer ?? self.customer).description), "kind": "repair", "region": "north",
            "status": .string(status),
        ]
        if let technician { values["technician"] = .string(technician) }
        if let called { values["called_at"] = .string(called) }
        if let arrived { values["arrived_at"] = .string(arrived) }
        if let work { values["work_done"] = .string(work) }
        return (Self.id(n), values)
    }

    func select(
        _ filter: RecordFilter, _ items: [(id: RecordID, values: [String: JSONValue])], kind: RecordKind = .visit,
        links: RecordFilter.TechnicianLinks? = nil
    ) -> [RecordID] {
        filter.select(items, kind: kind, id: { $0.id }, values: { $0.values }, links: links).map(\.id)
    }

    // MARK: Search

    @Test func searchTextHoldsNamesPhonesAddressesAndDescriptionsLowerCased() {
        let text = RecordFilter.searchText(
            kind: .customer,
            values: [
                "name": "北京八宝山公墓", "region": "north", "contact": "Mr WANG", "phone": "010-8888",
                "address": "北京市石景山区",
                "products": .array([.object(["product": "骨灰存放架", "model": "GH-200", "quantity": 4])]),
            ])
        #expect(text == "北京八宝山公墓\nmr wang\n010-8888\n北京市石景山区\ngh-200\n骨灰存放架")
        #expect(!text.contains("north"), "the region is not searched: --region is")
        let visit = RecordFilter.searchText(
            kind: .visit,
            values: [
                "technician": "陈杰", "work_done": "更换门铰链",
                "parts_used": .array([.object(["part": "铰链", "quantity": 2])]),
            ])
        #expect(visit == "陈杰\n更换门铰链\n铰链")
        #expect(RecordFilter.searchText(kind: .complaint, values: ["description": "Door Sticks"]) == "door sticks")
    }

    @Test func aPartOfAWordFindsItAsTypedChineseOrLatin() {
        let items = [
            (Self.id(10), ["name": JSONValue.string("北京八宝山公墓"), "region": "north", "address": "石景山区"]),
            (Self.id(11), ["name": JSONValue.string("广州银河公墓"), "region": "south", "phone": "020-8888"]),
        ].map { (id: $0.0, values: $0.1) }
        var filter = RecordFilter()
        for (query, expected) in [
            ("北京", [Self.id(10)]), ("八宝山", [Self.id(10)]), ("公墓", [Self.id(11), Self.id(10)]),
            ("景", [Self.id(10)]), ("8888", [Self.id(11)]), ("银河公墓", [Self.id(11)]), ("上海", []),
            ("  银河 ", [Self.id(11)]),
        ] {
            filter.search = query
            #expect(select(filter, items, kind: .customer) == expected, "\(query)")
        }
    }

    @Test func theTrigramIndexAnswersThreeCharactersOrMoreAndShorterOnesScan() {
        var filter = RecordFilter()
        #expect(filter.trigramQuery == nil && filter.searchKey == nil)
        filter.search = "北京"
        #expect(filter.trigramQuery == nil)
        #expect(filter.searchKey == "北京")
        filter.search = "八宝山"
        #expect(filter.trigramQuery == "\"八宝山\"")
        filter.search = " Say \"Hi\" "
        #expect(filter.trigramQuery == "\"say \"\"hi\"\"\"")
        filter.search = "   "
        #expect(filter.searchKey == nil)
    }

    // MARK: Who, status, customer

    @Test func technicianMatchesVisitsAndHandlersIgnoringCaseAndSpaces() {
        let visits = [visit(1, technician: "Chen Jie"), visit(2, technician: "Li Ming"), visit(3, technician: nil)]
        var filter = RecordFilter()
        filter.technician = " chen jie "
        #expect(select(filter, visits) == [Self.id(1)])
        let complaint: [String: JSONValue] = ["customer": .string(customer.description), "handler": "Chen Jie"]
        #expect(filter.matches(kind: .complaint, id: Self.id(4), values: complaint))
        #expect(!filter.matches(kind: .complaint, id: Self.id(4), values: ["handler": "Li"]))
        #expect(!filter.needsLinks(for: .visit) && filter.needsLinks(for: .partSupply))
    }

    @Test func cardsPartsAndCustomersBelongToATechnicianThroughTheirVisits() {
        var filter = RecordFilter()
        filter.technician = "陈杰"
        let links = filter.links(
            visits: [visit(1, technician: "陈杰", customer: customer), visit(2, technician: "李明", customer: other)])
        #expect(links.visits == [Self.id(1)] && links.customers == [customer])
        let part: (RecordID, [String: JSONValue]) = (Self.id(5), ["visit": .string(Self.id(1).description)])
        let elsewhere: (RecordID, [String: JSONValue]) = (Self.id(6), ["visit": .string(Self.id(2).description)])
        let unlinked: (RecordID, [String: JSONValue]) = (Self.id(7), [:])
        #expect(
            select(
                filter, [part, elsewhere, unlinked].map { (id: $0.0, values: $0.1) }, kind: .partSupply, links: links)
                == [Self.id(5)])
        #expect(filter.matches(kind: .customer, id: customer, values: [:], links: links))
        #expect(!filter.matches(kind: .customer, id: other, values: [:], links: links))
        #expect(!filter.matches(kind: .customer, id: customer, values: [:], links: nil), "no links, nobody's")
    }

    @Test func statusAndCustomer() {
        let items = [
            visit(1, technician: "a", status: "open"), visit(2, technician: "a", status: "closed", customer: other),
        ]
        var filter = RecordFilter()
        filter.status = "closed"
        #expect(select(filter, items) == [Self.id(2)])
        filter.status = nil
        filter.customer = customer
        #expect(select(filter, items) == [Self.id(1)])
        #expect(filter.matches(kind: .customer, id: customer, values: [:]))
        #expect(!filter.matches(kind: .customer, id: other, values: [:]))
    }

    // MARK: Dates, order, limit

    @Test func datesAreTheReportsOwnEachJudgedInItsZone() throws {
        #expect(
            RecordFilter.date(
                kind: .visit, values: ["called_at": "2026-11-01T09:00+08:00", "arrived_at": "2026-11-02T10:00+08:00"])
                == (try ServiceTime(parsing: "2026-11-02T10:00+08:00")))
        #expect(
            RecordFilter.date(kind: .visit, values: ["called_at": "2026-11-01T09:00+08:00"])
                == (try ServiceTime(parsing: "2026-11-01T09:00+08:00")))
        #expect(
            RecordFilter.date(kind: .complaint, values: ["received_at": "2026-10-01T09:00+08:00"])?.local.month == 10)
        #expect(RecordFilter.date(kind: .opinionCard, values: [:]) == nil)
        #expect(RecordFilter.date(kind: .customer, values: ["name": "x"]) == nil)

        // 00:30 on the 1st in Beijing is still October 31st in UTC: the day is the record's own.
        let items = [
            visit(1, technician: "a", called: "2026-11-01T00:30+08:00"),
            visit(2, technician: "a", called: "2026-10-31T23:30+08:00"),
            visit(3, technician: "a", called: "2026-11-30T23:59+08:00"),
            visit(4, technician: "a", called: "2026-12-01T00:00+08:00"),
            visit(5, technician: "a"),
        ]
        var filter = RecordFilter()
        filter.since = LocalDate(parsing: "2026-11-01")
        filter.until = LocalDate(parsing: "2026-11-30")
        #expect(select(filter, items) == [Self.id(3), Self.id(1)])
        filter.until = nil
        #expect(select(filter, items) == [Self.id(4), Self.id(3), Self.id(1)], "undated records never match a date")
    }

    @Test func newestFirstUndatedLastThenByIdAndLimited() {
        let items = [
            visit(1, technician: "a", called: "2026-11-01T09:00+08:00"),
            visit(2, technician: "a"),
            visit(3, technician: "a", called: "2026-11-03T09:00+08:00"),
            visit(4, technician: "a"),
            // The same instant as visit 1, written in UTC: ordered by id.
            visit(5, technician: "a", called: "2026-11-01T01:00Z"),
        ]
        var filter = RecordFilter()
        #expect(select(filter, items) == [Self.id(3), Self.id(5), Self.id(1), Self.id(4), Self.id(2)])
        filter.limit = 2
        #expect(select(filter, items) == [Self.id(3), Self.id(5)])
    }

    @Test func problemsSayWhatAppliesToWhichKind() {
        var filter = RecordFilter()
        #expect(filter.problem(for: .customer) == nil)
        filter.status = "open"
        #expect(filter.problem(for: .partSupply)?.english.contains("no status") == true)
        #expect(filter.problem(for: .visit) == nil)
        #expect(RecordFilter.statusChoices(of: .complaint).map(\.token) == ["open", "resolved"])
        filter.status = nil
        filter.since = LocalDate(parsing: "2026-11-02")
        #expect(filter.problem(for: .customer)?.english.contains("no date") == true)
        filter.until = LocalDate(parsing: "2026-11-01")
        #expect(filter.problem(for: .visit)?.english.contains("before --since") == true)
        filter.until = nil
        filter.limit = 0
        #expect(filter.problem(for: .visit) != nil)
    }
}
