/// The fields of each kind, in the order forms and tables show them.
extension RecordKind {
    public static let visitKinds: [Choice] = [
        Choice("delivery", "delivery", "配送"),
        Choice("installation", "installation", "安装调试"),
        Choice("repair", "repair", "维修"),
        Choice("maintenance", "maintenance", "定期保养"),
        Choice("return-visit", "return visit", "回访"),
        Choice("training", "training", "培训"),
    ]
    public static let visitStatuses: [Choice] = [
        Choice("open", "open", "进行中"), Choice("closed", "closed", "已完成"),
    ]
    public static let commissioningResults: [Choice] = [
        Choice("passed", "passed", "合格"), Choice("failed", "failed", "不合格"),
    ]
    public static let complaintChannels: [Choice] = [
        Choice("phone", "phone", "电话"),
        Choice("web", "web", "网站"),
        Choice("visit", "visit", "上门"),
        Choice("letter", "letter", "信函"),
        Choice("opinion-card", "opinion card", "意见卡"),
    ]
    public static let complaintSeverities: [Choice] = [
        Choice("general", "general", "一般"), Choice("major", "major", "重大"),
    ]
    public static let complaintStatuses: [Choice] = [
        Choice("open", "open", "处理中"), Choice("resolved", "resolved", "已解决"),
    ]
    /// The three words of the opinion card; a score 1–5 is accepted too.
    public static let ratingWords: [Choice] = [
        Choice("satisfied", "satisfied", "满意"),
        Choice("fairly-satisfied", "fairly satisfied", "基本满意"),
        Choice("unsatisfied", "unsatisfied", "不满意"),
    ]

    /// The kinds a photo or scan may be attached to (stored as the kind's stored name).
    public static let attachmentParents: [Choice] = [
        Choice(RecordKind.customer.rawValue, "customer", "客户"),
        Choice(RecordKind.visit.rawValue, "visit", "上门服务"),
        Choice(RecordKind.opinionCard.rawValue, "opinion card", "意见卡"),
        Choice(RecordKind.complaint.rawValue, "complaint", "投诉"),
    ]
    /// The media types an attachment may have, judged from its bytes (`AttachmentMediaType`).
    public static let attachmentMediaTypes: [Choice] = AttachmentMediaType.allCases.map {
        Choice($0.rawValue, $0.englishName, $0.chineseName)
    }

