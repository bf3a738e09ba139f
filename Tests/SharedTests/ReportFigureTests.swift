import FieldSyncShared
import Testing

/// Each figure pinned on hand-built records, edges included.
@Suite struct ReportFigureTests {
    func figure(_ report: ServiceReport, _ kind: FigureKind, _ scope: ReportScope = .region(.north)) throws -> Figure {
        try #require(report.section(scope)?[kind])
    }

    // MARK: On site within 24 h

    @Test func exactly24HoursIsOnTimeAndOneMinuteMoreIsLate() throws {
        var fixture = ReportFixture()
        let customer = fixture.customer()
        let exact = fixture.visit(
            customer: customer, called: "2026-11-10T09:00+08:00", arrived: "2026-11-11T09:00+08:00")
        let late = fixture.visit(
            customer: customer, called: "2026-11-10T09:00+08:00", arrived: "2026-11-11T09:01+08:00")
        // Called at 08:00 in New York (13:00Z), reached 21:00 the next day in Beijing (13:00Z): exactly 24 h.
        let acrossZones = fixture.visit(
            customer: customer, called: "2026-11-12T08:00-05:00", arrived: "2026-11-13T21:00+08:00")
        let secondLate = fixture.visit(
            customer: customer, called: "2026-11-12T08:00-05:00", arrived: "2026-11-13T21:00:01+08:00")
        let figure = try figure(try fixture.report("2026-11"), .onSite24h)
        #expect(figure.numerator == 2 && figure.denominator == 4)
        #expect(figure.value == 0.5)
        #expect(figure.status == .missed)
        #expect(figure.missed == [late, secondLate])
        #expect(!figure.missed.contains(exact) && !figure.missed.contains(acrossZones))
        #expect(figure.target.text == "100%")
    }

    @Test func aCallWithNoArrivalIsLateOnlyOnceIts24HoursHaveRunOut() throws {
        var fixture = ReportFixture()
        let customer = fixture.customer()
        let onTime = fixture.visit(
            customer: customer, called: "2026-11-19T09:00+08:00", arrived: "2026-11-19T15:00+08:00")
        let waiting = fixture.visit(customer: customer, called: "2026-11-20T10:00+08:00")
        let lastEvening = fixture.visit(customer: customer, called: "2026-11-30T12:00+08:00")
        // Judged at the end of November: the first call's 24 h are long gone; the last one still has until Dec 1 12:00.
        let atEnd = try figure(try fixture.report("2026-11"), .onSite24h)
        #expect(atEnd.numerator == 1 && atEnd.denominator == 2)
        #expect(atEnd.missed == [waiting] && atEnd.pending == [lastEvening])
        // Judged 23 h after the call: still pending, not a miss.
        let early = try figure(try fixture.report("2026-11", asOf: "2026-11-21T09:00+08:00"), .onSite24h)
        #expect(early.missed.isEmpty && early.pending == [waiting, lastEvening])
        #expect(early.numerator == 1 && early.denominator == 1 && early.status == .met)
        // At exactly 24 h the technician can still arrive on time; one second later the call is late.
        let atDeadline = try figure(try fixture.report("2026-11", asOf: "2026-11-21T10:00+08:00"), .onSite24h)
        #expect(atDeadline.missed.isEmpty)
        let pastDeadline = try figure(try fixture.report("2026-11", asOf: "2026-11-21T02:00:01Z"), .onSite24h)
        #expect(pastDeadline.missed == [waiting])
        #expect(!atEnd.missed.contains(onTime))
    }

    @Test func callsCountInTheMonthOfTheirOwnLocalDate() throws {
        var fixture = ReportFixture()
        let customer = fixture.customer()
        // 23:30 in Beijing on Nov 30 is 15:30Z: November.
        let lateNovember = fixture.visit(
            customer: customer, called: "2026-11-30T23:30+08:00", arrived: "2026-12-01T08:00+08:00")
        // 00:30 in Beijing on Dec 1 is Nov 30 16:30Z: December.
        let earlyDecember = fixture.visit(
            customer: customer, called: "2026-12-01T00:30+08:00", arrived: "2026-12-01T08:00+08:00")
        // 20:00 at -05:00 on Nov 30 is Dec 1 01:00Z: November where it was recorded.
        let newYorkEvening = fixture.visit(
            customer: customer, called: "2026-11-30T20:00-05:00", arrived: "2026-12-02T20:00-05:00")
        let november = try figure(try fixture.report("2026-11"), .onSite24h)
        #expect(november.numerator == 1 && november.denominator == 2)
        #expect(november.missed == [newYorkEvening])
        let december = try figure(try fixture.report("2026-12"), .onSite24h)
        #expect(december.numerator == 1 && december.denominator == 1)
        #expect(!december.missed.contains(lateNovember) && !december.missed.contains(earlyDecember))
        let quarter = try figure(try fixture.report("2026-Q4"), .onSite24h)
        #expect(quarter.denominator == 3)
    }

