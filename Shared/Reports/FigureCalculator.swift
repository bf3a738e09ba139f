/// Computes the figures of one scope for one period: a plain function of the records.
///
/// Each method implements one `FigureKind`; its definition there is the contract.
struct FigureCalculator {
    /// Every record of the report's scope: a rework follow-up may be filed by another region.
    let everything: ServiceRecords
    /// The records of the section's scope.
    let records: ServiceRecords
    let period: ReportPeriod
    /// When the report is made; `nil` judges everything as at the end of the period.
    let asOf: ServiceTime?

    static let day: Int64 = 86_400
    static let reworkWindow: Int64 = 30 * day

    func figures() -> [Figure] {
        FigureKind.scored.map { kind in
            switch kind {
            case .onSite24h: onSite24h()
            case .firstTimeFix: firstTimeFix()
            case .rework: rework()
            case .complaintRate: complaintRate()
            case .complaintResolution: complaintResolution()
            case .complainantSatisfaction: complainantSatisfaction()
            case .customerSatisfaction: customerSatisfaction()
            case .majorComplaints: majorComplaints()
            case .returnVisits: returnVisits()
            case .score: preconditionFailure("the score is made from the other figures")
            }
        }
    }

    // MARK: Visits

    private var repairs: [Visit] { records.visits.filter { $0.kind == .repair } }

    /// The day a visit was attended: its arrival, or its completion when no arrival is recorded.
    static func attended(_ visit: Visit) -> ServiceTime? { visit.arrivedAt ?? visit.completedAt }

    /// Customers with a visit attended in `period` (each once), optionally of one kind only.
    private func customersServed(in period: ReportPeriod, kind: Visit.Kind? = nil) -> Set<RecordID> {
        var customers = Set<RecordID>()
        for visit in records.visits where kind == nil || visit.kind == kind {
            if let time = Self.attended(visit), period.contains(time) { customers.insert(visit.customer) }
        }
        return customers
    }

    /// Closed repair visits completed in the period.
    private var closedRepairs: [Visit] {
        repairs.filter { visit in
            visit.status == .closed && visit.completedAt.map(period.contains) == true
        }
    }

    func onSite24h() -> Figure {
        var onTime = 0
        var missed = [RecordID]()
        var pending = [RecordID]()
        for visit in repairs {
            guard let call = visit.calledAt, period.contains(call) else { continue }
            let deadline = call.seconds + Self.day
            if let arrival = visit.arrivedAt {
                if arrival.seconds <= deadline { onTime += 1 } else { missed.append(visit.id) }
            } else {
                // The call's own zone decides where "the end of the period" falls, as it decided the day.
                var cutoff = period.end(offset: call.offset)
                if let asOf { cutoff = min(cutoff, asOf.seconds) }
                if cutoff > deadline { missed.append(visit.id) } else { pending.append(visit.id) }
            }
        }
        return Figure(
            .onSite24h, numerator: onTime, denominator: onTime + missed.count, missed: missed, pending: pending)
    }

    func firstTimeFix() -> Figure {
        var fixed = 0
        var missed = [RecordID]()
        var pending = [RecordID]()
        for visit in closedRepairs {
            switch visit.firstTimeFix {
            case true?: fixed += 1
            case false?: missed.append(visit.id)
            case nil: pending.append(visit.id)
            }
        }
        return Figure(
            .firstTimeFix, numerator: fixed, denominator: fixed + missed.count, missed: missed, pending: pending)
    }

    func rework() -> Figure {
        var callsByCustomer = [RecordID: [ServiceTime]]()
        for visit in everything.visits where visit.kind == .repair {
            if let call = visit.calledAt { callsByCustomer[visit.customer, default: []].append(call) }
        }
        let closed = closedRepairs
        var reworked = [RecordID]()
        for visit in closed where visit.firstTimeFix != false {
            guard let completed = visit.completedAt?.seconds else { continue }
            let calls = callsByCustomer[visit.customer] ?? []
            if calls.contains(where: { $0.seconds > completed && $0.seconds - completed <= Self.reworkWindow }) {
                reworked.append(visit.id)
            }
        }
        return Figure(.rework, numerator: reworked.count, denominator: closed.count, missed: reworked)
    }

    // MARK: Complaints

    private var complaintsReceived: [Complaint] { records.complaints.filter { period.contains($0.receivedAt) } }

    func complaintRate() -> Figure {
        let received = complaintsReceived
        return Figure(
            .complaintRate, numerator: received.count, denominator: customersServed(in: period).count,
            missed: received.map(\.id))
    }

    func complaintResolution() -> Figure {
        let received = complaintsReceived
        let open = received.filter { $0.status == .open }
        return Figure(
            .complaintResolution, numerator: received.count - open.count, denominator: received.count,
            missed: open.map(\.id))
    }

    func complainantSatisfaction() -> Figure {
        var satisfied = 0
        var missed = [RecordID]()
        var pending = [RecordID]()
        for complaint in complaintsReceived where complaint.status == .resolved {
            switch complaint.complainantSatisfied {
            case true?: satisfied += 1
            case false?: missed.append(complaint.id)
            case nil: pending.append(complaint.id)
            }
        }
        return Figure(
            .complainantSatisfaction, numerator: satisfied, denominator: satisfied + missed.count, missed: missed,
            pending: pending)
    }

    func majorComplaints() -> Figure {
        let year = period.yearToDate
        let major = records.complaints.filter { $0.severity == .major && year.contains($0.receivedAt) }
        return Figure(.majorComplaints, numerator: major.count, denominator: nil, missed: major.map(\.id))
    }

    // MARK: Customers

    func customerSatisfaction() -> Figure {
        var visitDates = [RecordID: ServiceTime]()
        for visit in everything.visits { visitDates[visit.id] = Self.attended(visit) }
        var satisfied = 0
        var missed = [RecordID]()
        for card in records.opinionCards {
            guard let date = card.filledAt ?? card.visit.flatMap({ visitDates[$0] }), period.contains(date) else {
                continue
            }
            if Self.isSatisfied(card.rating) { satisfied += 1 } else { missed.append(card.id) }
        }
        return Figure(
            .customerSatisfaction, numerator: satisfied, denominator: satisfied + missed.count, missed: missed)
    }

    /// 满意, or a score of 4 or 5; 基本满意, 不满意 and scores 1–3 are not.
    static func isSatisfied(_ rating: Rating) -> Bool {
        switch rating {
        case .satisfied: true
        case .fairlySatisfied, .unsatisfied: false
        case .score(let score): score >= 4
        }
    }

    func returnVisits() -> Figure {
        let year = period.yearToDate
        return Figure(
            .returnVisits, numerator: customersServed(in: year, kind: .returnVisit).count,
            denominator: customersServed(in: year).count)
    }
}
