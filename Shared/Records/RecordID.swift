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
        // One pass over the bytes, nothing allocated: every record pushed or pulled names its id.
        var high: UInt64 = 0
        var low: UInt64 = 0
        var position = 0
        var digits = 0
        for byte in text.utf8 {
            defer { position += 1 }
            guard position < 36 else { return nil }
            if position == 8 || position == 13 || position == 18 || position == 23 {
                guard byte == 0x2D else { return nil }
                continue
            }
            guard let digit = Hex.digit(byte) else { return nil }
            if digits < 16 { high = high << 4 | UInt64(digit) } else { low = low << 4 | UInt64(digit) }
            digits += 1
        }
        guard position == 36, digits == 32 else { return nil }
        self.init(high: high, low: low)
    }

    /// The Unix time in milliseconds the id was made at.
    public var milliseconds: UInt64 { high >> 16 }

    public var description: String {
        // Written straight into the string's storage: every stored, pushed and pulled record needs it.
        String(unsafeUninitializedCapacity: 36) { out in
            var position = 0
            func put(_ value: UInt64, digits: Int) {
                for index in stride(from: digits - 1, through: 0, by: -1) {
                    let nibble = UInt8((value >> UInt64(index * 4)) & 0xF)
                    out[position] = nibble < 10 ? 0x30 + nibble : 0x57 + nibble
                    position += 1
                }
            }
            put(high >> 32, digits: 8)
            out[position] = 0x2D
            position += 1
            put((high >> 16) & 0xFFFF, digits: 4)
            out[position] = 0x2D
            position += 1
            put(high & 0xFFFF, digits: 4)
            out[position] = 0x2D
            position += 1
            put(low >> 48, digits: 4)
            out[position] = 0x2D
            position += 1
            put(low & 0xFFFF_FFFF_FFFF, digits: 12)
            return position
        }
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
