/// The kinds of file an attachment may be, judged from the bytes themselves, never from the
/// file's name: a program renamed `photo.jpg` is refused.
public enum AttachmentMediaType: String, CaseIterable, Codable, Sendable {
    case jpeg = "image/jpeg"
    case png = "image/png"
    case heic = "image/heic"
    case pdf = "application/pdf"

    public var englishName: String {
        switch self {
        case .jpeg: "JPEG photo"
        case .png: "PNG image"
        case .heic: "HEIC photo"
        case .pdf: "PDF scan"
        }
    }

    public var chineseName: String {
        switch self {
        case .jpeg: "JPEG 照片"
        case .png: "PNG 图片"
        case .heic: "HEIC 照片"
        case .pdf: "PDF 扫描件"
        }
    }

    /// The usual file extension, for a name the bytes are saved under.
    public var fileExtension: String {
        switch self {
        case .jpeg: "jpg"
        case .png: "png"
        case .heic: "heic"
        case .pdf: "pdf"
        }
    }

    /// How many leading bytes `sniff` needs at most.
    public static let sniffLength = 16

    /// The HEIF brands of photos (HEIC/HEIF, still image or sequence).
    static let heifBrands: Set<String> = ["heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1"]

    /// The type the leading bytes show; `nil` when they are none of the four.
    public static func sniff(_ head: some Collection<UInt8>) -> AttachmentMediaType? {
        let bytes = Array(head.prefix(sniffLength))
        func starts(_ magic: [UInt8]) -> Bool {
            bytes.count >= magic.count && Array(bytes.prefix(magic.count)) == magic
        }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts(Array("%PDF-".utf8)) { return .pdf }
        // ISO base media: a box size (4 bytes), `ftyp`, then the major brand.
        if bytes.count >= 12, bytes[4..<8].elementsEqual("ftyp".utf8),
            heifBrands.contains(String(decoding: bytes[8..<12], as: UTF8.self))
        {
            return .heic
        }
        return nil
    }

    /// `sniff`, or the error that says which files are taken.
    public static func require(_ head: some Collection<UInt8>, name: String) throws(AttachmentError) -> Self {
        guard let type = sniff(head) else { throw .unsupportedType(name: name) }
        return type
    }
}

/// Why an attachment is refused, in both languages; the same words on the agent and the server.
public enum AttachmentError: Error, Equatable, Sendable {
    case unsupportedType(name: String)
    case tooLarge(name: String, size: Int64, limit: Int64)
    case empty(name: String)
    case digestMismatch(expected: String, actual: String)

    public var message: Message {
        switch self {
        case .unsupportedType(let name):
            Message(
                "\(name) is not a JPEG, PNG or HEIC photo nor a PDF scan (judged by its content, not its name); attach only photos and scans",
                zh: "\(name) 不是 JPEG、PNG、HEIC 照片或 PDF 扫描件（按内容判断，而非文件名）；只能添加照片和扫描件")
        case .tooLarge(let name, let size, let limit):
            Message(
                "\(name) has \(size) bytes, over the limit of \(limit); scan at a lower resolution or split the document",
                zh: "\(name) 有 \(size) 字节，超过上限 \(limit)；请降低扫描分辨率或拆分文件")
        case .empty(let name):
            Message("\(name) is empty; attach a photo or scan", zh: "\(name) 是空文件；请添加照片或扫描件")
        case .digestMismatch(let expected, let actual):
            Message(
                "the bytes do not match their SHA-256 (expected \(expected), got \(actual)); they were discarded and will be sent again",
                zh: "内容与其 SHA-256 不符（应为 \(expected)，实为 \(actual)）；已丢弃，将重新传送")
        }
    }
}
