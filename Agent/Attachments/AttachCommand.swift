import ArgumentParser
import FieldSyncShared
import Foundation

/// `fieldsync attach KIND ID --file PATH [--caption TEXT]`: a photo or scan of a record, offline.
struct AttachCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attach",
        abstract: "Attach a photo or scan (JPEG, PNG, HEIC or PDF) to a customer, visit, card or complaint.",
        discussion: """
            Works offline: the bytes are kept in this replica (the same photo twice is kept once) and \
            an attachment record names them; `fieldsync sync` sends the record with the others, then \
            the bytes. The record attached to is not changed (an opinion card stays as it was filled). \
            The type is judged from the file's content, not its name.
            """)

    @Argument(help: "customer, visit, card or complaint.") var kind: String
    @Argument(help: "The record's id, or a unique part of it.") var id: String
    @Option(help: ArgumentHelp("The photo or scan to attach.", valueName: "path")) var file: String
    @Option(help: ArgumentHelp("What it shows.", valueName: "text")) var caption: String?
    @OptionGroup var options: GlobalOptions

    func validate() throws {
        guard let parsed = RecordKind(parsing: kind), AttachmentRecord.parentKinds.contains(parsed) else {
            throw ValidationError("KIND is one of customer, visit, card, complaint; not \(kind)")
        }
    }

    func run() throws {
        let kind = RecordKind(parsing: kind)!
        let store = try options.openStore()
        let parent = try store.resolveID(id, kind: kind)
        guard let bytes = FileManager.default.contents(atPath: file) else {
            throw AgentError.unreadableAttachmentFile(path: file)
        }
        let record = try store.attach(
            parentKind: kind, parent: parent, bytes: bytes, fileName: file, caption: caption)
        RecordActions.show(
            record, options: options,
            heading: Message(
                "attached \(record.id) to \(kind.englishName) \(parent)",
                zh: "已为\(kind.chineseName) \(parent) 添加附件 \(record.id)"))
    }
}

/// `fieldsync attachment list|get`.
struct AttachmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attachment", abstract: "List attachments, or save one's bytes to a file.",
        discussion: "Delete one with `fieldsync delete attachment ID`.",
        subcommands: [ListAttachments.self, GetAttachment.self])
}

/// One attachment as `attachment list` shows it.
struct AttachmentListing: Codable, Sendable {
    let id: RecordID
    let parentKind: String
    let parent: RecordID
    let region: String
    let fileName: String?
    let mediaType: String
    let size: Int64
    let digest: String
    let caption: String?
    let attachedAt: String?
    let attachedBy: String?
    /// Whether this replica holds the bytes.
    let here: Bool
    /// Whether the server is known to hold them.
    let onServer: Bool

    enum CodingKeys: String, CodingKey {
        case id, parent, region, size, digest, caption, here
        case parentKind = "parent_kind"
        case fileName = "file_name"
        case mediaType = "media_type"
        case attachedAt = "attached_at"
        case attachedBy = "attached_by"
        case onServer = "on_server"
    }

    init(_ local: LocalAttachment) {
        let record = local.record
        id = record.id
        parentKind = record.parentKind.commandName
        parent = record.parent
        region = record.region.rawValue
        fileName = record.fileName
        mediaType = record.mediaType.rawValue
        size = record.size
        digest = record.digest
        caption = record.caption
        attachedAt = record.attachedAt
        attachedBy = record.attachedBy
        here = local.held
        onServer = local.onServer
    }
}

