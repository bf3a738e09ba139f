/// The compact encoding of `RecordState+Codable`, written and read without `Encoder` and
/// `Decoder`: states are encoded and decoded for every record stored, pushed and pulled, and
/// this is several times faster. The bytes are exactly those of the `Codable` form.
extension RecordState: CanonicalJSONEncodable, CanonicalJSONDecodable {
    func write(to writer: inout JSONWriter) throws {
        let replicas = context.replicas
        var index = [ReplicaID: Int](minimumCapacity: replicas.count)
        writer.raw("{\"c\":[")
        for (position, replica) in replicas.enumerated() {
            index[replica] = position
            if position > 0 { writer.raw(UInt8(ascii: ",")) }
            writer.raw(UInt8(ascii: "["))
            writer.string(replica)
            writer.raw(UInt8(ascii: ","))
            writer.unsigned(context[replica])
            writer.raw(UInt8(ascii: "]"))
        }
        writer.raw("],\"f\":{")
        for (position, field) in JSONWriter.sorted(fields).enumerated() {
            if position > 0 { writer.raw(UInt8(ascii: ",")) }
            writer.string(field.key)
            writer.raw(":[")
            for (number, pair) in field.value.enumerated() {
                if number > 0 { writer.raw(UInt8(ascii: ",")) }
                writer.raw(UInt8(ascii: "["))
                writer.int(Int64(index[pair.dot.replica]!))
                writer.raw(UInt8(ascii: ","))
                writer.unsigned(pair.dot.counter)
                writer.raw(UInt8(ascii: ","))
                try writer.value(pair.value.valueOrPrevious)
                if pair.value.isTombstone { writer.raw(",1") }
                writer.raw(UInt8(ascii: "]"))
            }
            writer.raw(UInt8(ascii: "]"))
        }
        writer.raw("}}")
    }

    init(reading reader: inout JSONReader) throws {
        var replicas: [ReplicaID]?
        var counters = [ReplicaID: UInt64]()
        var fields: [String: [DottedValue]]?
        try reader.object { key, reader in
            switch key {
            case "c":
                guard replicas == nil else { throw JSONReader.Unsupported() }
                replicas = try reader.array { reader in
                    try reader.beginArray()
                    guard try reader.nextElement(first: true), let replica = ReplicaID(try reader.string()),
                        try reader.nextElement(first: false)
                    else { throw JSONReader.Unsupported() }
                    let counter = try reader.unsigned()
                    guard try !reader.nextElement(first: false), counter > 0,
                        counters.updateValue(counter, forKey: replica) == nil
                    else { throw JSONReader.Unsupported() }
                    return replica
                }
            case "f":
                // Pairs name replicas by their place in the context, which the canonical text
                // writes first (keys sorted); text with the fields first is left to Foundation.
                guard fields == nil, let replicas else { throw JSONReader.Unsupported() }
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
                fields = read
            default:
                // Another version's key: JSONDecoder ignores it, after the duplicate-key check.
                throw JSONReader.Unsupported()
            }
        }
        guard let fields, let state = RecordState(context: VersionVector(counters), fields: fields) else {
            throw JSONReader.Unsupported()
        }
        self = state
    }
}
