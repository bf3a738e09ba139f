import FieldSyncShared
import FieldSyncTestSupport
import Testing

/// The dispatch room's lists pinned on hand-built records: content and order, edges included.
@Suite struct DueListTests {
    static let now = "2026-11-20T09:00+08:00"

    func due(_ fixture: ReportFixture, scope: Region? = .north, now: String = Self.now) throws -> DueList {
        DueList(records: ServiceRecords(fixture.records), now: try ServiceTime(parsing: now), scope: scope)
    }

    // MARK: Repair calls

    @Test func repairCallsOverdueFirstWithHoursToThe24HourTarget() throws {
        var fixture = ReportFixture()
        let customer = fixture.customer(name: "Huaxia Cemetery")
        let fresh = fixture.visit(customer: customer, called: "2026-11-20T08:00+08:00")
        let exact = fixture.visit(customer: customer, called: "2026-11-19T09:00+08:00")
        let minuteOlder = fixture.visit(customer: customer, called: "2026-11-19T08:59+08:00")
        // The same instant as `exact`, written in UTC: ordered by the instant, then by id.
        let sameInstant = fixture.visit(customer: customer, called: "2026-11-19T01:00Z")
        _ = fixture.visit(customer: customer, called: "2026-11-18T09:00+08:00", arrived: "2026-11-18T15:00+08:00")
        _ = fixture.visit(
            customer: customer, called: "2026-11-17T09:00+08:00", completed: "2026-11-17T12:00+08:00", closed: true)
        _ = fixture.visit("maintenance", customer: customer, called: "2026-11-10T09:00+08:00")
        let southCustomer = fixture.customer(.south)
        let south = fixture.visit(customer: southCustomer, region: .south, called: "2026-11-01T09:00+08:00")

        let north = try due(fixture)
        #expect(north.repairs.map(\.visit) == [minuteOlder, exact, sameInstant, fresh])
        #expect(north.repairs.map(\.isOverdue) == [true, false, false, false])
        #expect(abs(north.repairs[0].hoursLeft + 1.0 / 60) < 1e-9, "one minute past the target")
        #expect(north.repairs[1].hoursLeft == 0, "exactly 24 hours old: none left, not yet overdue")
        #expect(north.repairs[3].hoursLeft == 23)
        #expect(north.repairs.allSatisfy { $0.customerName == "Huaxia Cemetery" && $0.region == .north })

        let everywhere = try due(fixture, scope: nil)
        #expect(everywhere.repairs.map(\.visit) == [south, minuteOlder, exact, sameInstant, fresh])
        #expect(everywhere.repairs[0].hoursLeft == 24 - 19 * 24)
        #expect(try due(fixture, scope: .south).repairs.map(\.visit) == [south])
    }

    // MARK: Commissioning

    @Test func installationsWithoutTheir72HourResult() throws {
        var fixture = ReportFixture()
        let customer = fixture.customer()
        func installation(arrived: String?, completed: String?, result: String?) -> RecordID {
            fixture.add(
                .visit,
                [
                    "customer": .string(customer.description), "kind": "installation", "region": "north",
                    "arrived_at": arrived.map(JSONValue.string), "completed_at": completed.map(JSONValue.string),
                    "commissioning": result.map(JSONValue.string), "status": completed == nil ? "open" : "closed",
                ])
        }
        let notArrived = installation(arrived: nil, completed: nil, result: nil)
        let completed = installation(
            arrived: "2026-11-18T09:00+08:00", completed: "2026-11-18T17:00+08:00", result: nil)
        let arrivedOnly = installation(arrived: "2026-11-15T09:00+08:00", completed: nil, result: nil)
        _ = installation(arrived: "2026-11-10T09:00+08:00", completed: "2026-11-10T17:00+08:00", result: "passed")
        _ = installation(arrived: "2026-11-11T09:00+08:00", completed: "2026-11-11T17:00+08:00", result: "failed")
        _ = fixture.visit(customer: customer, called: "2026-11-19T10:00+08:00", arrived: "2026-11-19T12:00+08:00")

        let list = try due(fixture).commissioning
        #expect(list.map(\.visit) == [arrivedOnly, completed, notArrived], "oldest start first, not arrived last")
        #expect(list[0].startedAt == (try ServiceTime(parsing: "2026-11-15T09:00+08:00")), "arrival without completion")
        #expect(list[0].hoursLeft == -48, "72 h after arrival five days ago: two days late")
        #expect(list[1].startedAt == (try ServiceTime(parsing: "2026-11-18T17:00+08:00")), "completion when recorded")
        #expect(list[1].hoursLeft == 32)
        #expect(list[2].startedAt == nil && list[2].hoursLeft == nil)
    }

