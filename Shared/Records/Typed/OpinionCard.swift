/// 意见卡: the customer's opinion card, filled once and immutable afterwards.
public struct OpinionCard: ServiceRecord, Hashable {
    public static let kind = RecordKind.opinionCard

    public var id: RecordID
    public var customer: RecordID
    public var visit: RecordID?
    public var region: Region
    public var rating: Rating
    public var praise: String?
    public var complaintText: String?
    public var filledBy: String?
    public var filledAt: ServiceTime?

    enum CodingKeys: String, CodingKey {
        case id, customer, visit, region, rating, praise
        case complaintText = "complaint_text", filledBy = "filled_by", filledAt = "filled_at"
    }
}
