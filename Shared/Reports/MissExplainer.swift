/// Finds what explains each miss: a plain function of the month's records.
struct MissExplainer {
    let records: ServiceRecords
    let period: ReportPeriod
    let asOf: ServiceTime?
    private let names: [RecordID: String]
    private let visits: [RecordID: Visit]
    private let complaints: [RecordID: Complaint]
    private let cards: [RecordID: OpinionCard]
    private let repairCalls: [RecordID: [Visit]]

    init(records: ServiceRecords, period: ReportPeriod, asOf: ServiceTime?) {
        self.records = records
        self.period = period
        self.asOf = asOf
        names = Dictionary(records.customers.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        visits = Dictionary(records.visits.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        complaints = Dictionary(records.complaints.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        cards = Dictionary(records.opinionCards.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var calls = [RecordID: [Visit]]()
        for visit in records.visits where visit.kind == .repair && visit.calledAt != nil {
            calls[visit.customer, default: []].append(visit)
        }
        repairCalls = calls.mapValues { $0.sorted { ($0.calledAt!.seconds, $0.id) < ($1.calledAt!.seconds, $1.id) } }
    }

    /// The end of the figures' judging: the month's end in `offset`'s zone, or `asOf` when earlier.
    private func cutoff(offset: Int) -> Int64 {
        let end = period.end(offset: offset)
        return asOf.map { min(end, $0.seconds) } ?? end
    }

    func miss(_ figure: Figure) -> InspectionReport.FigureMiss {
        let explained = figure.missed.compactMap { explain($0, figure: figure.id) }
            .sorted { ($0.time?.seconds ?? .min, $0.id) < ($1.time?.seconds ?? .min, $1.id) }
        var note: Message?
        if figure.id == .returnVisits, let served = figure.denominator {
            let needed = (served * 5 + 99) / 100
            let more = max(0, needed - figure.numerator)
            note = Message(
                "\(figure.numerator) of \(served) customers served this year had a return visit: "
                    + "\(more) more needed to reach 5% (\(needed))",
                zh: "今年服务客户 \(served) 家，已回访 \(figure.numerator) 家：还需回访 \(more) 家才能达到 5%（\(needed) 家）")
        }
        return InspectionReport.FigureMiss(
            figure: figure.id, numerator: figure.numerator, denominator: figure.denominator, value: figure.value,
            target: figure.target, records: explained, note: note.map(InspectionReport.Wording.init))
    }

    private func explain(_ id: RecordID, figure: FigureKind) -> InspectionReport.MissedRecord? {
        var record: InspectionReport.MissedRecord
        if let visit = visits[id] {
            record = explain(visit, figure: figure)
        } else if let complaint = complaints[id] {
            record = explain(complaint, figure: figure)
        } else if let card = cards[id] {
            record = explain(card)
        } else {
            return nil
        }
        record.attachments = attachments(of: id)
        return record
    }

    /// The photos and scans of `id`; `nil` when it has none, so JSON leaves the key out.
    private func attachments(of id: RecordID) -> [AttachmentSummary]? {
        records.attachments[id].flatMap { $0.isEmpty ? nil : $0 }
    }

    private func explain(_ visit: Visit, figure: FigureKind) -> InspectionReport.MissedRecord {
        var why: Message
        var hoursLate: Double?
        var followUp: Visit?
        var time = visit.completedAt
        switch figure {
        case .onSite24h:
            time = visit.calledAt
            let call = visit.calledAt?.seconds ?? 0
            if let arrival = visit.arrivedAt {
                let hours = Double(arrival.seconds - call) / 3600
                hoursLate = hours - 24
                why = Message(
                    "on site \(Self.hours(hours)) h after the call: \(Self.hours(hours - 24)) h late",
                    zh: "报修后 \(Self.hours(hours)) 小时到场，超时 \(Self.hours(hours - 24)) 小时")
            } else {
                let late = Double(cutoff(offset: visit.calledAt?.offset ?? 0) - call - 86_400) / 3600
                hoursLate = late
                why = Message(
                    "nobody on site yet: \(Self.hours(late)) h past the 24-hour target",
                    zh: "至今无人到场：已超过 24 小时时限 \(Self.hours(late)) 小时")
            }
        case .rework:
            let completed = visit.completedAt?.seconds ?? 0
            followUp = repairCalls[visit.customer]?.first { call in
                let called = call.calledAt!.seconds
                return called > completed && called - completed <= FigureCalculator.reworkWindow
            }
            if let followUp, let called = followUp.calledAt {
                let days = Double(called.seconds - completed) / 86_400
                why = Message(
                    "the customer called again \(Self.hours(days)) days after the repair was completed",
                    zh: "维修完成 \(Self.hours(days)) 天后客户再次报修")
            } else {
                why = Message("the customer called again within 30 days", zh: "30 天内客户再次报修")
            }
        default:  // first-time fix
            why = Message(
                "not fixed the first time" + (visit.workDone.map { ": \($0)" } ?? ""),
                zh: "未一次修好" + (visit.workDone.map { "：\($0)" } ?? ""))
        }
        var record = InspectionReport.MissedRecord(
            kind: .visit, id: visit.id, region: visit.region, customer: visit.customer,
            customerName: names[visit.customer], why: why)
        record.who = visit.technician
        record.time = time
        record.calledAt = visit.calledAt
        record.arrivedAt = visit.arrivedAt
        record.completedAt = visit.completedAt
        record.hoursLate = hoursLate
        record.followUp = followUp?.id
        record.followUpCalledAt = followUp?.calledAt
        return record
    }

    private func explain(_ complaint: Complaint, figure: FigureKind) -> InspectionReport.MissedRecord {
        let state = InspectionReport.ComplaintState(complaint)
        let severity = complaint.severity == .major ? Message("major", zh: "重大") : Message("general", zh: "一般")
        let why: Message
        switch figure {
        case .complaintResolution:
            // Its state is today's, so its age is too (the month's end when no moment is given).
            let now = asOf?.seconds ?? period.end(offset: complaint.receivedAt.offset)
            let days = max(0, Double(now - complaint.receivedAt.seconds) / 86_400)
            why = Message(
                "still open \(Self.hours(days)) days after it was received",
                zh: "受理后 \(Self.hours(days)) 天仍未解决")
        case .complainantSatisfaction:
            why = Message(
                "resolved, but the complainant is not satisfied" + (complaint.resolution.map { ": \($0)" } ?? ""),
                zh: "已解决，但投诉人不满意" + (complaint.resolution.map { "：\($0)" } ?? ""))
        case .majorComplaints:
            why = Message(
                "major complaint (\(state.name(in: .english)))", zh: "重大投诉（\(state.name(in: .chinese))）")
        default:  // complaint rate
            why = Message(
                "\(severity.english) complaint by \(complaint.channel.rawValue) (\(state.name(in: .english)))",
                zh: "\(severity.chinese)投诉，\(Self.channel(complaint.channel))（\(state.name(in: .chinese))）")
        }
        var record = InspectionReport.MissedRecord(
            kind: .complaint, id: complaint.id, region: complaint.region, customer: complaint.customer,
            customerName: names[complaint.customer], why: why)
        record.who = complaint.handler
        record.time = complaint.receivedAt
        record.severity = complaint.severity
        record.state = state
        record.text = complaint.description
        return record
    }

    private func explain(_ card: OpinionCard) -> InspectionReport.MissedRecord {
        let rating = Self.rating(card.rating)
        var record = InspectionReport.MissedRecord(
            kind: .opinionCard, id: card.id, region: card.region, customer: card.customer,
            customerName: names[card.customer],
            why: Message("card rated \(rating.english), not 满意", zh: "意见卡评价为“\(rating.chinese)”，未达“满意”"))
        record.who = card.filledBy
        record.time = card.filledAt ?? card.visit.flatMap { visits[$0] }.flatMap(FigureCalculator.attended)
        record.rating = card.rating
        record.text = card.complaintText
        return record
    }

    func entry(_ complaint: Complaint) -> InspectionReport.ComplaintEntry {
        let received = complaint.receivedAt.seconds
        let end = complaint.resolvedAt?.seconds ?? asOf?.seconds ?? period.end(offset: complaint.receivedAt.offset)
        return InspectionReport.ComplaintEntry(
            id: complaint.id, region: complaint.region, customer: complaint.customer,
            customerName: names[complaint.customer], channel: complaint.channel, severity: complaint.severity,
            receivedAt: complaint.receivedAt, description: complaint.description, handler: complaint.handler,
            state: InspectionReport.ComplaintState(complaint), resolvedAt: complaint.resolvedAt,
            days: max(0, Double(end - received) / 86_400), attachments: attachments(of: complaint.id))
    }

    /// `6.5`: hours or days to one decimal.
    static func hours(_ value: Double) -> String { ServiceReport.decimal(value, places: 1) }

    /// A rating as the card says it: 不满意 / unsatisfied, or `2 of 5`.
    static func rating(_ rating: Rating) -> Message {
        switch rating {
        case .satisfied: Message("satisfied", zh: "满意")
        case .fairlySatisfied: Message("fairly satisfied", zh: "基本满意")
        case .unsatisfied: Message("unsatisfied", zh: "不满意")
        case .score(let score): Message("\(score) of 5", zh: "\(score) 分（满分 5 分）")
        }
    }

    /// A channel in Chinese.
    static func channel(_ channel: Complaint.Channel) -> String {
        switch channel {
        case .phone: "电话"
        case .web: "网站"
        case .visit: "上门"
        case .letter: "信函"
        case .opinionCard: "意见卡"
        }
    }
}