    // MARK: Complaint feedback

    @Test func complaintsWithoutFeedbackOldestFirstMajorOnesForTheGeneralManager() throws {
        var fixture = ReportFixture()
        let customer = fixture.customer(name: "Yuquan Memorial Park")
        func complaint(_ received: String, major: Bool = false, feedback: String? = nil, resolved: Bool = false)
            -> RecordID
        {
            fixture.add(
                .complaint,
                [
                    "customer": .string(customer.description), "region": "north", "channel": "phone",
                    "severity": major ? "major" : "general", "received_at": .string(received),
                    "description": "niche door warped", "feedback": feedback.map(JSONValue.string),
                    "status": resolved ? "resolved" : "open", "resolution": resolved ? "door replaced" : nil,
                    "resolved_at": resolved ? "2026-11-19T09:00+08:00" : nil,
                ])
        }
        let general = complaint("2026-11-10T09:00+08:00")
        let major = complaint("2026-11-05T09:00+08:00", major: true)
        _ = complaint("2026-11-01T09:00+08:00", feedback: "called back, replacement on the way")
        let resolvedUntold = complaint("2026-11-12T09:00+08:00", resolved: true)
        let blankFeedback = complaint("2026-11-13T09:00+08:00", feedback: "  ")
        let otherCustomer = fixture.customer(.central)
        _ = fixture.complaint(customer: otherCustomer, region: .central, received: "2026-11-02T09:00+08:00")

        let list = try due(fixture).feedback
        #expect(list.map(\.complaint) == [major, general, resolvedUntold, blankFeedback])
        #expect(list.map(\.forGeneralManager) == [true, false, false, false])
        #expect(list[0].ageHours == 15 * 24)
        #expect(list[0].customerName == "Yuquan Memorial Park")
        #expect(try due(fixture, scope: nil).feedback.count == 5)
    }

    // MARK: Unsatisfied cards

    @Test func whatCountsAsUnsatisfied() {
        #expect(DueList.isUnsatisfied(.unsatisfied))
        #expect(DueList.isUnsatisfied(.score(1)) && DueList.isUnsatisfied(.score(2)))
        #expect(!DueList.isUnsatisfied(.score(3)) && !DueList.isUnsatisfied(.score(5)))
        #expect(!DueList.isUnsatisfied(.fairlySatisfied) && !DueList.isUnsatisfied(.satisfied))
    }

    @Test func unsatisfiedCardsNobodyFollowedUp() throws {
        var fixture = ReportFixture()
        // Followed up by a complaint that names the card (received before the card's date: still its follow-up).
        let named = fixture.customer(name: "A")
        let namedCard = fixture.card(customer: named, rating: "unsatisfied", filled: "2026-11-10T09:00+08:00")
        fixture.add(
            .complaint,
            [
                "customer": .string(named.description), "region": "north", "channel": "opinion-card",
                "severity": "general", "received_at": "2026-11-10T08:00+08:00", "description": "from the card",
                "card": .string(namedCard.description), "status": "open",
            ])
        // Followed up by a later complaint of the same customer.
        let laterComplaint = fixture.customer(name: "B")
        _ = fixture.card(customer: laterComplaint, rating: 2, filled: "2026-11-11T09:00+08:00")
        _ = fixture.complaint(customer: laterComplaint, received: "2026-11-12T09:00+08:00", resolved: false)
        // Followed up by a later visit (not the card's own).
        let laterVisit = fixture.customer(name: "C")
        let cardVisit = fixture.visit(
            "maintenance", customer: laterVisit, arrived: "2026-11-12T09:00+08:00", completed: "2026-11-12T11:00+08:00")
        _ = fixture.card(
            customer: laterVisit, rating: "unsatisfied", filled: "2026-11-12T12:00+08:00", visit: cardVisit)
        _ = fixture.visit("maintenance", customer: laterVisit, arrived: "2026-11-15T09:00+08:00")
        // Nobody followed: only the card's own visit and a complaint from before the card.
        let ignored = fixture.customer(name: "D")
        let ignoredVisit = fixture.visit(
            "repair", customer: ignored, called: "2026-11-12T09:00+08:00", arrived: "2026-11-13T09:00+08:00",
            completed: "2026-11-13T10:00+08:00")
        let ignoredCard = fixture.card(
            customer: ignored, rating: "unsatisfied", filled: "2026-11-13T10:00+08:00", visit: ignoredVisit)
        _ = fixture.complaint(customer: ignored, received: "2026-11-01T09:00+08:00")
        // Nobody followed, and older: listed first.
        let oldest = fixture.customer(name: "E")
        let oldestCard = fixture.card(customer: oldest, rating: 1, filled: "2026-11-09T09:00+08:00")
        // Not unsatisfied.
        let fair = fixture.customer(name: "F")
        _ = fixture.card(customer: fair, rating: 3, filled: "2026-11-09T09:00+08:00")
        _ = fixture.card(customer: fair, rating: "fairly-satisfied", filled: "2026-11-09T09:00+08:00")
        // Another region's card stays out of North's list.
        let south = fixture.customer(.south, name: "G")
        let southCard = fixture.card(customer: south, region: .south, rating: 1, filled: "2026-11-01T09:00+08:00")

        let list = try due(fixture).unansweredCards
        #expect(list.map(\.card) == [oldestCard, ignoredCard])
        #expect(list.map(\.customerName) == ["E", "D"])
        #expect(list.map(\.rating) == [.score(1), .unsatisfied])
        #expect(try due(fixture, scope: nil).unansweredCards.map(\.card) == [southCard, oldestCard, ignoredCard])
    }

