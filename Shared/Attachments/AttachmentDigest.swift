import Crypto

/// The SHA-256 of an attachment's bytes, as 64 lowercase hex digits: its name in every store.
///
/// ```swift
/// AttachmentDigest.of(Array("abc".utf8))  // "ba7816bf…f20015ad"
/// ```
public enum AttachmentDigest {
    /// The digest of `bytes`.
    public static func of(_ bytes: some Sequence<UInt8>) -> String {
        var hasher = Hasher()
        hasher.update(Array(bytes))
        return hasher.finish()
    }

    /// Whether `text` is a digest as this program writes them (so it can name a file or a row).
    public static func isValid(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// A digest fed piece by piece: bytes read from a store in chunks, never all at once.
    public struct Hasher: Sendable {
        private var sha = SHA256()

        public init() {}

        public mutating func update(_ bytes: [UInt8]) { sha.update(data: bytes) }

        public func finish() -> String {
            var text = ""
            text.reserveCapacity(64)
            for byte in sha.finalize() {
                text += String(byte >> 4, radix: 16) + String(byte & 0xF, radix: 16)
            }
            return text
        }
    }
}
