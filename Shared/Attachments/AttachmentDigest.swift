/// The SHA-256 of an attachment's bytes, as 64 lowercase hex digits: its name in every store.
///
/// ```swift
/// AttachmentDigest.of(Array("abc".utf8))  // "ba7816bf…f20015ad"
/// ```
public enum AttachmentDigest {
    /// Whether `text` is a digest as this program writes them (so it can name a file or a row).
    public static func isValid(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}
