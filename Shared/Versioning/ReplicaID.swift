/// The name of one replica: an agent's database, an office's, or the server's.
///
/// A random 128-bit number made when the replica is created, so a technician can
/// start recording offline before the server has ever heard of the device. Its
/// text form is 32 lowercase hex digits, and the text order is the numeric order.
///
/// ```swift
/// let id = ReplicaID(high: 0x0123, low: 0x4567)
/// id.description  // "00000000000001230000000000004567"
/// ```
public struct ReplicaID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let high: UInt64
    public let low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// A fresh random replica id drawn from `generator`.
    public static func random(using generator: inout some RandomNumberGenerator) -> ReplicaID {
        ReplicaID(high: generator.next(), low: generator.next())
    }

    /// A fresh random replica id from the system's random source.
    public static func random() -> ReplicaID {
        var generator = SystemRandomNumberGenerator()
        return random(using: &generator)
    }

    /// Parses the 32-hex-digit form; `nil` for anything else.
    public init?(_ text: some StringProtocol) {
        let utf8 = Array(text.utf8)
        guard utf8.count == 32,
            let high = Hex.parse(utf8[0..<16]),
            let low = Hex.parse(utf8[16..<32])
        else { return nil }
        self.init(high: high, low: low)
    }

    public var description: String { Hex.format(high) + Hex.format(low) }

    public static func < (lhs: ReplicaID, rhs: ReplicaID) -> Bool {
        (lhs.high, lhs.low) < (rhs.high, rhs.low)
    }
}

extension ReplicaID: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let id = ReplicaID(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "a replica id is 32 lowercase hex digits")
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Fixed-width lowercase hex, without Foundation's formatters.
enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    static func format(_ value: UInt64) -> String {
        var bytes = [UInt8](repeating: 0, count: 16)
        var rest = value
        for index in stride(from: 15, through: 0, by: -1) {
            bytes[index] = digits[Int(rest & 0xF)]
            rest >>= 4
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func parse(_ bytes: ArraySlice<UInt8>) -> UInt64? {
        var value: UInt64 = 0
        for byte in bytes {
            guard let digit = digit(byte) else { return nil }
            value = value << 4 | UInt64(digit)
        }
        return value
    }

    /// A lowercase hex digit's value; `nil` for any other byte.
    static func digit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
