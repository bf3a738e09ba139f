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
        if let unknown = try? RecordStateText.replicaNumbers(in: data).first(where: {
            numbering.replica(numbered: $0) == nil
        }) {
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