struct ListAttachments: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the attachments of one record, or all of them.")

    @Argument(help: "customer, visit, card or complaint (with ID).") var kind: String?
    @Argument(help: "The record's id, or a unique part of it.") var id: String?
    @OptionGroup var options: GlobalOptions

    func validate() throws {
        if let kind {
            guard let parsed = RecordKind(parsing: kind), AttachmentRecord.parentKinds.contains(parsed) else {
                throw ValidationError("KIND is one of customer, visit, card, complaint; not \(kind)")
            }
            guard id != nil else { throw ValidationError("give the record's ID after \(kind)") }
        }
    }

    func run() throws {
        let store = try options.openStore()
        var parentKind: RecordKind?
        var parent: RecordID?
        if let kind = kind.flatMap(RecordKind.init(parsing:)), let id {
            parentKind = kind
            parent = try store.resolveID(id, kind: kind)
        }
        let listings = try store.attachments(parentKind: parentKind, parent: parent).map(AttachmentListing.init)
        if options.json {
            print(JSONText.encode(listings))
            return
        }
        let language = options.language
        var table = TextTable(
            headers: language.text(
                ["ID", "Attached to", "File", "Type", "Bytes", "Caption", "Here", "Server"],
                zh: ["编号", "所属", "文件名", "类型", "字节", "说明", "本机", "服务器"]))
        for (listing, local) in zip(listings, try store.attachments(parentKind: parentKind, parent: parent)) {
            table.append([
                listing.id.description, "\(local.record.parentKind.name(in: language)) \(listing.parent)",
                listing.fileName ?? "-", local.record.mediaType.englishName, String(listing.size),
                listing.caption ?? "",
                listing.here ? language.text("yes", zh: "有") : language.text("no", zh: "无"),
                listing.onServer ? language.text("yes", zh: "已上传") : language.text("not known", zh: "未知"),
            ])
        }
        print(table.render())
    }
}

struct GetAttachment: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "Save an attachment's bytes to a file, fetching them from the server if this replica lacks them.")

    @Argument(help: "The attachment's id, or a unique part of it.") var id: String
    @Option(
        help: ArgumentHelp(
            "Where to save it (a file, or a folder to save it in under its own name).", valueName: "path"))
    var output: String
    @Option(help: ArgumentHelp("Trust this CA certificate file (PEM) for the server.", valueName: "file")) var ca:
        String?
    @OptionGroup var options: GlobalOptions

    func run() throws {
        let store = try options.openStore()
        let recordID = try store.resolveID(id, kind: .attachment)
        let stored = try store.record(kind: .attachment, id: recordID)
        guard !stored.state.isDeleted, let attachment = AttachmentRecord(id: recordID, values: stored.state.values)
        else {
            throw AgentError.referenceToDeleted(kind: .attachment, id: recordID.description)
        }
        var bytes = try store.attachmentBytes(digest: attachment.digest)
        if bytes == nil {
            let token = try TokenFile(databasePath: options.databasePath).read()
            var transportOptions = TransportOptions()
            transportOptions.caFile = ca
            let sync = AttachmentSync(store: store, transport: CurlTransport(options: transportOptions), token: token)
            let info = try store.info()
            let base = info.serverURL.hasSuffix("/") ? String(info.serverURL.dropLast()) : info.serverURL
            guard try sync.download(attachment, base: base, info: info) else {
                throw AgentError.attachmentNotUploaded(id: recordID)
            }
            bytes = try store.attachmentBytes(digest: attachment.digest)
        }
        guard let bytes, AttachmentDigest.of(bytes) == attachment.digest else {
            throw AgentError.attachmentBytesDamaged(id: recordID)
        }
        var path = output
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory), isDirectory.boolValue {
            let name = AttachmentRecord.safeFileName(attachment.fileName ?? "")
            path = (output as NSString).appendingPathComponent(
                name.isEmpty ? "\(recordID).\(attachment.mediaType.fileExtension)" : name)
        }
        do {
            try bytes.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw AgentError.cannotWrite(path)
        }
        if options.json {
            print(JSONText.encode(["id": recordID.description, "path": path, "bytes": String(bytes.count)]))
        } else {
            options.say(
                "saved \(recordID) to \(path) (\(bytes.count) bytes)",
                zh: "已将附件 \(recordID) 保存到 \(path)（\(bytes.count) 字节）")
        }
    }
}
