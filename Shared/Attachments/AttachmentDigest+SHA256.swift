import Crypto

// The hashing itself, apart from the digest's rules: the one file of Shared/ that needs a package
// (swift-crypto), so the fuzz build (plain swiftc over Shared/, scripts/fuzz.sh) can leave it out.
extension AttachmentDigest {
    /// The digest of `bytes`.
    public static func of(_ bytes: some Sequence<UInt8>) -> String {
        var hasher = Hasher()
        hasher.update(Array(bytes))
        return hasher.finish()
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
