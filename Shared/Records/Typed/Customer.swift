/// 客户档案: a customer's file, edited over years by the office and technicians.
public struct Customer: ServiceRecord, Hashable {
    public static let kind = RecordKind.customer

    /// A line of the products the customer ordered.
    public struct ProductOrder: Codable, Hashable, Sendable {
        public var product: String
        public var model: String?
        public var quantity: Int
    }

    public var id: RecordID
    public var name: String
    public var region: Region
    public var contact: String?
    public var phone: String?
    public var address: String?
    public var products: [ProductOrder]?
    public var training: String?
}