    // MARK: Repairs

    @Test func firstTimeFixCountsClosedRepairsCompletedInThePeriod() throws {
        var fixture = ReportFixture()
        let c = fixture.customer()
        let call = "2026-11-02T09:00+08:00"
        _ = fixture.visit(
            customer: c, called: call, arrived: "2026-11-02T15:00+08:00", completed: "2026-11-02T17:00+08:00",
            firstTimeFix: true)
        _ = fixture.visit(customer: c, called: call, completed: "2026-11-03T17:00+08:00", firstTimeFix: true)
        let notFixed = fixture.visit(
            customer: c, called: call, completed: "2026-11-04T17:00+08:00", firstTimeFix: false)
        let unrecorded = fixture.visit(customer: c, called: call, completed: "2026-11-05T17:00+08:00")
        _ = fixture.visit(
            customer: c, called: call, completed: "2026-11-05T17:00+08:00", closed: false, firstTimeFix: false)
        _ = fixture.visit(
            customer: c, called: "2026-10-02T09:00+08:00", completed: "2026-10-30T17:00+08:00", firstTimeFix: false)
        _ = fixture.visit("maintenance", customer: c, completed: "2026-11-06T17:00+08:00", firstTimeFix: false)
        let figure = try figure(try fixture.report("2026-11"), .firstTimeFix)
        #expect(figure.numerator == 2 && figure.denominator == 3)
        #expect(figure.missed == [notFixed] && figure.pending == [unrecorded])
        #expect(figure.status == .missed)
    }

    @Test(arguments: [(9, 1, FigureStatus.missed), (10, 1, .met), (10, 0, .met), (0, 0, .noData)])
    func firstTimeFixMustBeAbove90Percent(fixed: Int, notFixed: Int, status: FigureStatus) throws {
        var fixture = ReportFixture()
        let c = fixture.customer()
        for index in 0..<(fixed + notFixed) {
            _ = fixture.visit(
                customer: c, called: "2026-11-02T09:00+08:00", completed: "2026-11-02T17:00+08:00",
                firstTimeFix: index < fixed)
        }
        #expect(try figure(try fixture.report("2026-11"), .firstTimeFix).status == status)
    }

    @Test func reworkIsARepairCallWithin30DaysOfARepairDeclaredFixed() throws {
        var fixture = ReportFixture()
        let (x, y, z, w, v) = (
            fixture.customer(), fixture.customer(), fixture.customer(), fixture.customer(), fixture.customer()
        )
        func repair(_ customer: RecordID, completed: String, fixed: Bool) -> RecordID {
            fixture.visit(
                customer: customer, called: "2026-11-01T08:00+08:00", completed: completed, firstTimeFix: fixed)
        }
        let r1 = repair(x, completed: "2026-11-02T10:00+08:00", fixed: true)
        let r3 = repair(y, completed: "2026-11-03T10:00+08:00", fixed: true)
        let r4 = repair(z, completed: "2026-11-04T10:00+08:00", fixed: true)
        let r5 = repair(w, completed: "2026-11-05T10:00+08:00", fixed: false)
        let r6 = repair(v, completed: "2026-11-06T10:00+08:00", fixed: true)
        // 29 days later, filed by another region's office: rework.
        _ = fixture.visit(customer: x, region: .central, called: "2026-12-01T10:00+08:00")
        // Exactly 30 days later: rework.
        _ = fixture.visit(customer: y, called: "2026-12-03T10:00+08:00")
        // 30 days and a minute: not rework.
        _ = fixture.visit(customer: z, called: "2026-12-04T10:01+08:00")
        // The repair was not fixed the first time: the next visit finishes it (first-time fix counts it).
        _ = fixture.visit(customer: w, called: "2026-11-10T10:00+08:00")
        // A maintenance visit is no rework.
        _ = fixture.visit("maintenance", customer: v, arrived: "2026-11-20T10:00+08:00")
        let report = try fixture.report("2026-11")
        let figure = try figure(report, .rework)
        #expect(figure.numerator == 2 && figure.denominator == 5)
        #expect(figure.missed == [r1, r3])
        #expect(figure.value == 0.4 && figure.status == .missed)
        #expect(try self.figure(report, .rework, .all).missed == [r1, r3])
        #expect(![r4, r5, r6].contains(where: figure.missed.contains))
        // A region's own report cannot see another region's follow-up.
        #expect(try self.figure(try fixture.report("2026-11", scope: .region(.north)), .rework).missed == [r3])
    }

