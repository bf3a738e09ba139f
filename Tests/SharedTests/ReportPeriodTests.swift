import FieldSyncShared
import Foundation
import Testing

/// Parsing report periods and judging which records fall in them.
@Suite struct ReportPeriodTests {
    func period(_ text: String) throws -> ReportPeriod { try ReportPeriod(parsing: text) }
    func time(_ text: String) throws -> ServiceTime { try ServiceTime(parsing: text) }

    @Test(arguments: [
        ("2026", ReportPeriod.Kind.year, "2026-01-01", "2026-12-31", "2026"),
        ("2026-Q1", .quarter, "2026-01-01", "2026-03-31", "2026-Q1"),
        ("2026-Q3", .quarter, "2026-07-01", "2026-09-30", "2026-Q3"),
        (" 2026-q4 ", .quarter, "2026-10-01", "2026-12-31", "2026-Q4"),
        ("2026-11", .month, "2026-11-01", "2026-11-30", "2026-11"),
        ("2028-02", .month, "2028-02-01", "2028-02-29", "2028-02"),
        ("2026-02", .month, "2026-02-01", "2026-02-28", "2026-02"),
        ("2026-01-01..2026-03-31", .range, "2026-01-01", "2026-03-31", "2026-01-01..2026-03-31"),
        ("2025-12-15 .. 2026-01-10", .range, "2025-12-15", "2026-01-10", "2025-12-15..2026-01-10"),
        ("2026-11-27", .range, "2026-11-27", "2026-11-27", "2026-11-27..2026-11-27"),
    ])
    func parsesEveryForm(text: String, kind: ReportPeriod.Kind, first: String, last: String, written: String) throws {
        let period = try period(text)
        #expect(period.kind == kind)
        #expect(period.first.description == first)
        #expect(period.last.description == last)
        #expect(period.description == written)
        #expect(try ReportPeriod(parsing: written) == period, "the written form reads back")
    }

    @Test(arguments: [
        ("", "none of the forms"), ("26", "none of the forms"), ("November", "none of the forms"),
        ("2026/11", "none of the forms"), ("2026-1", "none of the forms"), ("2026-11-05-01", "none of the forms"),
        ("2026-13", "01 to 12"), ("2026-00", "01 to 12"), ("2026-Q5", "Q1, Q2, Q3 or Q4"), ("2026-Q", "Q1, Q2"),
        ("2026-Q12", "Q1, Q2"), ("0000", "no year 0000"), ("2026-11-31", "does not exist"),
        ("2026-03-31..2026-01-01", "ends before it begins"), ("2026-02-30..2026-03-01", "YYYY-MM-DD"),
        ("2026-01-01..", "YYYY-MM-DD"), ("2026-01..2026-03", "YYYY-MM-DD"),
    ])
    func refusesWhatIsNotAPeriod(text: String, reason: String) {
        do {
            let period = try ReportPeriod(parsing: text)
            Issue.record("\(text) parsed as \(period)")
        } catch {
            #expect(error.text == text)
            #expect(error.message.english.contains(reason), "\(error.message.english)")
            #expect(error.message.english.contains("2026-Q3"), "the message shows how to write a period")
            #expect(error.message.chinese.contains("不是有效的统计期间"))
            #expect(error.description == error.message.english)
        }
    }

    @Test func aRecordBelongsToTheMonthOfItsOwnLocalDate() throws {
        let november = try period("2026-11")
        let december = try period("2026-12")
        // 23:30 in Beijing is 15:30Z: still November 30 where it was recorded.
        let lateNovember = try time("2026-11-30T23:30+08:00")
        #expect(november.contains(lateNovember) && !december.contains(lateNovember))
        // 00:30 on December 1 in Beijing is November 30 in UTC: December.
        let earlyDecember = try time("2026-12-01T00:30+08:00")
        #expect(december.contains(earlyDecember) && !november.contains(earlyDecember))
        // West of UTC the other way round: 20:00 on November 30 at -05:00 is December 1 01:00Z.
        let evening = try time("2026-11-30T20:00-05:00")
        #expect(november.contains(evening) && !december.contains(evening))
        #expect(november.contains(try time("2026-11-01T00:00-05:00")))
        #expect(!november.contains(try time("2026-10-31T23:59:59-05:00")))
        // The same instant written in another zone can fall in another month: the zone it was recorded in decides.
        #expect(december.contains(evening.inZone(offset: 8 * 3600)))
    }

