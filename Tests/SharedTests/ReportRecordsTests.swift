import FieldSyncShared
import FieldSyncTestSupport
import Testing

/// Hand-built wire records for the report tests: ids count up, one replica writes everything,
/// and every record passes the record checks the agent applies before it writes.
struct ReportFixture {
    private(set) var records: [WireRecord] = []
    private var counter: UInt64 = 0
    let replica = TestReplicas.first

    mutating func nextID() -> RecordID {
        counter += 1
        return RecordID(high: 0x019a_c000_0000_7000 | counter, low: 0x8000_0000_0000_0000 | counter)
    }

    /// Adds a record of `kind` with the non-nil `values`; a value that fails the record checks is a test bug.
    @discardableResult
    mutating func add(_ kind: RecordKind, _ values: [String: JSONValue?], checked: Bool = true) -> RecordID {
        let present = values.compactMapValues { $0 }
        if checked {
            let problems = RecordValidator.problems(kind: kind, values: present)
            #expect(problems.isEmpty, "fixture \(kind): \(problems)")
        }
        return add(kind: kind.rawValue, present)
    }

    /// Adds a record of any kind string, unchecked.
    @discardableResult
    mutating func add(kind: String, _ values: [String: JSONValue]) -> RecordID {
        let id = nextID()
        var state = RecordState()
        state.write(values, dot: replica.dot(1))
        records.append(WireRecord(id: id, kind: kind, state: state))
        return id
    }

    mutating func customer(_ region: Region = .north, name: String = "Huaxia Cemetery") -> RecordID {
        add(.customer, ["name": .string(name), "region": .string(region.rawValue)])
    }

    /// A visit; a closed one needs `completed`, a repair needs `called`.
    mutating func visit(
        _ kind: String = "repair", customer: RecordID, region: Region = .north, called: String? = nil,
        arrived: String? = nil, completed: String? = nil, closed: Bool? = nil, firstTimeFix: Bool? = nil
    ) -> RecordID {
        add(
            .visit,
            [
                "customer": .string(customer.description), "kind": .string(kind),
                "region": .string(region.rawValue), "called_at": called.map(JSONValue.string),
                "arrived_at": arrived.map(JSONValue.string), "completed_at": completed.map(JSONValue.string),
                "status": .string((closed ?? (completed != nil)) ? "closed" : "open"),
                "first_time_fix": firstTimeFix.map(JSONValue.bool),
            ])
    }

    /// A complaint; a resolved one gets a resolution an hour after it was received.
    mutating func complaint(
        customer: RecordID, region: Region = .north, received: String, major: Bool = false, resolved: Bool = true,
        satisfied: Bool? = nil
    ) -> RecordID {
        let resolvedAt =
            resolved
            ? (try? ServiceTime(parsing: received)).map { ServiceTime(seconds: $0.seconds + 3600, offset: $0.offset) }
            : nil
        return add(
            .complaint,
            [
                "customer": .string(customer.description), "region": .string(region.rawValue),
                "channel": "phone", "severity": major ? "major" : "general", "received_at": .string(received),
                "description": "rack door sticks", "status": resolved ? "resolved" : "open",
                "resolution": resolved ? "door rehung" : nil,
                "resolved_at": resolvedAt.map { .string($0.description) },
                "complainant_satisfied": satisfied.map(JSONValue.bool),
            ])
    }

    mutating func card(
        customer: RecordID, region: Region = .north, rating: JSONValue, filled: String?, visit: RecordID? = nil
    ) -> RecordID {
        add(
            .opinionCard,
            [
                "customer": .string(customer.description), "region": .string(region.rawValue), "rating": rating,
                "filled_at": filled.map(JSONValue.string), "visit": visit.map { .string($0.description) },
            ])
    }

    func report(_ period: String, scope: ReportScope = .all, asOf: String? = nil) throws -> ServiceReport {
        ServiceReport(
            records: records, period: try ReportPeriod(parsing: period), scope: scope,
            asOf: try asOf.map { try ServiceTime(parsing: $0) })
    }
}

