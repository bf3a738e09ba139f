/// An attachment record's values, typed: a photo or scan of a customer, visit, opinion card
/// or complaint. The record travels like any other; its bytes, named by `digest`, on their own.
public struct AttachmentRecord: Sendable, Hashable {
    public let id: RecordID
    public let parentKind: RecordKind
    public let parent: RecordID
    public let region: Region
    public let digest: String
    public let size: Int64
    public let mediaType: AttachmentMediaType
    public let fileName: String?
    public let caption: String?
    public let attachedAt: String?
    public let attachedBy: String?

    /// The kinds one may attach to: not a part supply, not another attachment.
    public static let parentKinds: [RecordKind] = [.customer, .visit, .opinionCard, .complaint]

    /// Reads a record's values; `nil` when they are not a whole attachment.
    public init?(id: RecordID, values: [String: JSONValue]) {
        guard let kindText = values["parent_kind"]?.stringValue, let kind = RecordKind(rawValue: kindText),
            Self.parentKinds.contains(kind),
            let parent = values["parent"]?.stringValue.flatMap(RecordID.init),
            let region = values["region"]?.stringValue.flatMap(Region.init(rawValue:)),
            let digest = values["digest"]?.stringValue, AttachmentDigest.isValid(digest),
            let size = values["size"]?.intValue, size > 0,
            let type = values["media_type"]?.stringValue.flatMap(AttachmentMediaType.init(rawValue:))
        else { return nil }
        self.id = id
        self.parentKind = kind
        self.parent = parent
        self.region = region
        self.digest = digest
        self.size = size
        self.mediaType = type
        self.fileName = values["file_name"]?.stringValue
        self.caption = values["caption"]?.stringValue
        self.attachedAt = values["attached_at"]?.stringValue
        self.attachedBy = values["attached_by"]?.stringValue
    }

    /// What is wrong with an attachment's values beyond each field's own type.
    public static func problems(_ values: [String: JSONValue]) -> [FieldProblem] {
        var problems = [FieldProblem]()
        if let parent = values["parent"]?.stringValue, RecordID(parent) == nil {
            problems.append(
                FieldProblem(field: "parent", message: Message("is not a record id", zh: "不是记录编号")))
        }
        if let digest = values["digest"]?.stringValue, !AttachmentDigest.isValid(digest) {
            problems.append(
                FieldProblem(
                    field: "digest",
                    message: Message("is not a SHA-256 (64 lowercase hex digits)", zh: "不是 SHA-256（64 位小写十六进制）")))
        }
        if let name = values["file_name"]?.stringValue, safeFileName(name) != name {
            problems.append(
                FieldProblem(
                    field: "file_name",
                    message: Message(
                        "holds a path or control characters; give the file's own name", zh: "含路径或控制字符；只填文件名")))
        }
        return problems
    }

    /// The last component of a path, without control characters, `..` or a leading dot; what is
    /// kept of an attached file's name, so that no name can lead a later save out of its folder.
    public static func safeFileName(_ path: String) -> String {
        let last = path.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var name = String(last.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
        while name.hasPrefix(".") { name.removeFirst() }
        return String(name.prefix(200))
    }
}
