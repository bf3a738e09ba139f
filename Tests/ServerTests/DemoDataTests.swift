import FieldSyncDemo
import FieldSyncServer
import FieldSyncShared
import FieldSyncTestSupport
import Testing

/// `DemoDataGenerator`: a reproducible, valid stretch whose regions differ the way their profiles say.
@Suite struct DemoDataTests {
    static let end = DemoMonth(parsing: "2026-11")!

    static func generate(customers: Int = 300, months: Int = 12, seed: UInt64 = 1) -> [WireRecord] {
        DemoDataGenerator(.init(customers: customers, months: months, seed: seed, end: end)).records()
    }

    /// The standard stretch, generated once for the tests that only read it.
    static let stretch = generate()

    /// The stretch's records as typed values, by kind.
    struct Typed {
        var customers = [RecordID: Customer]()
        var visits = [Visit]()
        var cards = [OpinionCard]()
        var complaints = [Complaint]()
        var parts = [PartSupply]()

        init(_ records: [WireRecord]) throws {
            for record in records {
                let values = record.state.values
                switch RecordKind(rawValue: record.kind) {
                case .customer: customers[record.id] = try Customer(id: record.id, values: values)
                case .visit: visits.append(try Visit(id: record.id, values: values))
                case .opinionCard: cards.append(try OpinionCard(id: record.id, values: values))
                case .complaint: complaints.append(try Complaint(id: record.id, values: values))
                case .partSupply: parts.append(try PartSupply(id: record.id, values: values))
                case .attachment: Issue.record("the demo makes no attachments")
                case nil: Issue.record("unknown kind \(record.kind)")
                }
            }
        }

        func customers(in region: Region) -> Int { customers.values.filter { $0.region == region }.count }

        /// Share of closed repairs with arrival − call ≤ 24 h, in percent.
        func onSiteWithin24Hours(_ region: Region) -> Double {
            let repairs = visits.filter { $0.region == region && $0.kind == .repair && $0.arrivedAt != nil }
            let onTime = repairs.filter { $0.arrivedAt!.seconds - $0.calledAt!.seconds <= 86_400 }
            return percent(onTime.count, of: repairs.count)
        }

        func firstTimeFix(_ region: Region) -> Double {
            let repairs = visits.filter { $0.region == region && $0.kind == .repair && $0.firstTimeFix != nil }
            return percent(repairs.filter { $0.firstTimeFix == true }.count, of: repairs.count)
        }

        /// Share of cards that say 满意 or score 4–5.
        func cardSatisfaction(_ region: Region) -> Double {
            let inRegion = cards.filter { $0.region == region }
            let satisfied = inRegion.filter {
                switch $0.rating {
                case .satisfied: true
                case .score(let score): score >= 4
                case .fairlySatisfied, .unsatisfied: false
                }
            }
            return percent(satisfied.count, of: inRegion.count)
        }

        /// Share of repairs called within 30 days of the same customer's previous repair.
        func rework(_ region: Region) -> Double {
            let repairs = visits.filter { $0.region == region && $0.kind == .repair }
            let byCustomer = Dictionary(grouping: repairs, by: \.customer).values.map {
                $0.sorted { $0.calledAt! < $1.calledAt! }
            }
            let repeats = byCustomer.map { calls in
                zip(calls, calls.dropFirst()).filter { $1.calledAt!.seconds - $0.calledAt!.seconds <= 30 * 86_400 }
                    .count
            }
            return percent(repeats.reduce(0, +), of: repairs.count)
        }

        func complaintsPerHundredCustomers(_ region: Region) -> Double {
            percent(complaints.filter { $0.region == region }.count, of: customers(in: region))
        }

        private func percent(_ part: Int, of whole: Int) -> Double {
            whole == 0 ? 0 : Double(part) * 100 / Double(whole)
        }
    }

    @Test func sameSeedGivesTheSameRecords() {
        #expect(Self.generate(customers: 120, seed: 7) == Self.generate(customers: 120, seed: 7))
        #expect(Self.generate(customers: 120, seed: 7) != Self.generate(customers: 120, seed: 8))
    }