/// Building the typed records a report is made from.
@Suite struct ReportRecordsTests {
    @Test func decodesEveryKindAndSkipsDeletedRecords() {
        var fixture = ReportFixture()
        let customer = fixture.customer()
        _ = fixture.visit("installation", customer: customer, arrived: "2026-11-02T09:00+08:00")
        _ = fixture.complaint(customer: customer, received: "2026-11-03T09:00+08:00", satisfied: true)
        _ = fixture.card(customer: customer, rating: "satisfied", filled: "2026-11-03T10:00+08:00")
        fixture.add(
            .partSupply, ["customer": .string(customer.description), "region": "north", "part": "hinge", "quantity": 2])
        var deleted = RecordState()
        deleted.write(["name": "Gone", "region": "north"], dot: fixture.replica.dot(1))
        deleted.delete(dot: fixture.replica.dot(2))
        let records = ServiceRecords(
            fixture.records + [WireRecord(id: fixture.nextID(), kind: "customer", state: deleted)])
        #expect(records.customers.map(\.id) == [customer])
        #expect(records.visits.count == 1)
        #expect(records.complaints.count == 1)
        #expect(records.opinionCards.count == 1)
        #expect(records.partSupplies.count == 1)
        #expect(records.undecodable == 0)
        #expect(records.conflicted.isEmpty)
    }

    @Test func recordsThatDoNotDecodeAreCountedNotDropped() throws {
        var fixture = ReportFixture()
        let customer = fixture.customer()
        let noKind = fixture.add(
            kind: "visit", ["customer": .string(customer.description), "region": "north", "status": "open"])
        let badRating = fixture.add(
            kind: "opinion_card", ["customer": .string(customer.description), "region": "south", "rating": "great"])
        let unknown = fixture.add(kind: "invoice", ["region": "north", "amount": 12])
        let records = ServiceRecords(fixture.records)
        #expect(records.undecodable == 3)
        #expect(Set(records.undecodableRecords.map(\.id)) == [noKind, badRating, unknown])
        #expect(records.visits.isEmpty && records.opinionCards.isEmpty)
        #expect(records.restricted(to: .region(.north)).undecodable == 2)
        let report = try fixture.report("2026-11", scope: .region(.south))
        #expect(report.undecodable == 1)
        #expect(try fixture.report("2026-11").undecodable == 3)
    }

    @Test func conflictedRecordsCountWithProvisionalValuesAndAreListed() throws {
        var fixture = ReportFixture()
        let (r1, r2) = (TestReplicas.first, TestReplicas.second)
        var base = RecordState()
        base.write(["name": "Huaxia Cemetery", "region": "north", "phone": "0795-1"], dot: r1.dot(1))
        var a = base
        var b = base
        a.write(["phone": "0795-2"], dot: r1.dot(2))
        b.write(["phone": "0795-3"], dot: r2.dot(1))
        let edited = WireRecord(id: fixture.nextID(), kind: "customer", state: a.merged(with: b))
        var deleter = base
        var editor = base
        deleter.delete(dot: r1.dot(2))
        editor.write(["name": "Huaxia Memorial Park"], dot: r2.dot(1))
        let deletedVersusEdited = WireRecord(
            id: fixture.nextID(), kind: "customer", state: deleter.merged(with: editor))
        let records = ServiceRecords([edited, deletedVersusEdited])
        #expect(records.customers.map(\.id) == [edited.id], "a delete stands provisionally; the record is left out")
        #expect(records.customers.first?.phone == "0795-2", "the provisional winner is the highest dot")
        #expect(records.conflicted.map(\.id) == [edited.id, deletedVersusEdited.id])
        #expect(records.conflicted.map(\.fields) == [["phone"], ["name"]])
        #expect(records.conflicted.allSatisfy { $0.kind == "customer" && $0.region == .north })

        let report = ServiceReport(
            records: [edited, deletedVersusEdited], period: .month(11, of: 2026), scope: .region(.north))
        #expect(report.openConflicts.map(\.id) == [edited.id, deletedVersusEdited.id])
        #expect(
            ServiceReport(records: [edited], period: .month(11, of: 2026), scope: .region(.south)).openConflicts.isEmpty
        )
    }

    @Test func restrictingToARegionKeepsOnlyItsRecords() {
        var fixture = ReportFixture()
        let north = fixture.customer(.north)
        let south = fixture.customer(.south)
        _ = fixture.visit("delivery", customer: north, region: .north, completed: "2026-11-02T09:00+08:00")
        _ = fixture.visit("delivery", customer: south, region: .south, completed: "2026-11-02T09:00+08:00")
        let records = ServiceRecords(fixture.records)
        #expect(records.restricted(to: .region(.south)).customers.map(\.id) == [south])
        #expect(records.restricted(to: .region(.south)).visits.map(\.region) == [.south])
        #expect(records.restricted(to: .all).visits.count == 2)
    }
}