    public var fields: [FieldSpec] {
        switch self {
        case .customer:
            [
                FieldSpec("name", .text, required: true, "Name", "客户名称"),
                FieldSpec("region", .region, required: true, "Region", "区域"),
                FieldSpec("contact", .text, "Contact", "联系人"),
                FieldSpec("phone", .text, "Phone", "电话"),
                FieldSpec("address", .text, "Address", "地址"),
                FieldSpec(
                    "products",
                    .list([
                        FieldSpec("product", .text, required: true, "Product", "产品"),
                        FieldSpec("model", .text, "Model", "型号"),
                        FieldSpec("quantity", .quantity, required: true, "Quantity", "数量"),
                    ]), "Products", "订购产品"),
                FieldSpec("training", .text, "Training given", "培训情况"),
            ]
        case .visit:
            [
                FieldSpec("customer", .reference(.customer), required: true, "Customer", "客户"),
                FieldSpec("kind", .choice(Self.visitKinds), required: true, "Kind", "类型"),
                FieldSpec("region", .region, required: true, "Region", "区域"),
                FieldSpec("technician", .text, "Technician", "技术员"),
                FieldSpec("called_at", .time, "Repair call", "报修时间"),
                FieldSpec("arrived_at", .time, "Arrived", "到达时间"),
                FieldSpec("completed_at", .time, "Completed", "完成时间"),
                FieldSpec("work_done", .text, "Work done", "服务内容"),
                FieldSpec(
                    "parts_used",
                    .list([
                        FieldSpec("part", .text, required: true, "Part", "配件"),
                        FieldSpec("quantity", .quantity, required: true, "Quantity", "数量"),
                    ]), "Parts used", "所用配件"),
                FieldSpec("first_time_fix", .yesNo, "First-time fix", "一次成功"),
                FieldSpec("commissioning", .choice(Self.commissioningResults), "72-hour commissioning", "72小时试运行"),
                FieldSpec("status", .choice(Self.visitStatuses), required: true, "Status", "状态"),
            ]
        case .opinionCard:
            [
                FieldSpec("customer", .reference(.customer), required: true, "Customer", "客户"),
                FieldSpec("visit", .reference(.visit), "Visit", "上门服务"),
                FieldSpec("region", .region, required: true, "Region", "区域"),
                FieldSpec("rating", .rating, required: true, "Rating", "评价"),
                FieldSpec("praise", .text, "Praise", "表扬"),
                FieldSpec("complaint_text", .text, "Complaint", "意见"),
                FieldSpec("filled_by", .text, "Filled by", "填写人"),
                FieldSpec("filled_at", .time, "Filled at", "填写时间"),
            ]
        case .complaint:
            [
                FieldSpec("customer", .reference(.customer), required: true, "Customer", "客户"),
                FieldSpec("region", .region, required: true, "Region", "区域"),
                FieldSpec("channel", .choice(Self.complaintChannels), required: true, "Channel", "渠道"),
                FieldSpec("severity", .choice(Self.complaintSeverities), required: true, "Severity", "等级"),
                FieldSpec("received_at", .time, required: true, "Received", "受理时间"),
                FieldSpec("description", .text, required: true, "Description", "投诉内容"),
                FieldSpec("visit", .reference(.visit), "Visit", "上门服务"),
                FieldSpec("card", .reference(.opinionCard), "Opinion card", "意见卡"),
                FieldSpec("handler", .text, "Handler", "处理人"),
                FieldSpec("resolution", .text, "Resolution", "处理结果"),
                FieldSpec("resolved_at", .time, "Resolved", "解决时间"),
                FieldSpec("feedback", .text, "Feedback to complainant", "反馈"),
                FieldSpec("complainant_satisfied", .yesNo, "Complainant satisfied", "投诉人满意"),
                FieldSpec("preventive_action", .text, "Preventive action", "预防措施"),
                FieldSpec("status", .choice(Self.complaintStatuses), required: true, "Status", "状态"),
            ]
        case .partSupply:
            [
                FieldSpec("customer", .reference(.customer), required: true, "Customer", "客户"),
                FieldSpec("visit", .reference(.visit), "Visit", "上门服务"),
                FieldSpec("region", .region, required: true, "Region", "区域"),
                FieldSpec("part", .text, required: true, "Part", "备件"),
                FieldSpec("quantity", .quantity, required: true, "Quantity", "数量"),
                FieldSpec("supplied_at", .time, "Supplied", "供应时间"),
            ]
        case .attachment:
            [
                FieldSpec("parent_kind", .choice(Self.attachmentParents), required: true, "Attached to", "所属记录类型"),
                FieldSpec("parent", .text, required: true, "Record", "所属记录"),
                FieldSpec("region", .region, required: true, "Region", "区域"),
                FieldSpec("digest", .text, required: true, "SHA-256", "SHA-256"),
                FieldSpec("size", .quantity, required: true, "Bytes", "字节数"),
                FieldSpec("media_type", .choice(Self.attachmentMediaTypes), required: true, "Type", "类型"),
                FieldSpec("file_name", .text, "File name", "文件名"),
                FieldSpec("caption", .text, "Caption", "说明"),
                FieldSpec("attached_at", .time, "Attached", "添加时间"),
                FieldSpec("attached_by", .text, "Attached by", "添加人"),
            ]
        }
    }

    /// The fields a listing shows, besides the id.
    public var listFields: [String] {
        switch self {
        case .customer: ["name", "region", "contact", "phone"]
        case .visit: ["customer", "kind", "region", "technician", "called_at", "arrived_at", "status"]
        case .opinionCard: ["customer", "visit", "region", "rating", "filled_at"]
        case .complaint: ["customer", "region", "channel", "severity", "received_at", "status"]
        case .partSupply: ["customer", "visit", "region", "part", "quantity"]
        case .attachment: ["parent_kind", "parent", "region", "media_type", "size", "file_name", "caption"]
        }
    }

    public func field(named name: String) -> FieldSpec? { fields.first { $0.name == name } }
}