    @Test func everyRecordIsValidAndWrittenByTheSeedReplica() throws {
        #expect(Self.stretch.count > 1000)
        #expect(Set(Self.stretch.map(\.id)).count == Self.stretch.count)
        #expect(Self.stretch.map(\.id) == Self.stretch.map(\.id).sorted())
        var dots = [Dot]()
        var highest: UInt64 = 0
        for record in Self.stretch {
            let kind = try #require(RecordKind(rawValue: record.kind))
            let problems = RecordValidator.problems(kind: kind, values: record.state.values)
            #expect(problems.isEmpty, "\(record.kind) \(record.id): \(problems)")
            #expect(record.state.context.replicas.allSatisfy { $0 == DemoDataGenerator.replica })
            #expect(!record.state.hasConflicts)
            let counter = record.state.context[DemoDataGenerator.replica]
            #expect(record.state.dots.map(\.counter).max() == counter)
            highest = max(highest, counter)
            dots += record.state.dots
        }
        // One write, one dot: no dot stands in two records, and the counter counts every write
        // (a few are overwritten by later writes of the same fields, such as the training given).
        #expect(Set(dots).count == dots.count)
        #expect(
            dots.allSatisfy { $0.counter >= 1 } && highest >= UInt64(dots.count)
                && highest < UInt64(dots.count) * 11 / 10)
    }

    @Test func everyTimeIsInChinaStandardTimeWithinTheStretch() throws {
        let first = try ServiceTime(parsing: "2025-12-01T00:00:00+08:00")
        let last = try ServiceTime(parsing: "2026-12-01T00:00:00+08:00")
        let typed = try Typed(Self.stretch)
        let times =
            typed.visits.flatMap { [$0.calledAt, $0.arrivedAt, $0.completedAt] } + typed.cards.map(\.filledAt)
            + typed.complaints.flatMap { [$0.receivedAt, $0.resolvedAt] } + typed.parts.map(\.suppliedAt)
        for time in times.compactMap({ $0 }) {
            #expect(time.offset == 8 * 3600)
            #expect(time >= first && time < last, "\(time)")
        }
        for visit in typed.visits where visit.arrivedAt != nil && visit.kind != .repair {
            #expect((8..<19).contains(visit.arrivedAt!.local.hour), "\(visit.arrivedAt!)")
        }
    }

    @Test func countsScaleWithCustomers() throws {
        let small = try Typed(Self.generate(customers: 100))
        let large = try Typed(Self.stretch)
        #expect(small.customers.count == 100)
        #expect(large.customers.count == 300)
        let ratio = Double(large.visits.count) / Double(small.visits.count)
        #expect(ratio > 2.4 && ratio < 3.6, "visits \(small.visits.count) → \(large.visits.count)")
        #expect(large.cards.count > 2 * small.cards.count)
        #expect(Region.allCases.allSatisfy { small.customers(in: $0) > 0 })
        // More months, more work for the same customers.
        let half = try Typed(Self.generate(customers: 300, months: 6))
        #expect(Double(half.visits.count) < 0.7 * Double(large.visits.count))
    }

    @Test func everyRecordIsInItsCustomersRegion() throws {
        let typed = try Typed(Self.stretch)
        func region(of customer: RecordID) -> Region? { typed.customers[customer]?.region }
        for visit in typed.visits { #expect(region(of: visit.customer) == visit.region) }
        for card in typed.cards { #expect(region(of: card.customer) == card.region) }
        for complaint in typed.complaints { #expect(region(of: complaint.customer) == complaint.region) }
        for part in typed.parts { #expect(region(of: part.customer) == part.region) }
        let visits = Dictionary(uniqueKeysWithValues: typed.visits.map { ($0.id, $0) })
        for card in typed.cards {
            let visit = try #require(card.visit.flatMap { visits[$0] })
            #expect(visit.customer == card.customer && visit.status == .closed)
        }
        for visit in typed.visits where visit.kind == .installation && visit.status == .closed {
            #expect(visit.commissioning != nil)
            #expect(visit.completedAt!.seconds - visit.arrivedAt!.seconds >= 72 * 3600)
        }
    }

    @Test func theServerStoresEveryRecordAsHeadquartersPushesIt() async throws {
        let directory = try TemporaryDirectory("fieldsync-demo-tests")
        defer { directory.remove() }
        let store = try SQLiteServerStore(path: directory.file("server.sqlite"))
        let records = Self.generate(customers: 60)
        let headquarters = Identity(tokenID: 0, name: "seed-demo", role: .hq, region: nil)
        var stored = 0
        for start in stride(from: 0, to: records.count, by: 500) {
            let batch = Array(records[start..<min(start + 500, records.count)])
            let summary = try await store.push(
                batch, pusher: DemoDataGenerator.replica, identity: headquarters, now: "2026-11-27T10:00:00+08:00")
            #expect(
                summary.results.allSatisfy { $0.outcome == .applied },
                "\(summary.results.filter { $0.outcome != .applied })")
            stored += summary.stored
        }
        #expect(stored == records.count)
        #expect(Set(try await store.allRecords(scope: nil)) == Set(records))
        // Seeding again changes nothing.
        let again = try await store.push(
            Array(records.prefix(500)), pusher: DemoDataGenerator.replica, identity: headquarters,
            now: "2026-11-27T10:00:00+08:00")
        #expect(again.stored == 0)
    }

    @Test func theRegionsProfilesDifferMeasurably() throws {
        let typed = try Typed(Self.stretch)
        let onTime = Dictionary(uniqueKeysWithValues: Region.allCases.map { ($0, typed.onSiteWithin24Hours($0)) })
        #expect(onTime[.north] == 100)
        #expect(onTime.values.max()! - onTime.values.min()! > 15, "\(onTime)")
        #expect(onTime.min { $0.value < $1.value }?.key == .northwest, "\(onTime)")

        let fix = Dictionary(uniqueKeysWithValues: Region.allCases.map { ($0, typed.firstTimeFix($0)) })
        #expect(fix[.north]! > 90 && fix[.southwest]! < 85, "\(fix)")
        let rework = Dictionary(uniqueKeysWithValues: Region.allCases.map { ($0, typed.rework($0)) })
        #expect(rework[.north]! <= 2 && rework[.southwest]! > 4, "\(rework)")

        let satisfaction = Dictionary(uniqueKeysWithValues: Region.allCases.map { ($0, typed.cardSatisfaction($0)) })
        #expect(satisfaction[.north] == 100)
        #expect(satisfaction[.north]! - satisfaction[.south]! > 20, "\(satisfaction)")
        #expect(satisfaction.min { $0.value < $1.value }?.key == .south, "\(satisfaction)")

        let complaints = Dictionary(
            uniqueKeysWithValues: Region.allCases.map { ($0, typed.complaintsPerHundredCustomers($0)) })
        #expect(complaints[.north]! < 1, "\(complaints)")
        #expect(complaints.max { $0.value < $1.value }?.key == .central, "\(complaints)")
        let central = typed.complaints.filter { $0.region == .central }
        #expect(central.contains { $0.status == .open } && central.contains { $0.severity == .major })
        #expect(
            typed.complaints.filter { $0.status == .resolved }.allSatisfy {
                $0.feedback != nil && $0.complainantSatisfied != nil
            }
        )
        #expect(Set(typed.complaints.map(\.channel.rawValue)) == ["phone", "web", "visit", "letter", "opinion-card"])
    }
}