    @Test func rangesIncludeBothEnds() throws {
        let range = try period("2026-01-01..2026-03-31")
        #expect(range.contains(try time("2026-01-01T00:00+08:00")))
        #expect(range.contains(try time("2026-03-31T23:59:59+08:00")))
        #expect(!range.contains(try time("2026-04-01T00:00+08:00")))
        #expect(!range.contains(try time("2025-12-31T23:59-05:00")))
        #expect(try period("2026-Q1").contains(try time("2026-03-31T23:59-05:00")))
    }

    @Test func monthsAreTheWholeMonthsThePeriodTouches() throws {
        #expect(try period("2026-Q3").months.map(\.description) == ["2026-07", "2026-08", "2026-09"])
        #expect(try period("2026").months.count == 12)
        #expect(try period("2026").months.last?.description == "2026-12")
        #expect(try period("2026-11").months.map(\.description) == ["2026-11"])
        #expect(try period("2026-01-15..2026-03-10").months.map(\.description) == ["2026-01", "2026-02", "2026-03"])
        #expect(try period("2025-12-15..2026-01-10").months.map(\.description) == ["2025-12", "2026-01"])
        #expect(try period("2026-11-27").months.map(\.description) == ["2026-11"])
    }

    @Test func previousMonthsEndJustBeforeThePeriod() throws {
        #expect(try period("2026-02").previousMonths(3).map(\.description) == ["2025-11", "2025-12", "2026-01"])
        #expect(try period("2026-Q1").previousMonths(2).map(\.description) == ["2025-11", "2025-12"])
        #expect(try period("2026-11").previousMonths(0).isEmpty)
        let trend = try period("2026-11").previousMonths(11) + period("2026-11").months
        #expect(trend.map(\.description).first == "2025-12")
        #expect(trend.count == 12 && trend.last?.description == "2026-11")
    }

    /// Found by schemathesis: a dashboard asked for 0001-01 crashed the server building its trend.
    @Test func previousMonthsStopAtTheCalendarsStart() throws {
        #expect(try period("0001-01").previousMonths(11).isEmpty)
        #expect(try period("0001-03").previousMonths(11).map(\.description) == ["0001-01", "0001-02"])
        #expect(try period("0002-01").previousMonths(11).count == 11)
    }

    /// Found by schemathesis: "\r\n" is one `Character`, and trimming missed it.
    @Test func surroundingCRLFIsWhitespace() throws {
        #expect(try period("\r\n 2026-11\r\n").description == "2026-11")
        #expect(" north\r\n".trimmingWhitespace() == "north")
    }

    @Test func yearlyFiguresCountFromJanuaryToThePeriodsEnd() throws {
        #expect(try period("2026-11").year == 2026)
        #expect(try period("2026-11").yearToDate.description == "2026-01-01..2026-11-30")
        #expect(try period("2026-Q4").yearToDate == .year(2026))
        #expect(try period("2026").yearToDate == .year(2026))
        let straddling = try period("2025-12-01..2026-01-31")
        #expect(straddling.year == 2026)
        #expect(straddling.yearToDate.description == "2026-01-01..2026-01-31")
    }

    @Test func encodesAsItsWrittenForm() throws {
        let data = try JSONEncoder().encode([try period("2026-Q3"), try period("2026-01-01..2026-03-31")])
        #expect(String(decoding: data, as: UTF8.self) == #"["2026-Q3","2026-01-01..2026-03-31"]"#)
        #expect(
            try JSONDecoder().decode([ReportPeriod].self, from: data).map(\.description) == [
                "2026-Q3", "2026-01-01..2026-03-31",
            ])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([ReportPeriod].self, from: Data(#"["2026-13"]"#.utf8))
        }
    }

    @Test func localDatesParseAndStep() throws {
        let date = try #require(LocalDate(parsing: "2028-02-28"))
        #expect(date.adding(days: 1).description == "2028-02-29")
        #expect(date.adding(days: 2).description == "2028-03-01")
        #expect(date.firstOfMonth(adding: -2).description == "2027-12-01")
        #expect(LocalDate(parsing: "2026-02-29") == nil)
        #expect(LocalDate(try time("2026-11-30T23:30+08:00")).description == "2026-11-30")
    }
}
