/// 备品备件: a part supplied to a customer, usually on a visit.
public struct PartSupply: ServiceRecord, Hashable {
    public static let kind = RecordKind.partSupply

    public var id: RecordID
    public var customer: RecordID
    public var visit: RecordID?
    public var region: Region
    public var part: String
    public var quantity: Int
    public var suppliedAt: ServiceTime?

    enum CodingKeys: String, CodingKey {
        case id, customer, visit, region, part, quantity
        case suppliedAt = "supplied_at"
    }
}
