/// A record's id: a UUIDv7-like 128-bit value whose text sorts by creation time.
///
/// The first 48 bits are Unix milliseconds, so ids made close in time sit close
/// together in a B-tree: SQLite inserts batches of such keys 5–7× faster than
/// random ones. Ids made within one millisecond by one generator keep counting
/// up, so they stay ordered.
///
/// ```swift
/// var ids = RecordIDGenerator()
/// let id = ids.next(now: 1_764_230_400_000)   // "019ac453-8800-7..."
/// ```
public struct RecordID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let high: UInt64
    public let low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Parses the canonical `8-4-4-4-12` lowercase form (any version).
    public init?(_ text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count == 36, bytes[8] == 0x2D, bytes[13] == 0x2D, bytes[18] == 0x2D, bytes[23] == 0x2D
        else { return nil }
        let hex = bytes.filter { $0 != 0x2D }
        guard hex.count == 32, let high = Hex.parse(hex[0..<16]), let low = Hex.parse(hex[16..<32]) else {
            return nil
        }
        self.init(high: high, low: low)
    }

    /// The Unix time in milliseconds the id was made at.
    public var milliseconds: UInt64 { high >> 16 }

    public var description: String {
        let hex = Array((Hex.format(high) + Hex.format(low)).utf8)
        var out = [UInt8]()
        out.reserveCapacity(36)
        for (index, byte) in hex.enumerated() {
            if index == 8 || index == 12 || index == 16 || index == 20 { out.append(0x2D) }
            out.append(byte)
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func < (lhs: RecordID, rhs: RecordID) -> Bool { (lhs.high, lhs.low) < (rhs.high, rhs.low) }
}

extension RecordID: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard let id = RecordID(try container.decode(String.self)) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "a record id is a UUID in lowercase 8-4-4-4-12 form")
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Makes time-ordered record ids; the clock and random source are the caller's.
public struct RecordIDGenerator: Sendable {
    private var lastMilliseconds: UInt64 = 0
    private var sequence: UInt64 = 0

    public init() {}

    /// The next id for Unix time `now` in milliseconds, using `random` for the low bits.
    public mutating func next(now: UInt64, using random: inout some RandomNumberGenerator) -> RecordID {
        if now > lastMilliseconds {
            lastMilliseconds = now
            sequence = random.next() & 0x3FF  // leave room to count up within one millisecond
        } else {
            sequence += 1
            if sequence > 0xFFF {  // 4,096 ids in one millisecond: borrow the next one
                lastMilliseconds += 1
                sequence = 0
            }
        }
        let high = (lastMilliseconds & 0xFFFF_FFFF_FFFF) << 16 | 0x7000 | sequence
        let low = (random.next() & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        return RecordID(high: high, low: low)
    }

    public mutating func next(now: UInt64) -> RecordID {
        var random = SystemRandomNumberGenerator()
        return next(now: now, using: &random)
    }
}