    // MARK: Complaints

    @Test func complaintRateIsComplaintsPerCustomerServed() throws {
        var fixture = ReportFixture()
        let (a, b, c, d) = (fixture.customer(), fixture.customer(), fixture.customer(), fixture.customer())
        _ = fixture.visit("installation", customer: a, arrived: "2026-11-03T09:00+08:00")
        _ = fixture.visit("maintenance", customer: a, arrived: "2026-11-20T09:00+08:00")
        _ = fixture.visit("delivery", customer: b, completed: "2026-11-05T09:00+08:00")
        _ = fixture.visit(customer: c, called: "2026-11-30T09:00+08:00", arrived: "2026-11-30T23:30+08:00")
        _ = fixture.visit(customer: d, called: "2026-11-30T09:00+08:00")  // no one has come yet: not served
        _ = fixture.visit("maintenance", customer: d, arrived: "2026-12-01T00:30+08:00")
        let complaint = fixture.complaint(customer: a, received: "2026-11-21T09:00+08:00", satisfied: true)
        _ = fixture.complaint(customer: a, received: "2026-10-21T09:00+08:00", satisfied: true)
        let south = fixture.customer(.south)
        _ = fixture.visit("maintenance", customer: south, region: .south, arrived: "2026-11-21T09:00-05:00")
        let report = try fixture.report("2026-11")
        let figure = try figure(report, .complaintRate)
        #expect(figure.numerator == 1 && figure.denominator == 3)
        #expect(figure.missed == [complaint] && figure.status == .missed)
        let quiet = try self.figure(report, .complaintRate, .region(.south))
        #expect(quiet.numerator == 0 && quiet.denominator == 1 && quiet.value == 0 && quiet.status == .met)
        let company = try self.figure(report, .complaintRate, .all)
        #expect(company.numerator == 1 && company.denominator == 4)
    }

    @Test func complaintResolutionListsOpenComplaints() throws {
        var fixture = ReportFixture()
        let c = fixture.customer()
        for day in 1...3 {
            _ = fixture.complaint(customer: c, received: "2026-11-0\(day)T09:00+08:00", satisfied: true)
        }
        let open = fixture.complaint(customer: c, received: "2026-11-20T09:00+08:00", resolved: false)
        let olderOpen = fixture.complaint(customer: c, received: "2026-10-20T09:00+08:00", major: true, resolved: false)
        _ = fixture.complaint(customer: c, received: "2026-12-02T09:00+08:00", resolved: false)
        let report = try fixture.report("2026-11")
        let figure = try figure(report, .complaintResolution)
        #expect(figure.numerator == 3 && figure.denominator == 4 && figure.value == 0.75)
        #expect(figure.missed == [open] && figure.status == .missed)
        #expect(report.openComplaints.map(\.id) == [olderOpen, open], "open by the period's end, oldest first")
        #expect(report.openComplaints.first?.severity == .major)
    }

