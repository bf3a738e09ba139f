import FieldSyncShared

/// A photo or scan as a dashboard page shows it beside its record: a thumbnail (JPEG, PNG), a
/// link with the file's name and size (PDF, HEIC), or, while its bytes have not reached the
/// server, the name with "not uploaded yet" instead of a broken picture.
///
/// The picture and the link go to `/dashboard/attachments/{id}`, which serves the bytes through
/// the same scope check as `/v1/attachments/{id}/content`.
struct AttachmentCell: Sendable, Codable {
    /// The attachment record's id, which the bytes' path names.
    var id: String
    var fileName: String
    /// The kind of file and its size: `PDF scan · 12.3 KB`.
    var details: String
    /// The caption (none or one).
    var caption: [String]
    /// Who attached it, and when (none or one).
    var attached: [String]
    /// Shown as a picture: a JPEG or PNG whose bytes the server holds.
    var image: Bool
    /// Shown as a link: a PDF or HEIC whose bytes the server holds.
    var link: Bool
    /// Says the bytes have not reached the server yet (none or one).
    var missing: [String]

    init(_ attachment: AttachmentSummary, uploaded: Bool, language: Language) {
        id = attachment.id.description
        fileName = attachment.fileName
        details =
            language.text(attachment.mediaType.englishName, zh: attachment.mediaType.chineseName) + " · "
            + AttachmentSummary.sizeText(attachment.size)
        caption = attachment.caption.map { [$0] } ?? []
        var who = [String]()
        if let by = attachment.attachedBy { who.append(language.text("attached by \(by)", zh: "\(by) 添加")) }
        if let at = attachment.attachedAt { who.append(at) }
        attached = who.isEmpty ? [] : [who.joined(separator: language.text(", ", zh: "，"))]
        image = uploaded && attachment.isImage
        link = uploaded && !attachment.isImage
        missing = uploaded ? [] : [language.text("not uploaded yet", zh: "尚未上传")]
    }

    /// The cells of `record`'s attachments among `attachments`; `uploaded` holds the ids of those
    /// whose bytes the server holds whole.
    static func cells(
        of record: RecordID, _ attachments: [RecordID: [AttachmentSummary]], uploaded: Set<RecordID>,
        language: Language
    ) -> [AttachmentCell] {
        (attachments[record] ?? []).map {
            AttachmentCell($0, uploaded: uploaded.contains($0.id), language: language)
        }
    }
}
