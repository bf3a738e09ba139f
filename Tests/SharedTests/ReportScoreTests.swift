import FieldSyncShared
import Testing

/// The score out of 100 (manual 10 §4.2), its partial credit and its bands.
@Suite struct ReportScoreTests {
    /// A section where every figure is met except the ones given, with their values.
    func section(missing values: [FigureKind: (Int, Int?)] = [:], noData: Set<FigureKind> = []) -> ReportSection {
        let figures = FigureKind.scored.map { kind -> Figure in
            if noData.contains(kind) { return Figure(kind, numerator: 0, denominator: 0) }
            if let (numerator, denominator) = values[kind] {
                return Figure(kind, numerator: numerator, denominator: denominator)
            }
            switch kind {
            case .rework, .complaintRate: return Figure(kind, numerator: 0, denominator: 100)
            case .majorComplaints: return Figure(kind, numerator: 0, denominator: nil)
            default: return Figure(kind, numerator: 100, denominator: 100)
            }
        }
        return ReportSection(scope: .region(.north), figures: figures)
    }

    @Test(arguments: [
        (69.9, ScoreBand.fail), (0, .fail), (70, .pass), (79.9, .pass), (80, .good), (89.9, .good), (90, .excellent),
        (100, .excellent),
    ])
    func bandsFollowTheManual(score: Double, band: ScoreBand) {
        #expect(ScoreBand(score: score) == band)
    }

    @Test func everyFigureMetScores100() {
        let section = section()
        #expect(section.score == 100 && section.band == .excellent)
        #expect(section[.score]?.numerator == 9 && section[.score]?.denominator == 9)
        #expect(section[.score]?.status == .met)
        #expect(section.figures.last?.id == .score)
    }

    @Test func eachFigureCarriesAnEqualShare() {
        // One figure missed outright (a major complaint): 8 of 9 shares.
        let oneMajor = section(missing: [.majorComplaints: (1, nil)])
        #expect(oneMajor.score == 88.9 && oneMajor.band == .good)
        // Two missed outright: 7 of 9.
        let two = section(missing: [.majorComplaints: (1, nil), .rework: (4, 100)])
        #expect(two.score == 77.8 && two.band == .pass)
        // Three missed outright: 6 of 9 fails.
        let three = section(missing: [.majorComplaints: (2, nil), .rework: (5, 100), .onSite24h: (80, 100)])
        #expect(three.score == 66.7 && three.band == .fail)
        #expect(three[.score]?.status == .missed && three[.score]?.numerator == 6)
    }

    @Test func aNearMissEarnsPartialCredit() {
        // 95% on site: half the share at most, less half again for being 5 of 10 points short.
        let nearMiss = section(missing: [.onSite24h: (95, 100)])
        #expect(nearMiss.score == 91.7)  // (8 + 0.25) / 9
        #expect(nearMiss.band == .excellent)
    }

    @Test func figuresWithoutDataAreLeftOutOfTheScore() {
        let quiet = section(missing: [.rework: (4, 100)], noData: [.complaintResolution, .complainantSatisfaction])
        #expect(quiet[.score]?.denominator == 7)
        #expect(quiet.score == 85.7)  // 6 of 7
        let idle = section(noData: Set(FigureKind.scored).subtracting([.majorComplaints]))
        #expect(idle.score == nil && idle.band == nil, "no activity is not graded on its lack of major complaints")
        #expect(idle[.score]?.status == .noData)
        #expect(idle[.score]?.numerator == 0 && idle[.score]?.denominator == 0)
    }

    @Test(arguments: [
        // at-least targets: half at most, nothing at 10 points short (or at 0 for targets under 10%)
        (FigureKind.onSite24h, 1.0, 1.0), (.onSite24h, 0.95, 0.25), (.onSite24h, 0.90, 0), (.onSite24h, 0.5, 0),
        (.firstTimeFix, 0.9001, 1), (.firstTimeFix, 0.90, 0.5), (.firstTimeFix, 0.85, 0.25),
        (.complaintResolution, 0.97, 1), (.complaintResolution, 0.96, 0.45),
        (.returnVisits, 0.05, 1), (.returnVisits, 0.025, 0.25), (.returnVisits, 0, 0),
        // at-most limits: nothing at twice the limit
        (.rework, 0.02, 1), (.rework, 0.03, 0.25), (.rework, 0.04, 0),
        (.complaintRate, 0.0099, 1), (.complaintRate, 0.01, 0.5), (.complaintRate, 0.015, 0.25),
        (.majorComplaints, 0, 1), (.majorComplaints, 1, 0),
    ])
    func partialCredit(kind: FigureKind, value: Double, credit: Double) {
        #expect(abs(kind.target.credit(for: value) - credit) < 1e-9, "\(kind) at \(value)")
    }

    @Test func targetsCompareExactlyAtTheirThresholds() {
        #expect(FigureKind.complaintResolution.target.isMet(by: 97.0 / 100))
        #expect(FigureKind.complaintResolution.target.isMet(by: 291.0 / 300))
        #expect(!FigureKind.complaintResolution.target.isMet(by: 96.0 / 99))
        #expect(!FigureKind.firstTimeFix.target.isMet(by: 9.0 / 10), "> 90% is strict")
        #expect(FigureKind.rework.target.isMet(by: 1.0 / 50), "≤ 2% includes 2%")
        #expect(!FigureKind.complaintRate.target.isMet(by: 1.0 / 100), "< 1% excludes 1%")
        #expect(FigureKind.score.target.isMet(by: 70) && !FigureKind.score.target.isMet(by: 69.9))
    }
}