    // MARK: Return visits

    @Test func returnVisitPlanWithFewerThan20Customers() throws {
        var fixture = ReportFixture()
        func repair(_ customer: RecordID, _ arrived: String, region: Region = .north) {
            _ = fixture.visit(customer: customer, region: region, called: arrived, arrived: arrived)
        }
        let complained = fixture.customer(name: "complained")
        repair(complained, "2026-06-01T09:00+08:00")
        _ = fixture.complaint(customer: complained, received: "2026-06-02T09:00+08:00")
        let unhappy = fixture.customer(name: "unhappy")
        repair(unhappy, "2026-03-01T09:00+08:00")
        _ = fixture.card(customer: unhappy, rating: "unsatisfied", filled: "2026-03-01T12:00+08:00")
        // Served on January 1 at 00:30 in Beijing (still December 31 in UTC): this year, and longest without a visit.
        let longest = fixture.customer(name: "longest")
        repair(longest, "2026-01-01T00:30+08:00")
        let recent = fixture.customer(name: "recent")
        repair(recent, "2026-09-01T09:00+08:00")
        // A return visit planned but not made yet counts for nothing.
        _ = fixture.visit("return-visit", customer: recent)
        let middle = fixture.customer(name: "middle")
        repair(middle, "2026-05-01T09:00+08:00")
        _ = fixture.complaint(customer: middle, received: "2025-12-01T09:00+08:00")  // last year's complaint
        let visited = fixture.customer(name: "visited")
        repair(visited, "2026-04-01T09:00+08:00")
        _ = fixture.visit("return-visit", customer: visited, arrived: "2026-10-01T09:00+08:00")
        // Served by North this year, then moved: the file says South now.
        let moved = fixture.customer(.south, name: "moved")
        repair(moved, "2026-04-15T09:00+08:00")
        // Not served this year: last year's visit, and a call still waiting for its technician.
        let lastYear = fixture.customer(name: "last year")
        repair(lastYear, "2025-12-31T23:30+08:00")
        let waiting = fixture.customer(name: "waiting")
        _ = fixture.visit(customer: waiting, called: "2026-11-19T09:00+08:00")
        let southOwn = fixture.customer(.south, name: "south own")
        _ = fixture.visit("delivery", customer: southOwn, region: .south, completed: "2026-08-01T09:00+08:00")

        let all = try due(fixture, scope: nil).returnVisits
        #expect(all.map(\.region) == Region.allCases)
        let north = try #require(all.first { $0.region == .north })
        #expect(north.year == 2026)
        #expect(north.customersServed == 7, "the moved customer was North's when served")
        #expect(north.needed == 1, "5% of 7 rounds up to one")
        #expect(north.done == 1 && north.remaining == 0)
        #expect(north.candidates.map(\.customer) == [complained, unhappy, longest, middle, recent])
        #expect(
            north.candidates.map(\.reason) == [
                .complaint, .unsatisfiedCard, .longestWithoutVisit, .longestWithoutVisit, .longestWithoutVisit,
            ])
        #expect(north.candidates[2].lastVisit == (try ServiceTime(parsing: "2026-01-01T00:30+08:00")))

