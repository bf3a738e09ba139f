import Foundation

/// Canonical JSON text: sorted keys, no escaped slashes, so the same value
/// always has the same bytes.
public enum JSONText {
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    public static func encode(_ value: some Encodable) -> String {
        // Encoding our own value types cannot fail: they hold no non-finite doubles
        // that JSON could not represent (validation rejects them on the way in).
        guard let data = try? data(value) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }

    public static func data(_ value: some Encodable) throws -> Data {
        // Record states and sync messages have a hand-written writer for the same bytes.
        if let canonical = value as? any CanonicalJSONEncodable {
            var writer = JSONWriter()
            do {
                try canonical.write(to: &writer)
                return Data(writer.bytes)
            } catch is JSONWriter.NeedsFoundation {
                // A double: JSONEncoder writes the whole value, as it always did.
            }
        }
        return try encoder().encode(value)
    }

    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        // The hand-written reader takes the plain, canonical text it writes; anything else
        // (and every error, with its explanation) is JSONDecoder's.
        if let canonical = type as? any CanonicalJSONDecodable.Type,
            let value = try? JSONReader.read(data, { try canonical.init(reading: &$0) }) as? T
        {
            return value
        }
        // JSONDecoder keeps the last of two equal keys (a repeated key is refused instead, so no
        // reader of the text can take a different value from it than another did), and deep
        // nesting costs it far more than linear time.
        if let problem = data.withUnsafeBytes({ JSONStructureCheck.problem(in: $0) }) {
            throw JSONStructureCheck.error(problem)
        }
        return try JSONDecoder().decode(type, from: data)
    }

    public static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        try decode(type, from: Data(text.utf8))
    }
}

/// A type whose canonical JSON `JSONWriter` writes directly, byte for byte as `JSONText.encoder()`
/// would. `JSONWriter.NeedsFoundation` hands the value back to the encoder.
protocol CanonicalJSONEncodable {
    func write(to writer: inout JSONWriter) throws
}

/// A type that `JSONReader` reads directly from the plain text `JSONWriter` writes, to the same
/// value `JSONDecoder` would give. `JSONReader.Unsupported` hands the text back to the decoder.
protocol CanonicalJSONDecodable {
    init(reading reader: inout JSONReader) throws
}
