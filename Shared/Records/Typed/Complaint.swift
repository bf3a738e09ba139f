/// 投诉: a complaint, opened by the office or a technician and worked on by several people.
public struct Complaint: ServiceRecord, Hashable {
    public static let kind = RecordKind.complaint

    public enum Channel: String, Codable, Sendable {
        case phone, web, visit, letter
        case opinionCard = "opinion-card"
    }

    public enum Severity: String, Codable, Sendable { case general, major }

    public enum Status: String, Codable, Sendable { case open, resolved }

    public var id: RecordID
    public var customer: RecordID
    public var region: Region
    public var channel: Channel
    public var severity: Severity
    public var receivedAt: ServiceTime
    public var description: String
    public var visit: RecordID?
    public var card: RecordID?
    public var handler: String?
    public var resolution: String?
    public var resolvedAt: ServiceTime?
    /// 反馈: what the complainant was told.
    public var feedback: String?
    public var complainantSatisfied: Bool?
    /// 预防措施.
    public var preventiveAction: String?
    public var status: Status

    enum CodingKeys: String, CodingKey {
        case id, customer, region, channel, severity, description, visit, card, handler, resolution, feedback, status
        case receivedAt = "received_at", resolvedAt = "resolved_at"
        case complainantSatisfied = "complainant_satisfied", preventiveAction = "preventive_action"
    }
}
