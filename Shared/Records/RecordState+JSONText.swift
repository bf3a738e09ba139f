import Foundation

/// The compact encoding of `RecordState+Codable`, written and read without `Encoder` and
/// `Decoder`: states are encoded and decoded for every record stored, pushed and pulled, and
/// this is several times faster. The bytes are exactly those of the `Codable` form.
extension RecordState: CanonicalJSONEncodable, CanonicalJSONDecodable {
    func write(to writer: inout JSONWriter) throws { try write(to: &writer, numbering: nil) }

    func write(to writer: inout JSONWriter, numbering: ReplicaNumbering?) throws {
        let layout = RecordStateLayout(self)
        writer.raw("{\"c\":[")
        for (position, replica) in layout.replicas.enumerated() {
            if position > 0 { writer.raw(UInt8(ascii: ",")) }
            if let number = numbering?.number(of: replica) { writer.int(number) } else { writer.string(replica) }
            writer.raw(UInt8(ascii: ","))
            writer.unsigned(layout.counters[position])
        }
        writer.raw("],\"w\":[")
        for (number, write) in layout.writes.enumerated() {
            if number > 0 { writer.raw(UInt8(ascii: ",")) }
            writer.raw(UInt8(ascii: "["))
            writer.int(Int64(write.position))
            if write.writesCounter {
                writer.raw(UInt8(ascii: ","))
                writer.unsigned(write.dot.counter)
            }
            writer.raw(UInt8(ascii: ","))
            try Self.writeMembers(of: write, tombstones: false, in: layout, to: &writer)
            if write.hasTombstones {
                writer.raw(UInt8(ascii: ","))
                try Self.writeMembers(of: write, tombstones: true, in: layout, to: &writer)
            }
            writer.raw(UInt8(ascii: "]"))
        }
        writer.raw("]}")
    }

    private static func writeMembers(
        of write: RecordStateLayout.Write, tombstones: Bool, in layout: RecordStateLayout, to writer: inout JSONWriter
    ) throws {
        writer.raw(UInt8(ascii: "{"))
        var first = true
        try layout.forEachMember(of: write, tombstones: tombstones) { key, value in
            if !first { writer.raw(UInt8(ascii: ",")) }
            first = false
            writer.string(key)
            writer.raw(UInt8(ascii: ":"))
            try writer.value(value)
        }
        writer.raw(UInt8(ascii: "}"))
    }

    init(reading reader: inout JSONReader) throws { try self.init(reading: &reader, numbering: nil) }

