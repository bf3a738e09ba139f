import Foundation

/// Checks the structure of JSON text before `JSONDecoder` reads it: no object key written twice,
/// no nesting deeper than `maximumDepth`.
///
/// `JSONDecoder` silently keeps the last of two equal keys, so `{"region":"north","region":"south"}`
/// would mean whatever the last writer chose; FieldSync refuses such text instead. And decoding a
/// `JSONValue` through `Decoder` costs more than linear time in the depth, so hundreds of levels in
/// a push would cost seconds of server time: they are refused before decoding starts. The scan is
/// iterative (an explicit stack), so hostile input cannot exhaust the stack either, and it only
/// looks at structure: text that is not JSON at all is left for `JSONDecoder` to explain.
enum JSONStructureCheck {
    /// The deepest nesting of arrays and objects taken. A pushed record's value sits about six
    /// levels down (push, records, record, state, fields, dot pair), so values keep ~90 levels.
    static let maximumDepth = 100

    enum Problem: Equatable {
        /// The first key that appears twice in one object, with the path of that object (`records[3].state`).
        case duplicateKey(String, path: String)
        /// Arrays and objects nested deeper than `maximumDepth`, first at `path`.
        case tooDeep(path: String)
    }

    /// What is wrong with the structure of `bytes`, or `nil` when nothing is.
    static func problem(in bytes: UnsafeRawBufferPointer) -> Problem? {
        /// One open container: an object's keys so far, or an array's element count.
        struct Open {
            var keys: Set<String>?
            var name: String
            var elements = 0
        }
        var stack = [Open]()
        /// The key last read in the innermost object: the name of the value that follows.
        var pendingKey: String?
        var index = 0
        let count = bytes.count

        func path() -> String {
            stack.dropFirst().map(\.name).joined().drop { $0 == "." }.description
        }
        /// The name a value opening at this point gets inside its parent.
        func childName() -> String {
            guard let parent = stack.last else { return "" }
            if parent.keys != nil { return "." + (pendingKey ?? "?") }
            return "[\(parent.elements)]"
        }

        while index < count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let name = childName()
                if stack.last?.keys == nil, !stack.isEmpty { stack[stack.count - 1].elements += 1 }
                stack.append(Open(keys: byte == UInt8(ascii: "{") ? [] : nil, name: name))
                if stack.count > maximumDepth { return .tooDeep(path: path()) }
                pendingKey = nil
                index += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if !stack.isEmpty { stack.removeLast() }
                pendingKey = nil
                index += 1
            case UInt8(ascii: "\""):
                // A string: find its end, honouring backslash escapes.
                let start = index + 1
                var end = start
                var escaped = false
                while end < count {
                    let c = bytes[end]
                    if c == UInt8(ascii: "\\") {
                        escaped = true
                        end += 2
                        continue
                    }
                    if c == UInt8(ascii: "\"") { break }
                    end += 1
                }
                guard end < count else { return nil }  // unterminated: not JSON, JSONDecoder says so
                index = end + 1
                // A string is a key when it is followed by a colon inside an object.
                var next = index
                while next < count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[next]) { next += 1 }
                guard next < count, bytes[next] == UInt8(ascii: ":"), stack.last?.keys != nil else {
                    if stack.last?.keys == nil, !stack.isEmpty { stack[stack.count - 1].elements += 1 }
                    continue
                }
                let raw = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
                let key: String
                if escaped {
                    // Rare: `"a\u0062"` and `"ab"` are the same key. JSONDecoder unescapes it.
                    var quoted = Data([UInt8(ascii: "\"")])
                    quoted.append(contentsOf: raw)
                    quoted.append(UInt8(ascii: "\""))
                    guard let decoded = try? JSONDecoder().decode(String.self, from: quoted) else { return nil }
                    key = decoded
                } else {
                    key = String(decoding: raw, as: UTF8.self)
                }
                if stack[stack.count - 1].keys!.insert(key).inserted == false {
                    return .duplicateKey(key, path: path())
                }
                pendingKey = key
                index = next + 1
            default:
                // Numbers, literals, commas, colons and whitespace: a scalar array element
                // starts with a byte that is none of those separators.
                if stack.last?.keys == nil, !stack.isEmpty,
                    ![0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ","), UInt8(ascii: ":")].contains(byte)
                {
                    // Count the scalar once, then skip to its end.
                    stack[stack.count - 1].elements += 1
                    while index < count,
                        ![UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"), 0x20, 0x09, 0x0A, 0x0D].contains(
                            bytes[index])
                    {
                        index += 1
                    }
                    continue
                }
                index += 1
            }
        }
        return nil
    }

    /// The error `JSONText.decode` throws: a `DecodingError` like every other refusal of the
    /// text, so callers explain it the same way.
    static func error(_ problem: Problem) -> DecodingError {
        let description: String
        switch problem {
        case .duplicateKey(let key, let path):
            let place = path.isEmpty ? "the top-level object" : "the object at \(shortened(path))"
            description = "the key \"\(shortened(key))\" appears twice in \(place); write each key once"
        case .tooDeep(let path):
            description =
                "arrays and objects are nested more than \(maximumDepth) levels deep (at \(shortened(path))); flatten the value"
        }
        return DecodingError.dataCorrupted(
            DecodingError.Context(
                codingPath: [], debugDescription: description,
                underlyingError: JSONStructureError(description: description)))
    }

    /// Hostile keys can be 64 KiB long: an error names at most the start of one.
    private static func shortened(_ text: String) -> String {
        text.count > 60 ? text.prefix(60) + "…" : text
    }
}

/// What `JSONStructureCheck` found wrong, carried as a `DecodingError`'s underlying error so the
/// server can answer with it instead of "not valid JSON".
public struct JSONStructureError: Error, CustomStringConvertible, Sendable {
    public let description: String
}
