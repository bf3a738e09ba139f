import Foundation

/// Writes canonical JSON text byte for byte as `JSONText`'s encoder does (keys sorted by their
/// UTF-8 bytes, slashes unescaped, control characters as `\b \t \n \f \r` or `\u00xx`), without
/// going through `Encoder`: the hot paths (record states on disk and on the wire) use it.
///
/// ```swift
/// var writer = JSONWriter()
/// try writer.value(.object(["name": "Huaxia", "count": 3]))
/// String(decoding: writer.bytes, as: UTF8.self)   // {"count":3,"name":"Huaxia"}
/// ```
///
/// Only doubles are left to Foundation: writing one throws `JSONWriter.NeedsFoundation`, and the
/// caller encodes the whole value with `JSONEncoder` instead (integral values are integers by then).
struct JSONWriter {
    /// A value this writer does not write the way `JSONEncoder` would; encode it with that.
    struct NeedsFoundation: Error {}

    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 512) { bytes.reserveCapacity(capacity) }

    mutating func raw(_ byte: UInt8) { bytes.append(byte) }

    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Text that is already JSON, as it is.
    mutating func raw(_ text: Data) { bytes.append(contentsOf: text) }

    mutating func int(_ value: Int64) {
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
            unsigned(value.magnitude)
        } else {
            unsigned(UInt64(value))
        }
    }

    mutating func unsigned(_ value: UInt64) {
        var count = 1
        var probe = value
        while probe >= 10 {
            probe /= 10
            count += 1
        }
        bytes.append(contentsOf: repeatElement(0, count: count))
        var rest = value
        var index = bytes.count - 1
        repeat {
            bytes[index] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
            index -= 1
        } while rest > 0
    }

    /// A replica id as its string: 32 lowercase hex digits in quotes, written without making the string.
    mutating func string(_ replica: ReplicaID) {
        bytes.append(UInt8(ascii: "\""))
        hexWord(replica.high)
        hexWord(replica.low)
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func hexWord(_ word: UInt64) {
        for shift in stride(from: 60, through: 0, by: -4) {
            bytes.append(Self.hexDigit(UInt8((word >> UInt64(shift)) & 0xF)))
        }
    }

    mutating func bool(_ value: Bool) { value ? raw("true") : raw("false") }

    /// A string in quotes, escaped as `JSONEncoder` escapes it.
    mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            bytes.append(UInt8(ascii: "\""))
            var start = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                escape(byte)
                start = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<utf8.count]))
            bytes.append(UInt8(ascii: "\""))
        }
    }

    private mutating func escape(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): raw("\\\"")
        case UInt8(ascii: "\\"): raw("\\\\")
        case 0x08: raw("\\b")
        case 0x09: raw("\\t")
        case 0x0A: raw("\\n")
        case 0x0C: raw("\\f")
        case 0x0D: raw("\\r")
        default:
            raw("\\u00")
            bytes.append(Self.hexDigit(byte >> 4))
            bytes.append(Self.hexDigit(byte & 0xF))
        }
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }

    mutating func value(_ value: JSONValue) throws {
        switch value {
        case .null: raw("null")
        case .bool(let flag): bool(flag)
        case .int(let number): int(number)
        case .double: throw NeedsFoundation()
        case .string(let text): string(text)
        case .array(let items):
            raw(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { raw(UInt8(ascii: ",")) }
                try self.value(item)
            }
            raw(UInt8(ascii: "]"))
        case .object(let members):
            raw(UInt8(ascii: "{"))
            for (index, member) in Self.sorted(members).enumerated() {
                if index > 0 { raw(UInt8(ascii: ",")) }
                string(member.key)
                raw(UInt8(ascii: ":"))
                try self.value(member.value)
            }
            raw(UInt8(ascii: "}"))
        }
    }

    /// A dictionary's members in the order `JSONEncoder`'s `sortedKeys` writes them: by UTF-8 bytes.
    static func sorted<Value>(_ members: [String: Value]) -> [(key: String, value: Value)] {
        members.sorted { precedes($0.key, $1.key) }
    }

    /// Whether `a` sorts before `b` by UTF-8 bytes: a `memcmp` of the two texts where Swift gives
    /// their bytes directly (every record's field names are sorted on every encode).
    static func precedes(_ a: String, _ b: String) -> Bool {
        let compared = a.utf8.withContiguousStorageIfAvailable { left in
            b.utf8.withContiguousStorageIfAvailable { right -> Bool in
                let common = min(left.count, right.count)
                if common > 0 {
                    let order = memcmp(left.baseAddress!, right.baseAddress!, common)
                    if order != 0 { return order < 0 }
                }
                return left.count < right.count
            }
        }
        if let compared, let compared { return compared }
        return a.utf8.lexicographicallyPrecedes(b.utf8)
    }
}
