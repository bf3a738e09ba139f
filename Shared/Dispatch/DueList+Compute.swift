extension DueList {
    /// The due lists for `scope` (one region, or every region when nil) at `now`.
    ///
    /// - Repairs: repair visits with a call time and no arrival, oldest call first (so the
    ///   overdue ones lead), with the hours left to 24 hours after the call.
    /// - Commissioning: installation visits without a 72-hour result, oldest first.
    /// - Feedback: complaints without feedback to the complainant, oldest first; major
    ///   ones are marked for the general manager.
    /// - Unanswered cards: cards rated unsatisfied (the word, or a score of 1 or 2) with no
    ///   complaint naming the card, and no complaint or visit of the same customer from the
    ///   time the card was filled on.
    /// - Return visits, per region: customers served = distinct customers with a visit of
    ///   the region in `now`'s year (in its own zone); needed = ⌈5%⌉ of them; candidates are
    ///   the region's current customers served this year without a return visit this year:
    ///   first those with a complaint, then an unsatisfied card this year, then the longest
    ///   without any visit. A customer who moved to another region is proposed there.
    /// - Untrusted: records of these kinds with open conflicts.
    public init(records: ServiceRecords, now: ServiceTime, scope: Region?) {
        self.now = now
        let inScope: (Region) -> Bool = { scope == nil || scope == $0 }
        let customers = Dictionary(records.customers.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let name: (RecordID) -> String? = { customers[$0]?.name }
        let hours: (ServiceTime, ServiceTime) -> Double = { Double($0.seconds - $1.seconds) / 3600 }

        repairs = records.visits
            .filter { $0.kind == .repair && $0.arrivedAt == nil && $0.calledAt != nil && $0.status == .open && inScope($0.region) }
            .sorted { ($0.calledAt!, $0.id) < ($1.calledAt!, $1.id) }
            .map { visit in
                RepairCall(
                    visit: visit.id, customer: visit.customer, customerName: name(visit.customer), region: visit.region,
                    calledAt: visit.calledAt!, hoursLeft: 24 - hours(now, visit.calledAt!))
            }

        commissioning = records.visits
            .filter { $0.kind == .installation && $0.commissioning == nil && inScope($0.region) }
            .map { visit -> Commissioning in
                let start = visit.completedAt ?? visit.arrivedAt
                return Commissioning(
                    visit: visit.id, customer: visit.customer, customerName: name(visit.customer), region: visit.region,
                    startedAt: start, hoursLeft: start.map { 72 - hours(now, $0) })
            }
            .sorted { ($0.startedAt?.seconds ?? .max, $0.visit) < ($1.startedAt?.seconds ?? .max, $1.visit) }

        feedback = records.complaints
            .filter { ($0.feedback ?? "").trimmingWhitespace().isEmpty && inScope($0.region) }
            .sorted { ($0.receivedAt, $0.id) < ($1.receivedAt, $1.id) }
            .map { complaint in
                Feedback(
                    complaint: complaint.id, customer: complaint.customer, customerName: name(complaint.customer),
                    region: complaint.region, receivedAt: complaint.receivedAt, isMajor: complaint.severity == .major,
                    ageHours: hours(now, complaint.receivedAt))
            }

        unansweredCards = records.opinionCards
            .filter { card in
                guard inScope(card.region), Self.isUnsatisfied(card.rating) else { return false }
                return !Self.isFollowedUp(card, records: records)
            }
            .sorted { ($0.filledAt?.seconds ?? 0, $0.id) < ($1.filledAt?.seconds ?? 0, $1.id) }
            .map { card in
                UnansweredCard(
                    card: card.id, customer: card.customer, customerName: name(card.customer), region: card.region,
                    rating: card.rating, filledAt: card.filledAt)
            }

        returnVisits = Region.allCases.filter(inScope).map { region in
            Self.returnVisitPlan(region: region, records: records, customers: customers, now: now)
        }

        let kinds: Set<String> = ["customer", "visit", "opinion_card", "complaint"]
        untrusted = records.conflicted
            .filter { kinds.contains($0.kind) && ($0.region.map(inScope) ?? (scope == nil)) }
            .map { Untrusted(kind: $0.kind, id: $0.id, region: $0.region, fields: $0.fields) }
    }

    /// The card's words 不满意, or a score of 1 or 2 of 5.
    public static func isUnsatisfied(_ rating: Rating) -> Bool {
        switch rating {
        case .unsatisfied: true
        case .score(let score): score <= 2
        case .satisfied, .fairlySatisfied: false
        }
    }

    static func isFollowedUp(_ card: OpinionCard, records: ServiceRecords) -> Bool {
        let filled = card.filledAt?.seconds ?? Int64.min
        if records.complaints.contains(where: {
            $0.card == card.id || ($0.customer == card.customer && $0.receivedAt.seconds >= filled)
        }) {
            return true
        }
        return records.visits.contains { visit in
            guard visit.customer == card.customer, visit.id != card.visit else { return false }
            let when = visit.calledAt ?? visit.arrivedAt ?? visit.completedAt
            return (when?.seconds ?? Int64.min) >= filled
        }
    }

    static func returnVisitPlan(
        region: Region, records: ServiceRecords, customers: [RecordID: Customer], now: ServiceTime
    ) -> ReturnVisitPlan {
        let year = now.local.year
        func inYear(_ time: ServiceTime?) -> Bool { time.map { $0.local.year == year } ?? false }
        let visits = records.visits.filter { $0.region == region }
        func when(_ visit: Visit) -> ServiceTime? { visit.arrivedAt ?? visit.completedAt ?? visit.calledAt }
        let served = Set(visits.filter { inYear(when($0)) }.map(\.customer))
        let returned = Set(visits.filter { $0.kind == .returnVisit && inYear(when($0)) }.map(\.customer))
        let needed = (served.count * 5 + 99) / 100

        let complained = Set(records.complaints.filter { inYear($0.receivedAt) }.map(\.customer))
        let unhappy = Set(records.opinionCards.filter { isUnsatisfied($0.rating) && inYear($0.filledAt) }.map(\.customer))
        var lastVisit = [RecordID: ServiceTime]()
        for visit in records.visits {
            guard let time = when(visit) else { continue }
            if let known = lastVisit[visit.customer], known >= time { continue }
            lastVisit[visit.customer] = time
        }
        let candidates = served.subtracting(returned)
            .compactMap { id -> ReturnVisitCandidate? in
                // Only customers still in this region: one who moved is the new region's to visit.
                guard let customer = customers[id], customer.region == region else { return nil }
                let reason: VisitReason =
                    complained.contains(id) ? .complaint : unhappy.contains(id) ? .unsatisfiedCard : .longestWithoutVisit
                return ReturnVisitCandidate(customer: id, customerName: customer.name, reason: reason, lastVisit: lastVisit[id])
            }
            .sorted { a, b in
                let rank: (VisitReason) -> Int = { [.complaint, .unsatisfiedCard, .longestWithoutVisit].firstIndex(of: $0)! }
                return (rank(a.reason), a.lastVisit?.seconds ?? Int64.min, a.customer)
                    < (rank(b.reason), b.lastVisit?.seconds ?? Int64.min, b.customer)
            }
        return ReturnVisitPlan(
            region: region, year: year, customersServed: served.count, needed: needed, done: returned.count,
            candidates: candidates)
    }
}
