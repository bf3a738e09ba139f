import FieldSyncShared
import FieldSyncTestSupport
import Foundation
import Testing

/// The monthly inspection report (manual 8.0 §4.6) pinned on one hand-built October.
@Suite struct InspectionReportTests {
    static let asOf = "2026-11-02T09:00+08:00"

    /// North's October: a late visit that also failed to fix and followed a reworked repair, a call
    /// nobody answered, an open complaint, a major complaint whose complainant is unhappy, an
    /// unsatisfied card; September is clean. South has one late visit.
    struct October {
        var fixture = ReportFixture()
        var onTime, late, unanswered, september, southLate: RecordID
        var openComplaint, majorComplaint, septemberComplaint: RecordID
        var unhappyCard: RecordID

        init() {
            let a = fixture.customer(name: "Babaoshan")
            let b = fixture.customer(name: "Yuquan")
            let c = fixture.customer(name: "Jinbaoshan")
            let d = fixture.customer(name: "Taiziyu")
            onTime = fixture.visit(
                customer: a, called: "2026-10-05T09:00+08:00", arrived: "2026-10-05T15:00+08:00",
                completed: "2026-10-05T17:00+08:00", firstTimeFix: true)
            // Called again 3.5 days after that repair was completed; on site 30.5 h after the call.
            late = fixture.add(
                .visit,
                [
                    "customer": .string(a.description), "kind": "repair", "region": "north", "technician": "Zhao Lei",
                    "called_at": "2026-10-09T05:00+08:00", "arrived_at": "2026-10-10T11:30+08:00",
                    "completed_at": "2026-10-10T12:00+08:00", "status": "closed", "first_time_fix": false,
                    "work_done": "hinge replaced, lock still jams",
                ])
            unanswered = fixture.visit(customer: b, called: "2026-10-20T09:00+08:00")
            openComplaint = fixture.add(
                .complaint,
                [
                    "customer": .string(b.description), "region": "north", "channel": "phone", "severity": "general",
                    "received_at": "2026-10-21T10:00+08:00", "description": "nobody came", "handler": "Li Na",
                    "status": "open",
                ])
            _ = fixture.visit(
                "maintenance", customer: c, arrived: "2026-10-12T09:00+08:00", completed: "2026-10-12T10:00+08:00")
            unhappyCard = fixture.add(
                .opinionCard,
                [
                    "customer": .string(c.description), "region": "north", "rating": "unsatisfied",
                    "complaint_text": "technician was rude", "filled_at": "2026-10-12T10:30+08:00",
                ])
            _ = fixture.card(customer: c, rating: 5, filled: "2026-10-13T10:00+08:00")
            majorComplaint = fixture.add(
                .complaint,
                [
                    "customer": .string(c.description), "region": "north", "channel": "letter", "severity": "major",
                    "received_at": "2026-10-14T09:00+08:00", "description": "wrong urn niche delivered",
                    "status": "resolved", "resolution": "niche exchanged", "resolved_at": "2026-10-16T09:00+08:00",
                    "feedback": "apologised by phone", "complainant_satisfied": false,
                ])
            september = fixture.visit(
                customer: d, called: "2026-09-10T09:00+08:00", arrived: "2026-09-10T12:00+08:00",
                completed: "2026-09-10T13:00+08:00", firstTimeFix: true)
            septemberComplaint = fixture.complaint(
                customer: d, received: "2026-09-15T09:00+08:00", satisfied: true)
            let south = fixture.customer(.south, name: "Guangzhou Yinhe")
            southLate = fixture.visit(
                customer: south, region: .south, called: "2026-10-02T09:00+08:00", arrived: "2026-10-03T10:00+08:00")
        }

        func report(_ scope: ReportScope = .region(.north), month: String = "2026-10") throws -> InspectionReport {
            try InspectionReport(
                records: fixture.records, month: try ReportPeriod(parsing: month), scope: scope,
                asOf: try ServiceTime(parsing: InspectionReportTests.asOf))
        }
    }

