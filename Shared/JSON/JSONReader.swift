import Foundation

/// Reads the JSON text `JSONWriter` writes, strictly and without going through `Decoder`: the
/// hot paths (record states on disk and on the wire) use it.
///
/// ```swift
/// let value = try JSONReader.read(Array(#"{"count":3}"#.utf8)) { try $0.value() }
/// ```
///
/// It accepts only plain, well-formed JSON: integers that fit 64 bits, no duplicate keys, valid
/// UTF-8. Anything else throws `JSONReader.Unsupported`, and the caller decodes the text with
/// `JSONDecoder` instead, which then accepts it or explains what is wrong with it.
struct JSONReader {
    /// Text this reader leaves to `JSONDecoder`.
    struct Unsupported: Error {}

    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    /// How deep `value()` has nested: bounded, so hostile input cannot exhaust the stack.
    var depth = 0
    /// Deeper values go to `JSONDecoder`, which has its own limit and says what is wrong.
    static let maximumDepth = 64

    private init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// Runs `body` over the whole of `text`, which must hold nothing after what `body` reads.
    static func read<T>(_ text: some ContiguousBytes, _ body: (inout JSONReader) throws -> T) throws -> T {
        try text.withUnsafeBytes { raw in
            var reader = JSONReader(raw.assumingMemoryBound(to: UInt8.self))
            let value = try body(&reader)
            reader.skipWhitespace()
            guard reader.index == reader.bytes.count else { throw Unsupported() }
            return value
        }
    }

    // MARK: Structure

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    /// The next byte that is not whitespace, without consuming it.
    mutating func peek() throws -> UInt8 {
        skipWhitespace()
        guard index < bytes.count else { throw Unsupported() }
        return bytes[index]
    }

    mutating func expect(_ byte: UInt8) throws {
        guard try peek() == byte else { throw Unsupported() }
        index += 1
    }

    /// Enters an object: `{`.
    mutating func beginObject() throws { try expect(UInt8(ascii: "{")) }

    /// The next member's key, positioned at its value; `nil` at the closing `}` (consumed).
    /// `first` is true for the first call after `beginObject`.
    mutating func nextKey(first: Bool) throws -> String? {
        let byte = try peek()
        if byte == UInt8(ascii: "}") {
            index += 1
            return nil
        }
        if !first { try expect(UInt8(ascii: ",")) }
        let key = try string()
        try expect(UInt8(ascii: ":"))
        return key
    }

    /// Enters an array: `[`.
    mutating func beginArray() throws { try expect(UInt8(ascii: "[")) }

    /// Whether another element follows (positioned at it); `false` at the closing `]` (consumed).
    mutating func nextElement(first: Bool) throws -> Bool {
        let byte = try peek()
        if byte == UInt8(ascii: "]") {
            index += 1
            return false
        }
        if !first { try expect(UInt8(ascii: ",")) }
        return true
    }

    /// Whether the next value is an array (nothing consumed).
    mutating func isArrayNext() throws -> Bool { try peek() == UInt8(ascii: "[") }

    /// Whether the next value is an object (nothing consumed).
    mutating func isObjectNext() throws -> Bool { try peek() == UInt8(ascii: "{") }

    /// Whether the next value is a string (nothing consumed).
    mutating func isStringNext() throws -> Bool { try peek() == UInt8(ascii: "\"") }

    /// Reads an object, handing each key to `member`, which must read that key's value.
    mutating func object(_ member: (String, inout JSONReader) throws -> Void) throws {
        try beginObject()
        var first = true
        while let key = try nextKey(first: first) {
            first = false
            try member(key, &self)
        }
    }

    /// The elements of an array, each read by `element`.
    mutating func array<T>(_ element: (inout JSONReader) throws -> T) throws -> [T] {
        try beginArray()
        var items = [T]()
        while try nextElement(first: items.isEmpty) { items.append(try element(&self)) }
        return items
    }
}
