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
    /// - Return visits, per region, counted as the return-visit figure counts them: customers
    ///   served = distinct customers with a visit of the region attended (arrival, else
    ///   completion) in `now`'s year, each time judged in its own zone; done = those of them
    ///   with a return visit of the region; needed = ⌈5%⌉ of those served, so one as soon as
    ///   one customer was served. Candidates are the customers whose file puts them in the
    ///   region now, served this year by any office, with no return visit this year: first
    ///   those with a complaint this year, then an unsatisfied card this year, then the
    ///   longest without a visit. A customer who moved is proposed by the new region only.
    /// - Untrusted: records of these kinds with open conflicts.
    ///
    /// With a `technician` (compared without case and surrounding spaces), only that
    /// technician's work: repairs and installations dispatched to them, complaints they
    /// handle, unsatisfied cards of their visits, and the conflicts among those records; the
    /// return-visit plan is the office's and is left out.
    public init(records: ServiceRecords, now: ServiceTime, scope: Region?, technician: String? = nil) {
        self.now = now
        self.technician = technician
        let inScope: (Region) -> Bool = { scope == nil || scope == $0 }
        let isMine: (String?) -> Bool = { name in
            guard let technician else { return true }
            return RecordFilter.samePerson(name, technician)
        }
        let customers = Dictionary(records.customers.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let name: (RecordID) -> String? = { customers[$0]?.name }
        let hours: (ServiceTime, ServiceTime) -> Double = { Double($0.seconds - $1.seconds) / 3600 }

        repairs = records.visits
            .filter {
                $0.kind == .repair && $0.arrivedAt == nil && $0.calledAt != nil && $0.status == .open
                    && inScope($0.region) && isMine($0.technician)
            }
            // By the instant (`seconds`): ServiceTime's `==` also compares zones, which would
            // make a tuple comparison of two calls at the same instant in different zones inconsistent.
            .sorted { ($0.calledAt!.seconds, $0.id) < ($1.calledAt!.seconds, $1.id) }
            .map { visit in
                RepairCall(
                    visit: visit.id, customer: visit.customer, customerName: name(visit.customer), region: visit.region,
                    technician: visit.technician, calledAt: visit.calledAt!, hoursLeft: 24 - hours(now, visit.calledAt!)
                )
            }

        commissioning = records.visits
            .filter {
                $0.kind == .installation && $0.commissioning == nil && inScope($0.region) && isMine($0.technician)
            }
            .map { visit -> Commissioning in
                let start = visit.completedAt ?? visit.arrivedAt
                return Commissioning(
                    visit: visit.id, customer: visit.customer, customerName: name(visit.customer), region: visit.region,
                    technician: visit.technician, startedAt: start, hoursLeft: start.map { 72 - hours(now, $0) })
            }
            .sorted { ($0.startedAt?.seconds ?? .max, $0.visit) < ($1.startedAt?.seconds ?? .max, $1.visit) }

        feedback = records.complaints
            .filter { ($0.feedback ?? "").trimmingWhitespace().isEmpty && inScope($0.region) && isMine($0.handler) }
            .sorted { ($0.receivedAt.seconds, $0.id) < ($1.receivedAt.seconds, $1.id) }
            .map { complaint in
                Feedback(
                    complaint: complaint.id, customer: complaint.customer, customerName: name(complaint.customer),
                    region: complaint.region, receivedAt: complaint.receivedAt, isMajor: complaint.severity == .major,
                    ageHours: hours(now, complaint.receivedAt))
            }

        let mineVisits = Set(records.visits.filter { technician != nil && isMine($0.technician) }.map(\.id))
        let followUps = FollowUps(records)
        unansweredCards = records.opinionCards
            .filter { card in
                guard inScope(card.region), Self.isUnsatisfied(card.rating) else { return false }
                if technician != nil, !(card.visit.map(mineVisits.contains) ?? false) { return false }
                return !followUps.follow(card)
            }
            .sorted { ($0.filledAt?.seconds ?? 0, $0.id) < ($1.filledAt?.seconds ?? 0, $1.id) }
            .map { card in
                UnansweredCard(
                    card: card.id, customer: card.customer, customerName: name(card.customer), region: card.region,
                    rating: card.rating, filledAt: card.filledAt)
            }

        returnVisits =
            technician != nil
            ? []
            : Region.allCases.filter(inScope).map { region in
                Self.returnVisitPlan(region: region, records: records, customers: customers, now: now)
            }

        let kinds: Set<String> = ["customer", "visit", "opinion_card", "complaint"]
        var listed: Set<RecordID>?
        if technician != nil {
            listed = mineVisits.union(feedback.map(\.complaint)).union(unansweredCards.map(\.card))
                .union(repairs.map(\.customer)).union(commissioning.map(\.customer))
        }
        untrusted = records.conflicted
            .filter { kinds.contains($0.kind) && ($0.region.map(inScope) ?? (scope == nil)) }
            .filter { record in listed.map { $0.contains(record.id) } ?? true }
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

    /// The complaints and visits that can follow up a card, by customer, so each card is checked
    /// against its own customer's records rather than against every record.
    struct FollowUps {
        var cardsNamed = Set<RecordID>()
        var complaintTimes = [RecordID: [Int64]]()
        var visits = [RecordID: [(id: RecordID, time: Int64)]]()

        init(_ records: ServiceRecords) {
            for complaint in records.complaints {
                if let card = complaint.card { cardsNamed.insert(card) }
                complaintTimes[complaint.customer, default: []].append(complaint.receivedAt.seconds)
            }
            for visit in records.visits {
                let when = visit.calledAt ?? visit.arrivedAt ?? visit.completedAt
                visits[visit.customer, default: []].append((visit.id, when?.seconds ?? Int64.min))
            }
        }

        /// Whether a complaint names `card`, or a complaint or another visit of its customer
        /// comes from the time the card was filled on (any time, for a card without a date).
        func follow(_ card: OpinionCard) -> Bool {
            let filled = card.filledAt?.seconds ?? Int64.min
            if cardsNamed.contains(card.id) { return true }
            if complaintTimes[card.customer, default: []].contains(where: { $0 >= filled }) { return true }
            return visits[card.customer, default: []].contains { $0.id != card.visit && $0.time >= filled }
        }
    }

    static func returnVisitPlan(
        region: Region, records: ServiceRecords, customers: [RecordID: Customer], now: ServiceTime
    ) -> ReturnVisitPlan {
        let year = now.local.year
        // Served and visited as the return-visit figure counts them: attended (arrival, else
        // completion) in the year, so a call still waiting or a visit not made yet counts for nothing.
        func attendedThisYear(_ visit: Visit) -> Bool {
            FigureCalculator.attended(visit).map { $0.local.year == year } ?? false
        }
        func inYear(_ time: ServiceTime?) -> Bool { time.map { $0.local.year == year } ?? false }
        let thisYear = records.visits.filter(attendedThisYear)
        let ownVisits = thisYear.filter { $0.region == region }
        let served = Set(ownVisits.map(\.customer))
        let done = Set(ownVisits.filter { $0.kind == .returnVisit }.map(\.customer))
        let needed = (served.count * 5 + 99) / 100

        // Candidates are the region's customers as their file says now, served this year by any
        // office: one who moved is the new region's to visit, even if only the old one served them.
        let servedAnywhere = Set(thisYear.map(\.customer))
        let returnedAnywhere = Set(thisYear.filter { $0.kind == .returnVisit }.map(\.customer))
        let complained = Set(records.complaints.filter { inYear($0.receivedAt) }.map(\.customer))
        let unhappy = Set(
            records.opinionCards.filter { isUnsatisfied($0.rating) && inYear($0.filledAt) }.map(\.customer))
        var lastVisit = [RecordID: ServiceTime]()
        for visit in records.visits {
            guard let time = FigureCalculator.attended(visit) else { continue }
            if let known = lastVisit[visit.customer], known >= time { continue }
            lastVisit[visit.customer] = time
        }
        let candidates = servedAnywhere.subtracting(returnedAnywhere)
            .compactMap { id -> ReturnVisitCandidate? in
                guard let customer = customers[id], customer.region == region else { return nil }
                let reason: VisitReason =
                    complained.contains(id)
                    ? .complaint : unhappy.contains(id) ? .unsatisfiedCard : .longestWithoutVisit
                return ReturnVisitCandidate(
                    customer: id, customerName: customer.name, reason: reason, lastVisit: lastVisit[id])
            }
            .sorted { a, b in
                let rank: (VisitReason) -> Int = {
                    [.complaint, .unsatisfiedCard, .longestWithoutVisit].firstIndex(of: $0)!
                }
                return (rank(a.reason), a.lastVisit?.seconds ?? Int64.min, a.customer)
                    < (rank(b.reason), b.lastVisit?.seconds ?? Int64.min, b.customer)
            }
        return ReturnVisitPlan(
            region: region, year: year, customersServed: served.count, needed: needed, done: done.count,
            candidates: candidates)
    }
}