    @Test func onlyAMonthCanBeInspected() throws {
        let october = October()
        for text in ["2026", "2026-Q4", "2026-10-01..2026-10-31", "2026-10-05"] {
            let period = try ReportPeriod(parsing: text)
            #expect(throws: InspectionReport.PeriodError(period: period)) {
                try InspectionReport(records: october.fixture.records, month: period, scope: .all)
            }
        }
        let message = InspectionReport.PeriodError(period: .year(2026)).message
        #expect(message.english.contains("one month") && message.english.contains("2026-11"))
        #expect(message.chinese.contains("按月"))
    }

    @Test func theMonthsFiguresAreTheMonthsReport() throws {
        let october = October()
        let inspection = try october.report()
        let report = ServiceReport(
            records: october.fixture.records, period: .month(10, of: 2026), scope: .region(.north),
            asOf: try ServiceTime(parsing: Self.asOf))
        #expect(inspection.figures == report)
        #expect(inspection.sections.map(\.scope) == [.region(.north)])
        #expect(inspection.sections[0].score == report.sections[0].score)
    }

    @Test func everyMissedFigureListsTheRecordsBehindItAndWhy() throws {
        let october = October()
        let north = try #require(try october.report().section(.region(.north)))
        #expect(
            north.misses.map(\.figure) == [
                .onSite24h, .firstTimeFix, .rework, .complaintRate, .complaintResolution, .complainantSatisfaction,
                .customerSatisfaction, .majorComplaints, .returnVisits,
            ])

        let onSite = try #require(north.miss(.onSite24h))
        #expect(onSite.numerator == 1 && onSite.denominator == 3 && onSite.target.text == "100%")
        #expect(onSite.records.map(\.id) == [october.late, october.unanswered], "by call time")
        let late = onSite.records[0]
        #expect(late.customerName == "Babaoshan" && late.who == "Zhao Lei")
        #expect(late.calledAt == (try ServiceTime(parsing: "2026-10-09T05:00+08:00")))
        #expect(late.arrivedAt == (try ServiceTime(parsing: "2026-10-10T11:30+08:00")))
        #expect(late.hoursLate == 6.5)
        #expect(late.why.en == "on site 30.5 h after the call: 6.5 h late")
        #expect(late.why.zh == "报修后 30.5 小时到场，超时 6.5 小时")
        // Nobody came: judged at the end of October (the report is made later), 24 h after Oct 20 09:00.
        let unanswered = onSite.records[1]
        #expect(unanswered.arrivedAt == nil && unanswered.customerName == "Yuquan")
        #expect(unanswered.hoursLate == 255)
        #expect(unanswered.why.en == "nobody on site yet: 255.0 h past the 24-hour target")

        let fix = try #require(north.miss(.firstTimeFix))
        #expect(fix.records.map(\.id) == [october.late])
        #expect(fix.records[0].why.en == "not fixed the first time: hinge replaced, lock still jams")

        let rework = try #require(north.miss(.rework))
        #expect(rework.records.map(\.id) == [october.onTime])
        #expect(rework.records[0].followUp == october.late)
        #expect(rework.records[0].followUpCalledAt == (try ServiceTime(parsing: "2026-10-09T05:00+08:00")))
        #expect(rework.records[0].why.en == "the customer called again 3.5 days after the repair was completed")

        let rate = try #require(north.miss(.complaintRate))
        #expect(rate.records.map(\.id) == [october.majorComplaint, october.openComplaint])
        #expect(rate.records.map(\.state) == [.resolvedUnsatisfied, .open])

        let resolution = try #require(north.miss(.complaintResolution))
        #expect(resolution.records.map(\.id) == [october.openComplaint])
        #expect(resolution.records[0].who == "Li Na" && resolution.records[0].text == "nobody came")
        #expect(resolution.records[0].why.en == "still open 12.0 days after it was received")

        let complainant = try #require(north.miss(.complainantSatisfaction))
        #expect(complainant.records.map(\.id) == [october.majorComplaint])
        #expect(complainant.records[0].why.en == "resolved, but the complainant is not satisfied: niche exchanged")

        let cards = try #require(north.miss(.customerSatisfaction))
        #expect(cards.numerator == 1 && cards.denominator == 2)
        #expect(cards.records.map(\.id) == [october.unhappyCard])
        #expect(cards.records[0].rating == .unsatisfied && cards.records[0].text == "technician was rude")
        #expect(cards.records[0].customerName == "Jinbaoshan")

        let major = try #require(north.miss(.majorComplaints))
        #expect(major.records.map(\.id) == [october.majorComplaint] && major.records[0].severity == .major)

        let returns = try #require(north.miss(.returnVisits))
        #expect(returns.records.isEmpty)
        #expect(returns.numerator == 0 && returns.denominator == 3)
        #expect(
            returns.note?.en == "0 of 3 customers served this year had a return visit: 1 more needed to reach 5% (1)")
    }

    @Test func complaintsReceivedInTheMonthWithTheirState() throws {
        let october = October()
        let complaints = try october.report().complaints
        #expect(complaints.map(\.id) == [october.majorComplaint, october.openComplaint], "oldest first, October only")
        #expect(complaints.map(\.state) == [.resolvedUnsatisfied, .open])
        #expect(complaints.map(\.customerName) == ["Jinbaoshan", "Yuquan"])
        #expect(complaints[0].days == 2, "resolved two days after it came in")
        #expect(abs(complaints[1].days - (11 + 23.0 / 24)) < 1e-9, "open until the report is made")
        #expect(complaints[0].channel == .letter && complaints[0].severity == .major)
        #expect(try october.report(month: "2026-09").complaints.map(\.id) == [october.septemberComplaint])
    }

    @Test func complaintStates() {
        var fixture = ReportFixture()
        let customer = fixture.customer()
        func state(_ values: [String: JSONValue?]) -> InspectionReport.ComplaintState? {
            var all: [String: JSONValue?] = [
                "customer": .string(customer.description), "region": "north", "channel": "web",
                "severity": "general", "received_at": "2026-10-01T09:00+08:00", "description": "scratch",
                "status": "resolved", "resolution": "polished", "resolved_at": "2026-10-02T09:00+08:00",
            ]
            all.merge(values) { _, new in new }
            let id = fixture.add(.complaint, all)
            return ServiceRecords(fixture.records).complaints.first { $0.id == id }.map(
                InspectionReport.ComplaintState.init)
        }
        #expect(state(["status": "open", "resolution": nil, "resolved_at": nil]) == .open)
        #expect(state([:]) == .resolvedWithoutFeedback)
        #expect(state(["feedback": "told by phone"]) == .resolvedSatisfactionUnknown)
        #expect(state(["complainant_satisfied": true]) == .resolvedSatisfied)
        #expect(state(["feedback": "told", "complainant_satisfied": false]) == .resolvedUnsatisfied)
    }

    @Test func theTrendShowsEachFigureOverTheLastSixMonths() throws {
        let october = October()
        let inspection = try october.report()
        #expect(
            inspection.trendMonths.map(\.description) == [
                "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10",
            ])
        let north = try #require(inspection.section(.region(.north)))
        #expect(north.trend.map(\.figure) == FigureKind.allCases)
        let onSite = try #require(north.trend(.onSite24h))
        #expect(onSite.points.map(\.value) == [nil, nil, nil, nil, 1, 1.0 / 3])
        #expect(onSite.points.map(\.status) == [.noData, .noData, .noData, .noData, .met, .missed])
        #expect(onSite.points.last?.numerator == 1 && onSite.points.last?.denominator == 3)
        let complaints = try #require(north.trend(.complaintResolution))
        #expect(complaints.points.suffix(2).map(\.value) == [1, 0.5])
        // Yearly figures are year to date at each month's end.
        let major = try #require(north.trend(.majorComplaints))
        #expect(major.points.map(\.value) == [0, 0, 0, 0, 0, 1])
        let score = try #require(north.trend(.score))
        #expect(score.points[0].value == nil, "May had nothing to grade")
        #expect(score.points[4].value != nil && score.points[5].value == 0 && score.points[5].status == .missed)
        // January's trend reaches back into the previous year.
        let january = try october.report(month: "2027-01")
        #expect(january.trendMonths.first?.description == "2026-08")
    }

    @Test func scopeDecidesTheSectionsAndWhatTheyHold() throws {
        let october = October()
        let south = try october.report(.region(.south))
        #expect(south.sections.map(\.scope) == [.region(.south)])
        #expect(south.sections[0].misses.map(\.figure) == [.onSite24h, .returnVisits])
        #expect(south.sections[0].miss(.onSite24h)?.records.map(\.id) == [october.southLate])
        #expect(south.sections[0].miss(.onSite24h)?.records.first?.hoursLate == 1)
        #expect(south.complaints.isEmpty)

        let company = try october.report(.all)
        #expect(company.sections.map(\.scope) == Region.allCases.map(ReportScope.region) + [.all])
        let all = try #require(company.section(.all))
        #expect(all.miss(.onSite24h)?.records.map(\.id) == [october.southLate, october.late, october.unanswered])
        #expect(company.section(.region(.central))?.misses.isEmpty == true)
        #expect(company.complaints.count == 2)
    }

    @Test func textInBothLanguages() throws {
        let october = October()
        let english = try october.report(.all).text(language: .english)
        #expect(english.hasPrefix("Monthly service-quality inspection 2026-10 · Company · as of 2026-11-02 09:00"))
        #expect(english.contains("== North  score"))
        #expect(english.contains("What missed and why (9)"))
        #expect(english.contains("On site within 24 h — 1/3 33.3%, target 100%"))
        #expect(
            english.contains(
                "Babaoshan  Zhao Lei  2026-10-09 05:00  on site 30.5 h after the call: 6.5 h late; arrived 2026-10-10 11:30"
            ))
        #expect(english.contains("“technician was rude”"))
        #expect(english.contains("Trend over the last 6 months (* missed)"))
        #expect(english.contains("2026-05  2026-06  2026-07  2026-08  2026-09  2026-10"))
        #expect(english.contains("listed under each office above"), "the company's misses point to the offices")
        #expect(english.contains("Complaints received in 2026-10 (2)"))
        #expect(english.contains("resolved, complainant NOT satisfied"))
        #expect(english.contains("Open conflicts (counted with provisional values): 0"))

        let chinese = try october.report().text(language: .chinese)
        #expect(chinese.hasPrefix("月度服务质量检查报告 2026-10 · 华北"))
        #expect(chinese.contains("报修后 30.5 小时到场，超时 6.5 小时"))
        #expect(chinese.contains("近 6 个月趋势"))
        #expect(chinese.contains("本月受理的投诉（2）"))
        #expect(chinese.contains("已解决，投诉人不满意"))
        #expect(!chinese.contains("listed under each office"), "one office: its records are listed in full")
    }

    @Test func jsonRoundTripsAndUsesStableKeys() throws {
        let october = October()
        let inspection = try october.report(.all)
        let json = inspection.json()
        #expect(json == inspection.json(), "canonical: the same report, the same bytes")
        let decoded = try JSONText.decode(InspectionReport.self, from: json)
        #expect(decoded == inspection)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["period"] as? String == "2026-10")
        #expect(object["scope"] as? String == "all")
        #expect((object["trend_months"] as? [String])?.count == 6)
        #expect((object["complaints"] as? [[String: Any]])?.first?["state"] as? String == "resolved_unsatisfied")
        #expect(json.contains("\"hours_late\":6.5") && json.contains("\"follow_up\":\"\(october.late)\""))
        #expect(json.contains("\"why\":{\"en\":\"on site 30.5 h after the call: 6.5 h late\""))
        #expect((object["figures"] as? [String: Any])?["sections"] != nil)
    }
}
