/// How a listing names one photo or scan of a record: its id, file name, media type, size and
/// digest, with the caption and who attached it. Reports, exports and the dashboard all name
/// attachments through it, so they say the same thing.
///
/// ```swift
/// let byRecord = AttachmentSummary.grouped(AttachmentSummary.of(wireRecords))
/// byRecord[card.id]?.first?.text(in: .english)   // "scan.pdf (PDF scan, 1.2 KB, sha256 3f2a…c0d1)"
/// ```
public struct AttachmentSummary: Hashable, Sendable, Codable {
    /// The attachment record's id (what `fieldsync attachment get` takes).
    public let id: RecordID
    /// The record it is attached to.
    public let parent: RecordID
    /// The region of the attachment record, which decides who may see it.
    public let region: Region
    /// The file's own name, or one made of the id and the type's extension when none was kept.
    public let fileName: String
    /// The type judged from the bytes.
    public let mediaType: AttachmentMediaType
    /// The file's size in bytes.
    public let size: Int64
    /// The SHA-256 of the bytes, 64 lowercase hex digits.
    public let digest: String
    /// What the person who attached it wrote about it.
    public let caption: String?
    /// Who attached it.
    public let attachedBy: String?
    /// When it was attached, as written.
    public let attachedAt: String?

    /// The summary of `attachment`.
    public init(_ attachment: AttachmentRecord) {
        id = attachment.id
        parent = attachment.parent
        region = attachment.region
        let name = attachment.fileName.map(AttachmentRecord.safeFileName) ?? ""
        fileName = name.isEmpty ? "\(attachment.id).\(attachment.mediaType.fileExtension)" : name
        mediaType = attachment.mediaType
        size = attachment.size
        digest = attachment.digest
        caption = attachment.caption.flatMap { $0.trimmingWhitespace().isEmpty ? nil : $0 }
        attachedBy = attachment.attachedBy
        attachedAt = attachment.attachedAt
    }

    /// Every live attachment among `records` (deleted ones and ones whose values are not a whole
    /// attachment are left out).
    public static func of(_ records: [WireRecord]) -> [AttachmentSummary] {
        records.compactMap { record in
            guard record.kind == RecordKind.attachment.rawValue, !record.state.isDeleted else { return nil }
            return AttachmentRecord(id: record.id, values: record.state.values).map(AttachmentSummary.init)
        }
    }

    /// `attachments` by the record they are attached to, each list in the order they were
    /// attached (then by id), within `scope` only.
    public static func grouped(_ attachments: [AttachmentSummary], scope: ReportScope = .all)
        -> [RecordID: [AttachmentSummary]]
    {
        Dictionary(grouping: attachments.filter { scope.includes($0.region) }, by: \.parent).mapValues { group in
            group.sorted { ($0.attachedAt ?? "", $0.id) < ($1.attachedAt ?? "", $1.id) }
        }
    }

    /// Whether a browser shows the bytes as a picture (JPEG, PNG); a PDF or HEIC is a link.
    public var isImage: Bool { mediaType == .jpeg || mediaType == .png }

    /// The attachment in a line: `scan.pdf (PDF scan, 1.2 KB, sha256 3f2a…c0d1)`, then its caption.
    public func text(in language: Language) -> String {
        let type = language.text(mediaType.englishName, zh: mediaType.chineseName)
        var line = "\(fileName) (\(type), \(Self.sizeText(size)), sha256 \(Self.shortDigest(digest)), id \(id))"
        if let caption { line += language.text(" “\(caption)”", zh: "「\(caption)」") }
        return line
    }

    /// The attachments of one record in one CSV cell: `name|media type|size|sha256|id` each,
    /// separated by `; `, in full (nothing shortened), for a program to split.
    public static func cell(_ attachments: [AttachmentSummary]) -> String {
        attachments.map { "\($0.fileName)|\($0.mediaType.rawValue)|\($0.size)|\($0.digest)|\($0.id)" }
            .joined(separator: "; ")
    }

    /// The summary as a JSON value, with the keys of its `Codable` form (absent ones left out).
    public var jsonValue: JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(id.description), "parent": .string(parent.description), "region": .string(region.rawValue),
            "file_name": .string(fileName), "media_type": .string(mediaType.rawValue), "size": .int(size),
            "digest": .string(digest),
        ]
        if let caption { object["caption"] = .string(caption) }
        if let attachedBy { object["attached_by"] = .string(attachedBy) }
        if let attachedAt { object["attached_at"] = .string(attachedAt) }
        return .object(object)
    }

    /// A size as people read it: `812 B`, `1.2 KB`, `3.4 MB` (powers of 1024).
    public static func sizeText(_ bytes: Int64) -> String {
        let units: [(String, Double)] = [("GB", 1_073_741_824), ("MB", 1_048_576), ("KB", 1024)]
        for (unit, factor) in units where Double(bytes) >= factor {
            let tenths = (Double(bytes) / factor * 10).rounded()
            return "\(Int(tenths) / 10).\(Int(tenths) % 10) \(unit)"
        }
        return "\(bytes) B"
    }

    /// The first and last 4 hex digits of a digest: enough to tell files apart by eye.
    public static func shortDigest(_ digest: String) -> String {
        digest.count > 12 ? "\(digest.prefix(4))…\(digest.suffix(4))" : digest
    }

    enum CodingKeys: String, CodingKey {
        case id, parent, region, size, digest, caption
        case fileName = "file_name"
        case mediaType = "media_type"
        case attachedBy = "attached_by"
        case attachedAt = "attached_at"
    }
}
