import Foundation

/// Reading the replica names at the head of a stored state without decoding the rest.
public enum RecordStateText {
    /// The replica numbers the context of a stored state names (none for a state naming ids).
    public static func replicaNumbers(in data: Data) throws -> [Int64] {
        var numbers = [Int64]()
        try withContext(of: data) { element in
            if case .number(let number) = element { numbers.append(number) }
        }
        return numbers
    }

    /// Writes a stored state as the wire carries it: numbers in its context replaced by the
    /// replica ids they stand for, the rest copied byte for byte (no decoding of the values).
    /// Throws `UnknownReplicaNumber` for a number `numbering` does not hold.
    static func writeNamingReplicas(_ data: Data, numbering: ReplicaNumbering, to writer: inout JSONWriter) throws {
        let contextEnd = try withContext(of: data) { _ in }
        guard let contextEnd else {
            writer.raw(data)
            return
        }
        writer.raw("{\"c\":[")
        var first = true
        var failure: (any Error)?
        _ = try withContext(of: data) { element in
            guard failure == nil else { return }
            switch element {
            case .number(let number):
                guard let replica = numbering.replica(numbered: number) else {
                    failure = UnknownReplicaNumber(number: number)
                    return
                }
                if !first { writer.raw(UInt8(ascii: ",")) }
                writer.string(replica)
            case .text(let range):
                if !first { writer.raw(UInt8(ascii: ",")) }
                writer.raw(data[range])
            case .counter(let range):
                writer.raw(UInt8(ascii: ","))
                writer.raw(data[range])
            }
            first = false
        }
        if let failure { throw failure }
        writer.raw(data[contextEnd...])
    }

    private enum ContextElement {
        case number(Int64)
        case text(Range<Data.Index>)
        case counter(Range<Data.Index>)
    }

    /// Walks the `"c":[R,n,…]` head of a state in the grouped encoding, as the writer writes it
    /// (no whitespace), and returns where the text after the context's `]` starts; `nil` for any
    /// other text, which is left as it is.
    @discardableResult
    private static func withContext(of data: Data, _ body: (ContextElement) -> Void) throws -> Data.Index? {
        let head = Array("{\"c\":[".utf8)
        guard data.count > head.count, data.starts(with: head) else { return nil }
        var index = data.startIndex + head.count
        guard data[index] != UInt8(ascii: "[") else { return nil }  // the first version's pairs
        func digits() -> Range<Data.Index> {
            let start = index
            while index < data.endIndex, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(data[index]) { index += 1 }
            return start..<index
        }
        var expectName = true
        while index < data.endIndex {
            let byte = data[index]
            if byte == UInt8(ascii: "]") { return expectName ? index : nil }
            if !(expectName && index == data.startIndex + head.count) {
                guard byte == UInt8(ascii: ",") else { return nil }
                index += 1
                guard index < data.endIndex else { return nil }
            }
            if expectName {
                if data[index] == UInt8(ascii: "\"") {
                    let end = index + 34
                    guard end <= data.endIndex, data[end - 1] == UInt8(ascii: "\"") else { return nil }
                    body(.text(index..<end))
                    index = end
                } else {
                    let range = digits()
                    guard !range.isEmpty, range.count <= 18,
                        let number = Int64(String(decoding: data[range], as: UTF8.self))
                    else {
                        return nil
                    }
                    body(.number(number))
                }
            } else {
                let range = digits()
                guard !range.isEmpty else { return nil }
                body(.counter(range))
            }
            expectName.toggle()
        }
        return nil
    }
}