        let south = try #require(all.first { $0.region == .south })
        #expect(south.customersServed == 1 && south.needed == 1 && south.done == 0 && south.remaining == 1)
        #expect(
            south.candidates.map(\.customer) == [moved, southOwn], "the new region proposes the customer who moved")
        #expect(south.candidates.map(\.customerName) == ["moved", "south own"])

        let central = try #require(all.first { $0.region == .central })
        #expect(central.customersServed == 0 && central.needed == 0 && central.candidates.isEmpty)
        #expect(try due(fixture).returnVisits.map(\.region) == [.north])
    }

    @Test func fivePercentRoundsUp() throws {
        var fixture = ReportFixture()
        for index in 0..<20 {
            let customer = fixture.customer(name: "customer \(index)")
            _ = fixture.visit("maintenance", customer: customer, arrived: "2026-02-01T09:00+08:00")
        }
        let twenty = try #require(try due(fixture).returnVisits.first)
        #expect(twenty.customersServed == 20 && twenty.needed == 1)
        let extra = fixture.customer(name: "customer 20")
        _ = fixture.visit("maintenance", customer: extra, arrived: "2026-02-01T09:00+08:00")
        let first = fixture.records.first { $0.kind == "customer" }!.id
        _ = fixture.visit("return-visit", customer: first, arrived: "2026-03-01T09:00+08:00")
        let plan = try #require(try due(fixture).returnVisits.first)
        #expect(plan.customersServed == 21 && plan.needed == 2 && plan.done == 1 && plan.remaining == 1)
        #expect(plan.candidates.count == 20 && !plan.candidates.contains { $0.customer == first })
        // In the new year, last year's visits no longer count.
        let january = try #require(try due(fixture, now: "2027-01-05T09:00+08:00").returnVisits.first)
        #expect(january.customersServed == 0 && january.needed == 0 && january.candidates.isEmpty)
    }

    // MARK: Untrusted records

    @Test func conflictedRecordsAreListedAsUntrustedByScope() throws {
        var fixture = ReportFixture()
        let customer = fixture.customer()
        let (r1, r2) = (TestReplicas.first, TestReplicas.second)
        func conflicted(_ kind: String, _ base: [String: JSONValue], field: String, _ a: JSONValue, _ b: JSONValue)
            -> WireRecord
        {
            var state = RecordState()
            state.write(base, dot: r1.dot(1))
            var left = state
            var right = state
            left.write([field: a], dot: r1.dot(2))
            right.write([field: b], dot: r2.dot(1))
            return WireRecord(id: fixture.nextID(), kind: kind, state: left.merged(with: right))
        }
        let visit = conflicted(
            "visit",
            [
                "customer": .string(customer.description), "kind": "repair", "region": "north",
                "called_at": "2026-11-19T09:00+08:00", "status": "open",
            ], field: "arrived_at", "2026-11-19T15:00+08:00", "2026-11-19T16:00+08:00")
        let complaint = conflicted(
            "complaint",
            [
                "customer": .string(customer.description), "region": "south", "channel": "phone",
                "severity": "general", "received_at": "2026-11-18T09:00+08:00", "description": "squeaks",
                "status": "open",
            ], field: "handler", "Li", "Wang")
        let part = conflicted(
            "part_supply", ["customer": .string(customer.description), "region": "north", "part": "hinge"],
            field: "quantity", 1, 2)
        let records = ServiceRecords(fixture.records + [visit, complaint, part])
        let at = try ServiceTime(parsing: Self.now)

        let north = DueList(records: records, now: at, scope: .north)
        #expect(north.untrusted.map(\.id) == [visit.id])
        #expect(north.untrusted.first?.kind == "visit" && north.untrusted.first?.fields == ["arrived_at"])
        // The conflicted visit still shows (with its provisional arrival: no longer waiting).
        #expect(north.repairs.isEmpty)
        let everywhere = DueList(records: records, now: at, scope: nil)
        #expect(everywhere.untrusted.map(\.id) == [complaint.id, visit.id], "by kind, then id; parts are not listed")
        #expect(everywhere.untrusted.map(\.region) == [.south, .north])
        #expect(DueList(records: records, now: at, scope: .central).untrusted.isEmpty)
    }
}
