import Foundation

/// The values: literals, numbers and strings, read straight from the bytes.
extension JSONReader {
    mutating func value() throws -> JSONValue {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else { throw Unsupported() }
        switch try peek() {
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool(try bool())
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case UInt8(ascii: "["): return .array(try array { try $0.value() })
        case UInt8(ascii: "{"):
            var members = [String: JSONValue]()
            try object { key, reader in
                guard members.updateValue(try reader.value(), forKey: key) == nil else { throw Unsupported() }
            }
            return .object(members)
        default: return .int(try int())
        }
    }

    mutating func bool() throws -> Bool {
        if try peek() == UInt8(ascii: "t") {
            try literal("true")
            return true
        }
        try literal("false")
        return false
    }

    /// Whether the next value is `null` (consumed if so).
    mutating func null() throws -> Bool {
        guard try peek() == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    private mutating func literal(_ word: StaticString) throws {
        skipWhitespace()
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw Unsupported() }
        let matches = word.withUTF8Buffer { expected in
            (0..<count).allSatisfy { bytes[index + $0] == expected[$0] }
        }
        guard matches else { throw Unsupported() }
        index += count
    }

    /// An integer written without fraction or exponent, that fits 64 bits.
    mutating func int() throws -> Int64 {
        let negative = try peek() == UInt8(ascii: "-")
        if negative { index += 1 }
        let magnitude = try digits()
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { throw Unsupported() }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { throw Unsupported() }
        return Int64(magnitude)
    }

    mutating func unsigned() throws -> UInt64 {
        _ = try peek()
        return try digits()
    }

    /// `0` or `[1-9][0-9]*`, with nothing of a number after it.
    private mutating func digits() throws -> UInt64 {
        let start = index
        var value: UInt64 = 0
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(UInt64(bytes[index] - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { throw Unsupported() }
            value = sum
            index += 1
        }
        let count = index - start
        guard count > 0, count == 1 || bytes[start] != UInt8(ascii: "0") else { throw Unsupported() }
        if index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): throw Unsupported()
            default: break
            }
        }
        return value
    }

    /// A string, unescaped; invalid UTF-8, raw control characters and lone surrogates are refused.
    mutating func string() throws -> String {
        try expect(UInt8(ascii: "\""))
        let start = index
        // The common case: nothing to unescape, decoded straight from the text.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw Unsupported() }
            if byte < 0x80 { index += 1 } else { index += try utf8Sequence(at: index) }
        }
        var unescaped = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return String(decoding: unescaped, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") {
                try unescape(into: &unescaped)
            } else if byte < 0x20 {
                throw Unsupported()
            } else if byte < 0x80 {
                unescaped.append(byte)
                index += 1
            } else {
                let length = try utf8Sequence(at: index)
                unescaped.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<index + length]))
                index += length
            }
        }
        throw Unsupported()
    }

    private mutating func unescape(into out: inout [UInt8]) throws {
        guard index + 1 < bytes.count else { throw Unsupported() }
        let code = bytes[index + 1]
        index += 2
        switch code {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(code)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4()
            if (0xD800...0xDBFF).contains(scalar) {
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                else { throw Unsupported() }
                index += 2
                let low = try hex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw Unsupported() }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(scalar) {
                throw Unsupported()
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw Unsupported() }
            UTF8.encode(unicode) { out.append($0) }
        default: throw Unsupported()
        }
    }

    private mutating func hex4() throws -> UInt32 {
        guard index + 4 <= bytes.count else { throw Unsupported() }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw Unsupported()
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    /// The length of the valid UTF-8 sequence of two to four bytes starting at `position`.
    private func utf8Sequence(at position: Int) throws -> Int {
        let lead = bytes[position]
        let length: Int
        var lower: UInt8 = 0x80
        var upper: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            lower = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED:
            length = 3
            upper = 0x9F  // no surrogates
        case 0xF0:
            length = 4
            lower = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4:
            length = 4
            upper = 0x8F
        default: throw Unsupported()
        }
        guard position + length <= bytes.count else { throw Unsupported() }
        let second = bytes[position + 1]
        guard second >= lower, second <= upper else { throw Unsupported() }
        for offset in 2..<length where bytes[position + offset] & 0xC0 != 0x80 { throw Unsupported() }
        return length
    }
}
