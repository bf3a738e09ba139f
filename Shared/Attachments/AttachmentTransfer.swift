/// Which attachments' bytes a replica downloads (`fieldsync sync --attachments`).
public enum AttachmentMode: String, CaseIterable, Codable, Sendable {
    /// None: records only (bytes are fetched one at a time by `attachment get`).
    case none
    /// Those this replica's technician attached, and those of the visits they did.
    case own
    /// Every attachment in the replica's scope (its region; for headquarters, all).
    case region

    /// The default for a replica: a technician's laptop keeps its own photos, an office its
    /// region's, headquarters (no region) everything.
    public static func defaultFor(region: Region?, technician: String?) -> AttachmentMode {
        if technician != nil && region != nil { return .own }
        return .region
    }

    /// Whether this mode downloads `attachment`; `visitTechnician` is the technician of the
    /// visit it is attached to, when it is attached to a visit.
    public func wants(_ attachment: AttachmentRecord, technician: String?, visitTechnician: String?) -> Bool {
        switch self {
        case .none: false
        case .region: true
        case .own:
            technician != nil && (attachment.attachedBy == technician || visitTechnician == technician)
        }
    }
}

/// What the server does with one piece of an upload (`PUT /v1/attachments/{id}/content?offset=N`).
public enum UploadDecision: Equatable, Sendable {
    /// The server already holds the whole, checked bytes: nothing more to send.
    case complete
    /// Append the piece; `finishes` when it brings the upload to its size (then check the digest).
    case append(finishes: Bool)
    /// The piece does not start where the upload stands: send from `received`.
    case wrongOffset(received: Int64)
    /// The piece runs past the size the record names.
    case overrun
    /// The record names more bytes than the server takes.
    case tooLarge(limit: Int64)

    /// Decides from what the server holds (`received` bytes, `complete`), what arrives and
    /// what the record says.
    public static func decide(
        complete: Bool, received: Int64, offset: Int64, length: Int64, size: Int64, limit: Int64
    ) -> UploadDecision {
        if complete { return .complete }
        if size > limit { return .tooLarge(limit: limit) }
        if offset != received { return .wrongOffset(received: received) }
        if length == 0 { return .wrongOffset(received: received) }
        // Written so that no sum overflows, whatever length a client declares.
        if length > size - offset { return .overrun }
        return .append(finishes: length == size - offset)
    }
}

/// A `Range: bytes=…` request over `size` bytes: the one range served, or `nil` when it cannot
/// be satisfied (416). Only one range is served; a list asks for its first.
public struct ByteRange: Equatable, Sendable {
    public let start: Int64
    /// Inclusive, as HTTP writes it.
    public let end: Int64

    public init(start: Int64, end: Int64) {
        self.start = start
        self.end = end
    }

    public var length: Int64 { end - start + 1 }

    public static func parse(_ header: String, size: Int64) -> ByteRange? {
        guard header.hasPrefix("bytes="), size > 0 else { return nil }
        let first = header.dropFirst(6).split(separator: ",").first.map(String.init) ?? ""
        let parts = first.trimmingWhitespace().split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        if parts[0].isEmpty {
            guard let suffix = Int64(parts[1]), suffix > 0 else { return nil }
            return ByteRange(start: max(0, size - suffix), end: size - 1)
        }
        guard let start = Int64(parts[0]), start >= 0, start < size else { return nil }
        if parts[1].isEmpty { return ByteRange(start: start, end: size - 1) }
        guard let end = Int64(parts[1]), end >= start else { return nil }
        return ByteRange(start: start, end: min(end, size - 1))
    }
}

/// The replica's attachment store under a size budget: what to evict, oldest first.
public enum AttachmentBudget {
    public struct Held: Equatable, Sendable {
        public let digest: String
        public let size: Int64
        /// When the bytes were stored here (sorts oldest first).
        public let storedAt: String
        /// Whether the server holds them whole: only such bytes may be evicted.
        public let onServer: Bool

        public init(digest: String, size: Int64, storedAt: String, onServer: Bool) {
            self.digest = digest
            self.size = size
            self.storedAt = storedAt
            self.onServer = onServer
        }
    }

    /// The digests to evict so that what is held fits in `budget` bytes, oldest first, never
    /// bytes not yet on the server (those stay even over the budget).
    public static func evictions(_ held: [Held], budget: Int64) -> [String] {
        var total = held.reduce(Int64(0)) { $0 + $1.size }
        var evicted = [String]()
        for item in held.sorted(by: { ($0.storedAt, $0.digest) < ($1.storedAt, $1.digest) }) where total > budget {
            guard item.onServer else { continue }
            evicted.append(item.digest)
            total -= item.size
        }
        return evicted
    }
}

/// A size as people write it: `25MB`, `500K`, `1G` or plain bytes (powers of 1024).
public enum ByteSize {
    public static func parse(_ text: String) -> Int64? {
        let upper = text.trimmingWhitespace().uppercased()
        let units: [(String, Int64)] = [
            ("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10), ("G", 1 << 30), ("M", 1 << 20), ("K", 1 << 10), ("B", 1),
        ]
        for (suffix, factor) in units where upper.hasSuffix(suffix) {
            guard let number = Int64(upper.dropLast(suffix.count).trimmingWhitespace()), number >= 0,
                number <= Int64.max / factor
            else { return nil }
            return number * factor
        }
        return Int64(upper)
    }
}
