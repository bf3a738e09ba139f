/// What a dispatch room (调度室) must do today so the month's figures come out right
/// (manual 3.0 §4.1, 6.0, 7.0): a plain function of the records and the time now.
///
/// ```swift
/// let due = DueList(records: ServiceRecords(wireRecords), now: now, scope: .north)
/// due.repairs.first?.hoursLeft   // negative: past the 24-hour target
/// ```
public struct DueList: Sendable, Codable {
    /// A repair call with no arrival yet.
    public struct RepairCall: Sendable, Codable, Hashable {
        public let visit: RecordID
        public let customer: RecordID
        public let customerName: String?
        public let region: Region
        /// The technician the call is dispatched to, when named.
        public let technician: String?
        public let calledAt: ServiceTime
        /// Hours left to the 24-hour target; negative once past it.
        public let hoursLeft: Double
        public var isOverdue: Bool { hoursLeft < 0 }
    }

    /// An installation whose 72-hour commissioning result is not recorded.
    public struct Commissioning: Sendable, Codable, Hashable {
        public let visit: RecordID
        public let customer: RecordID
        public let customerName: String?
        public let region: Region
        /// The installer, when named.
        public let technician: String?
        /// When the 72 hours started (completion, else arrival); nil if the installer has not arrived.
        public let startedAt: ServiceTime?
        /// Hours until the 72-hour result is due; negative once it is late; nil when not started.
        public let hoursLeft: Double?
    }

    /// A complaint the complainant has had no feedback on (反馈).
    public struct Feedback: Sendable, Codable, Hashable {
        public let complaint: RecordID
        public let customer: RecordID
        public let customerName: String?
        public let region: Region
        public let receivedAt: ServiceTime
        public let isMajor: Bool
        /// Major complaints go to the general manager (manual 6.0).
        public var forGeneralManager: Bool { isMajor }
        public let ageHours: Double
    }

    /// An opinion card rated unsatisfied that no complaint or later visit follows up.
    public struct UnansweredCard: Sendable, Codable, Hashable {
        public let card: RecordID
        public let customer: RecordID
        public let customerName: String?
        public let region: Region
        public let rating: Rating
        public let filledAt: ServiceTime?
    }

    /// Why a customer should get a return visit soon.
    public enum VisitReason: String, Sendable, Codable, Hashable {
        /// A complaint this year.
        case complaint
        /// An unsatisfied opinion card this year.
        case unsatisfiedCard = "unsatisfied_card"
        /// Longest without any visit.
        case longestWithoutVisit = "longest_without_visit"

        public var message: Message {
            switch self {
            case .complaint: Message("complained this year", zh: "今年有投诉")
            case .unsatisfiedCard: Message("unsatisfied opinion card this year", zh: "今年意见卡不满意")
            case .longestWithoutVisit: Message("longest without a visit", zh: "最久未上门")
            }
        }
    }

    /// A customer proposed for a return visit, with why.
    public struct ReturnVisitCandidate: Sendable, Codable, Hashable {
        public let customer: RecordID
        public let customerName: String
        public let reason: VisitReason
        public let lastVisit: ServiceTime?
    }

    /// How far a region is from return visits to 5% of the customers it served this year (7.0 §4.5).
    public struct ReturnVisitPlan: Sendable, Codable, Hashable {
        public let region: Region
        public let year: Int
        /// Distinct customers with a visit of this region attended this year.
        public let customersServed: Int
        /// 5% of them, rounded up: one as soon as one customer was served.
        public let needed: Int
        /// Distinct customers with a return visit of this region attended this year.
        public let done: Int
        public var remaining: Int { max(0, needed - done) }
        /// Customers the region holds now, served this year, without a return visit this year, most urgent first.
        public let candidates: [ReturnVisitCandidate]
    }

    /// A record the lists rely on that has an open conflict: not to be trusted until settled.
    public struct Untrusted: Sendable, Codable, Hashable {
        public let kind: String
        public let id: RecordID
        public let region: Region?
        public let fields: [String]
    }

    public let now: ServiceTime
    /// The technician the list was made for (`due --mine`, `--technician`); nil for a whole region.
    public let technician: String?
    public let repairs: [RepairCall]
    public let commissioning: [Commissioning]
    public let feedback: [Feedback]
    public let unansweredCards: [UnansweredCard]
    public let returnVisits: [ReturnVisitPlan]
    public let untrusted: [Untrusted]
}