    /// Reads either encoding: `{"c":[R,n,…],"w":[…]}` (pairs grouped by write) or the first
    /// version's `{"c":[[R,n],…],"f":{…}}`, which agents of that version still push.
    init(reading reader: inout JSONReader, numbering: ReplicaNumbering?) throws {
        var replicas: [ReplicaID]?
        var counters = [UInt64]()
        var grouped: Bool?
        var state: RecordState?
        try reader.object { key, reader in
            switch key {
            case "c":
                guard replicas == nil else { throw JSONReader.Unsupported() }
                var read = [ReplicaID]()
                try reader.beginArray()
                while try reader.nextElement(first: read.isEmpty) {
                    if try reader.isArrayNext() {
                        // First version: [replica, counter] pairs.
                        guard grouped != true else { throw JSONReader.Unsupported() }
                        grouped = false
                        try reader.beginArray()
                        guard try reader.nextElement(first: true), let replica = ReplicaID(try reader.string()),
                            try reader.nextElement(first: false)
                        else { throw JSONReader.Unsupported() }
                        read.append(replica)
                        counters.append(try reader.unsigned())
                        guard try !reader.nextElement(first: false) else { throw JSONReader.Unsupported() }
                    } else {
                        guard grouped != false else { throw JSONReader.Unsupported() }
                        grouped = true
                        read.append(try Self.readReplica(&reader, numbering: numbering))
                        guard try reader.nextElement(first: false) else { throw JSONReader.Unsupported() }
                        counters.append(try reader.unsigned())
                    }
                }
                replicas = read
            case "w":
                guard state == nil, grouped != false, let replicas else { throw JSONReader.Unsupported() }
                guard let context = RecordStateLayout.context(replicas: replicas, counters: counters) else {
                    throw JSONReader.Unsupported()
                }
                // Pairs go straight into their fields: a field named twice by one write holds
                // that dot twice, which `RecordState(context:fields:)` refuses.
                var fields = [String: [DottedValue]]()
                try reader.beginArray()
                var firstWrite = true
                while try reader.nextElement(first: firstWrite) {
                    firstWrite = false
                    try reader.beginArray()
                    guard try reader.nextElement(first: true) else { throw JSONReader.Unsupported() }
                    let position = try reader.int()
                    guard position >= 0, position < replicas.count, try reader.nextElement(first: false) else {
                        throw JSONReader.Unsupported()
                    }
                    var counter = counters[Int(position)]
                    if try !reader.isObjectNext() {
                        counter = try reader.unsigned()
                        guard RecordStateLayout.isCounter(counter), try reader.nextElement(first: false) else {
                            throw JSONReader.Unsupported()
                        }
                    }
                    let dot = Dot(replica: replicas[Int(position)], counter: counter)
                    try reader.object { name, reader in
                        fields[name, default: []].append(DottedValue(dot: dot, value: .value(try reader.value())))
                    }
                    if try reader.nextElement(first: false) {
                        var cleared = 0
                        try reader.object { name, reader in
                            fields[name, default: []].append(DottedValue(dot: dot, value: .tombstone(previous: try reader.value())))
                            cleared += 1
                        }
                        // An empty set of cleared fields is left out, never written.
                        guard cleared > 0, try !reader.nextElement(first: false) else { throw JSONReader.Unsupported() }
                    }
                }
                guard let built = RecordState(context: context, fields: fields) else { throw JSONReader.Unsupported() }
                state = built
            case "f":
                // Pairs name replicas by their place in the context, which the canonical text
                // writes first (keys sorted); text with the fields first is left to Foundation.
                guard state == nil, grouped != true, let replicas else { throw JSONReader.Unsupported() }
                var context = [ReplicaID: UInt64]()
                for (replica, counter) in zip(replicas, counters) {
                    guard counter > 0, context.updateValue(counter, forKey: replica) == nil else { throw JSONReader.Unsupported() }
                }
                var read = [String: [DottedValue]]()
                try reader.beginObject()
                var firstField = true
                while let name = try reader.nextKey(first: firstField) {
                    firstField = false
                    let pairs = try reader.array { reader -> DottedValue in
                        try reader.beginArray()
                        guard try reader.nextElement(first: true) else { throw JSONReader.Unsupported() }
                        let index = try reader.int()
                        guard index >= 0, index < replicas.count, try reader.nextElement(first: false) else {
                            throw JSONReader.Unsupported()
                        }
                        let counter = try reader.unsigned()
                        guard counter > 0, try reader.nextElement(first: false) else { throw JSONReader.Unsupported() }
                        let dot = Dot(replica: replicas[Int(index)], counter: counter)
                        let value = try reader.value()
                        guard try reader.nextElement(first: false) else { return DottedValue(dot: dot, value: .value(value)) }
                        guard try reader.int() == 1, try !reader.nextElement(first: false) else { throw JSONReader.Unsupported() }
                        return DottedValue(dot: dot, value: .tombstone(previous: value))
                    }
                    guard read.updateValue(pairs, forKey: name) == nil else { throw JSONReader.Unsupported() }
                }
                guard let built = RecordState(context: VersionVector(context), fields: read) else { throw JSONReader.Unsupported() }
                state = built
            default:
                // Another version's key: JSONDecoder ignores it, after the duplicate-key check.
                throw JSONReader.Unsupported()
            }
        }
        guard let state else { throw JSONReader.Unsupported() }
        self = state
    }

    private static func readReplica(_ reader: inout JSONReader, numbering: ReplicaNumbering?) throws -> ReplicaID {
        if try reader.isStringNext() {
            guard let replica = ReplicaID(try reader.string()) else { throw JSONReader.Unsupported() }
            return replica
        }
        let number = try reader.int()
        guard let replica = numbering?.replica(numbered: number) else { throw JSONReader.Unsupported() }
        return replica
    }
}

extension RecordState {
    /// The state as its store keeps it: replicas named by `numbering`'s numbers where it has one.
    public func encoded(numbering: ReplicaNumbering) throws -> Data {
        var writer = JSONWriter()
        do {
            try write(to: &writer, numbering: numbering)
            return Data(writer.bytes)
        } catch is JSONWriter.NeedsFoundation {
            let encoder = JSONText.encoder()
            encoder.userInfo[.replicaNumbering] = numbering
            return try encoder.encode(self)
        }
    }

    /// Reads a state its store kept (`encoded(numbering:)`, or any encoding with replica ids).
    /// Throws `UnknownReplicaNumber` for a number `numbering` does not hold.
    public init(encoded data: Data, numbering: ReplicaNumbering) throws {
        if let state = try? JSONReader.read(data, { try RecordState(reading: &$0, numbering: numbering) }) {
            self = state
            return
        }
        if let unknown = try? RecordStateText.replicaNumbers(in: data).first(where: { numbering.replica(numbered: $0) == nil }) {
            throw UnknownReplicaNumber(number: unknown)
        }
        if let problem = data.withUnsafeBytes({ JSONStructureCheck.problem(in: $0) }) {
            throw JSONStructureCheck.error(problem)
        }
        let decoder = JSONDecoder()
        decoder.userInfo[.replicaNumbering] = numbering
        self = try decoder.decode(RecordState.self, from: data)
    }
}

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
                    guard !range.isEmpty, range.count <= 18, let number = Int64(String(decoding: data[range], as: UTF8.self)) else {
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
