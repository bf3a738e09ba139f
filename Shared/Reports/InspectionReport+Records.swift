/// The records an inspection report lists: the ones behind a miss, and the month's complaints.
extension InspectionReport {
    /// A record that counts against a target, with the detail that says why.
    ///
    /// Only the fields that matter for the record's kind and figure are present (JSON
    /// leaves the others out): a late visit has its call, arrival and hours late; a
    /// reworked repair its completion and the call that followed; a complaint its
    /// receipt, severity and state; a card its rating and what the customer wrote.
    public struct MissedRecord: Hashable, Sendable, Codable {
        /// `visit`, `complaint` or `opinion_card`.
        public let kind: RecordKind
        /// The record's id.
        public let id: RecordID
        /// The office the record belongs to.
        public let region: Region
        /// The customer concerned.
        public let customer: RecordID
        /// The customer's name, when this replica holds the customer's file.
        public let customerName: String?
        /// The technician of a visit, or the handler of a complaint.
        public var who: String?
        /// The time the figure judges the record by: the call, the completion, the receipt, the filling.
        public var time: ServiceTime?
        /// A visit's repair call (报修时间).
        public var calledAt: ServiceTime?
        /// A visit's arrival; absent when nobody has arrived.
        public var arrivedAt: ServiceTime?
        /// A visit's completion.
        public var completedAt: ServiceTime?
        /// Hours past the 24-hour target: at arrival, or at the report's cut-off without one.
        public var hoursLate: Double?
        /// The repair call that made a repair rework.
        public var followUp: RecordID?
        /// When that call came in.
        public var followUpCalledAt: ServiceTime?
        /// A complaint's severity.
        public var severity: Complaint.Severity?
        /// A complaint's state now.
        public var state: ComplaintState?
        /// What the complaint or the card's complaint says.
        public var text: String?
        /// A card's rating.
        public var rating: Rating?
        /// Why the record counts against the target, in both languages.
        public let why: Wording
        /// The record's photos and scans, oldest first; absent when it has none.
        public var attachments: [AttachmentSummary]?

        init(kind: RecordKind, id: RecordID, region: Region, customer: RecordID, customerName: String?, why: Message) {
            self.kind = kind
            self.id = id
            self.region = region
            self.customer = customer
            self.customerName = customerName
            self.why = Wording(why)
        }

        enum CodingKeys: String, CodingKey {
            case kind, id, region, customer, who, time, severity, state, text, rating, why, attachments
            case customerName = "customer_name"
            case calledAt = "called_at"
            case arrivedAt = "arrived_at"
            case completedAt = "completed_at"
            case hoursLate = "hours_late"
            case followUp = "follow_up"
            case followUpCalledAt = "follow_up_called_at"
        }
    }

    /// Where a complaint stands: handled, fed back, and whether the complainant was satisfied.
    public enum ComplaintState: String, Hashable, Sendable, Codable {
        /// Not resolved yet (处理中).
        case open
        /// Resolved, but the complainant has not been told (no 反馈 recorded).
        case resolvedWithoutFeedback = "resolved_without_feedback"
        /// Resolved and fed back; whether the complainant is satisfied is not recorded.
        case resolvedSatisfactionUnknown = "resolved_satisfaction_unknown"
        /// Resolved, and the complainant is satisfied.
        case resolvedSatisfied = "resolved_satisfied"
        /// Resolved, but the complainant is not satisfied.
        case resolvedUnsatisfied = "resolved_unsatisfied"

        /// The state of `complaint`: a recorded answer of the complainant decides first, then feedback.
        public init(_ complaint: Complaint) {
            guard complaint.status == .resolved else {
                self = .open
                return
            }
            switch complaint.complainantSatisfied {
            case true?: self = .resolvedSatisfied
            case false?: self = .resolvedUnsatisfied
            case nil:
                let told = !(complaint.feedback ?? "").trimmingWhitespace().isEmpty
                self = told ? .resolvedSatisfactionUnknown : .resolvedWithoutFeedback
            }
        }

        /// The state as a reader says it.
        public func name(in language: Language) -> String {
            switch (self, language) {
            case (.open, .english): "open"
            case (.open, .chinese): "处理中"
            case (.resolvedWithoutFeedback, .english): "resolved, no feedback yet"
            case (.resolvedWithoutFeedback, .chinese): "已解决，未反馈"
            case (.resolvedSatisfactionUnknown, .english): "resolved, satisfaction not recorded"
            case (.resolvedSatisfactionUnknown, .chinese): "已解决，满意度未记录"
            case (.resolvedSatisfied, .english): "resolved, complainant satisfied"
            case (.resolvedSatisfied, .chinese): "已解决，投诉人满意"
            case (.resolvedUnsatisfied, .english): "resolved, complainant NOT satisfied"
            case (.resolvedUnsatisfied, .chinese): "已解决，投诉人不满意"
            }
        }
    }

    /// A complaint received in the month, with its state now.
    public struct ComplaintEntry: Hashable, Sendable, Codable {
        /// The complaint's id.
        public let id: RecordID
        /// The office handling it.
        public let region: Region
        /// The complainant's customer file.
        public let customer: RecordID
        /// The customer's name, when known.
        public let customerName: String?
        /// How it came in: phone, web, visit, letter, opinion card.
        public let channel: Complaint.Channel
        /// General or major (重大).
        public let severity: Complaint.Severity
        /// When it was received.
        public let receivedAt: ServiceTime
        /// What the customer complained of.
        public let description: String
        /// Who handles it.
        public let handler: String?
        /// Open, resolved, fed back, complainant satisfied or not.
        public let state: ComplaintState
        /// When it was resolved.
        public let resolvedAt: ServiceTime?
        /// Days from receipt to resolution, or for an open one to when the report is made (else the month's end).
        public let days: Double
        /// The complaint's photos and scans, oldest first; absent when it has none.
        public var attachments: [AttachmentSummary]? = nil

        enum CodingKeys: String, CodingKey {
            case id, region, customer, channel, severity, description, handler, state, days, attachments
            case customerName = "customer_name"
            case receivedAt = "received_at"
            case resolvedAt = "resolved_at"
        }
    }
}