    @Test func aRegionWithNoComplaintsHasNoDataNotAPercentage() throws {
        var fixture = ReportFixture()
        let c = fixture.customer(.south)
        _ = fixture.visit("maintenance", customer: c, region: .south, arrived: "2026-11-21T09:00+08:00")
        let report = try fixture.report("2026-11")
        for kind in [FigureKind.complaintResolution, .complainantSatisfaction] {
            let figure = try figure(report, kind, .region(.south))
            #expect(figure.status == .noData, "\(kind)")
            #expect(figure.value == nil && figure.numerator == 0 && figure.denominator == 0)
        }
        #expect(
            try figure(report, .majorComplaints, .region(.south)).status == .met, "no major complaint is the target")
        #expect(try figure(report, .complaintRate, .region(.south)).value == 0)
    }

    @Test func complainantSatisfactionCountsResolvedComplaintsWithAnAnswer() throws {
        var fixture = ReportFixture()
        let c = fixture.customer()
        _ = fixture.complaint(customer: c, received: "2026-11-01T09:00+08:00", satisfied: true)
        let unhappy = fixture.complaint(customer: c, received: "2026-11-02T09:00+08:00", satisfied: false)
        let unasked = fixture.complaint(customer: c, received: "2026-11-03T09:00+08:00")
        _ = fixture.complaint(customer: c, received: "2026-11-04T09:00+08:00", resolved: false)
        let figure = try figure(try fixture.report("2026-11"), .complainantSatisfaction)
        #expect(figure.numerator == 1 && figure.denominator == 2)
        #expect(figure.missed == [unhappy] && figure.pending == [unasked])
    }

    @Test func majorComplaintsCountOverTheYearToThePeriodsEnd() throws {
        var fixture = ReportFixture()
        let c = fixture.customer()
        let march = fixture.complaint(customer: c, received: "2026-03-05T09:00+08:00", major: true, satisfied: true)
        // Jan 1 00:30 in Beijing is still 2025 in UTC: it counts in 2026.
        let newYear = fixture.complaint(customer: c, received: "2026-01-01T00:30+08:00", major: true, satisfied: true)
        _ = fixture.complaint(customer: c, received: "2025-12-31T23:30+08:00", major: true, satisfied: true)
        _ = fixture.complaint(customer: c, received: "2026-12-10T09:00+08:00", major: true, satisfied: true)
        _ = fixture.complaint(customer: c, received: "2026-11-10T09:00+08:00", satisfied: true)
        let figure = try figure(try fixture.report("2026-11"), .majorComplaints)
        #expect(figure.numerator == 2 && figure.denominator == nil && figure.value == 2)
        #expect(figure.missed == [march, newYear] && figure.status == .missed)
        #expect(try self.figure(try fixture.report("2026"), .majorComplaints).numerator == 3)
        #expect(try self.figure(try fixture.report("2026-01"), .majorComplaints).missed == [newYear])
        #expect(try self.figure(try fixture.report("2025"), .majorComplaints).numerator == 1)
    }

    // MARK: Customers

    @Test func customerSatisfactionCountsOnlySatisfiedAndScoresOf4Or5() throws {
        var fixture = ReportFixture()
        let c = fixture.customer()
        let visit = fixture.visit("installation", customer: c, arrived: "2026-11-03T09:00+08:00")
        let filled = "2026-11-04T09:00+08:00"
        for rating: JSONValue in ["satisfied", 5, 4] { _ = fixture.card(customer: c, rating: rating, filled: filled) }
        let fairly = fixture.card(customer: c, rating: "fairly-satisfied", filled: filled)
        let three = fixture.card(customer: c, rating: 3, filled: filled)
        let unsatisfied = fixture.card(customer: c, rating: "unsatisfied", filled: filled)
        let one = fixture.card(customer: c, rating: 1, filled: filled)
        _ = fixture.card(customer: c, rating: "satisfied", filled: nil, visit: visit)  // dated by its visit
        _ = fixture.card(customer: c, rating: "unsatisfied", filled: nil)  // no date: not counted
        _ = fixture.card(customer: c, rating: "unsatisfied", filled: "2026-10-31T23:59+08:00")
        let figure = try figure(try fixture.report("2026-11"), .customerSatisfaction)
        #expect(figure.numerator == 4 && figure.denominator == 8)
        #expect(figure.missed == [fairly, three, unsatisfied, one])
        #expect(figure.status == .missed)
    }

    @Test func returnVisitsAreCustomersVisitedOverTheYearToDate() throws {
        var fixture = ReportFixture()
        let customers = (0..<4).map { _ in fixture.customer() }
        for (index, customer) in customers.enumerated() {
            _ = fixture.visit("maintenance", customer: customer, arrived: "2026-0\(index + 2)-10T09:00+08:00")
        }
        _ = fixture.visit("return-visit", customer: customers[0], completed: "2026-06-10T09:00+08:00")
        _ = fixture.visit("return-visit", customer: customers[0], arrived: "2026-07-10T09:00+08:00")
        _ = fixture.visit("return-visit", customer: customers[1], arrived: "2026-12-10T09:00+08:00")
        let november = try figure(try fixture.report("2026-11"), .returnVisits)
        #expect(november.numerator == 1 && november.denominator == 4 && november.value == 0.25)
        #expect(november.status == .met)
        #expect(try figure(try fixture.report("2026"), .returnVisits).numerator == 2)
        #expect(
            try figure(try fixture.report("2026-03"), .returnVisits).value == 0, "year to March: no return visit yet")
    }

    @Test func aRegionScopedReportHasOnlyItsOwnSection() throws {
        var fixture = ReportFixture()
        let c = fixture.customer(.central)
        _ = fixture.visit("maintenance", customer: c, region: .central, arrived: "2026-11-21T09:00+08:00")
        _ = fixture.complaint(customer: c, region: .central, received: "2026-11-21T09:00+08:00", resolved: false)
        let regional = try fixture.report("2026-11", scope: .region(.central))
        #expect(regional.sections.map(\.scope) == [.region(.central)])
        #expect(regional.openComplaints.count == 1)
        #expect(try fixture.report("2026-11", scope: .region(.north)).openComplaints.isEmpty)
        let company = try fixture.report("2026-11")
        #expect(company.sections.map(\.scope) == Region.allCases.map(ReportScope.region) + [.all])
        #expect(company.sections.allSatisfy { $0.figures.map(\.id) == FigureKind.allCases })
    }
}
