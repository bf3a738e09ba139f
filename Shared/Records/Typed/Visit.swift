/// 上门服务: a delivery, installation, repair, maintenance, return visit or training on site.
public struct Visit: ServiceRecord, Hashable {
    public static let kind = RecordKind.visit

    public enum Kind: String, Codable, Sendable {
        case delivery, installation, repair, maintenance, training
        case returnVisit = "return-visit"
    }

    public enum Status: String, Codable, Sendable { case open, closed }

    public enum Commissioning: String, Codable, Sendable { case passed, failed }

    public struct PartUsed: Codable, Hashable, Sendable {
        public var part: String
        public var quantity: Int
    }

    public var id: RecordID
    public var customer: RecordID
    public var kind: Kind
    public var region: Region
    public var technician: String?
    /// 报修时间: when the repair call came in.
    public var calledAt: ServiceTime?
    public var arrivedAt: ServiceTime?
    public var completedAt: ServiceTime?
    public var workDone: String?
    public var partsUsed: [PartUsed]?
    /// 一次成功: fixed on the first visit.
    public var firstTimeFix: Bool?
    /// The 72-hour commissioning result of an installation.
    public var commissioning: Commissioning?
    public var status: Status

    enum CodingKeys: String, CodingKey {
        case id, customer, kind, region, technician, status, commissioning
        case calledAt = "called_at", arrivedAt = "arrived_at", completedAt = "completed_at"
        case workDone = "work_done", partsUsed = "parts_used", firstTimeFix = "first_time_fix"
    }
}
