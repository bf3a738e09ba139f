/// The five kinds of record the manual keeps (DESIGN.md §1).
public enum RecordKind: String, CaseIterable, Codable, Sendable {
    /// 客户档案: a customer's file.
    case customer
    /// 上门服务: a delivery, installation, repair, maintenance, return visit or training.
    case visit
    /// 意见卡: the customer's opinion card, immutable once filled.
    case opinionCard = "opinion_card"
    /// 投诉: a complaint and how it was handled.
    case complaint
    /// 备品备件: a part supplied to a customer.
    case partSupply = "part_supply"
    /// 附件: a photo or scan of another record; its bytes travel on their own track.
    case attachment

    /// The word the CLI uses: `customer`, `visit`, `card`, `complaint`, `part`.
    public var commandName: String {
        switch self {
        case .customer: "customer"
        case .visit: "visit"
        case .opinionCard: "card"
        case .complaint: "complaint"
        case .partSupply: "part"
        case .attachment: "attachment"
        }
    }

    /// Parses the CLI word, the stored name, or the Chinese name.
    public init?(parsing text: String) {
        let key = text.trimmingWhitespace().lowercased()
        guard
            let kind = RecordKind.allCases.first(where: {
                $0.rawValue == key || $0.commandName == key || $0.chineseName == key
                    || $0.rawValue.replacingUnderscores() == key
            })
        else { return nil }
        self = kind
    }

    public var chineseName: String {
        switch self {
        case .customer: "客户"
        case .visit: "上门服务"
        case .opinionCard: "意见卡"
        case .complaint: "投诉"
        case .partSupply: "备品备件"
        case .attachment: "附件"
        }
    }

    public var englishName: String {
        switch self {
        case .customer: "customer"
        case .visit: "visit"
        case .opinionCard: "opinion card"
        case .complaint: "complaint"
        case .partSupply: "part supply"
        case .attachment: "attachment"
        }
    }

    public func name(in language: Language) -> String { language.text(englishName, zh: chineseName) }

    /// Opinion cards are filled once by the customer and never edited afterwards.
    public var isImmutable: Bool { self == .opinionCard }
}

extension String {
    fileprivate func replacingUnderscores() -> String {
        String(map { $0 == "_" ? "-" : $0 })
    }
}
