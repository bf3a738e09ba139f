/// The compact encoding of a record state, on disk and on the wire.
///
/// ```json
/// {"c": [["<replica>", 5], ["<replica>", 2]],
///  "f": {"name": [[0, 5, "Huaxia Cemetery"]], "phone": [[1, 2, null, 1]]}}
/// ```
///
/// `c` is the context as `[replica, counter]` pairs in replica order; a pair in a
/// field is `[index into c, counter, value]`, with a fourth element `1` for a
/// tombstone (whose value is what the delete cleared). Naming replicas by index
/// keeps a dot to a few bytes, so metadata stays small next to the record.
extension RecordState: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        let contextEntries = try container.decode([ContextEntry].self, forKey: .context)
        let replicas = contextEntries.map(\.replica)
        var counters = [ReplicaID: UInt64]()
        for entry in contextEntries {
            guard counters.updateValue(entry.counter, forKey: entry.replica) == nil, entry.counter > 0 else {
                throw DecodingError.dataCorruptedError(
                    forKey: .context, in: container,
                    debugDescription: "a context names each replica once, with a positive counter")
            }
        }
        let encodedFields = try container.decode([String: [EncodedPair]].self, forKey: .fields)
        var fields = [String: [DottedValue]]()
        for (name, pairs) in encodedFields {
            fields[name] = try pairs.map { pair in
                guard pair.replicaIndex >= 0, pair.replicaIndex < replicas.count else {
                    throw DecodingError.dataCorruptedError(
                        forKey: .fields, in: container,
                        debugDescription: "field \(name) names replica \(pair.replicaIndex), not in the context")
                }
                let value: FieldValue = pair.tombstone ? .tombstone(previous: pair.value) : .value(pair.value)
                return DottedValue(dot: Dot(replica: replicas[pair.replicaIndex], counter: pair.counter), value: value)
            }
        }
        guard let state = RecordState(context: VersionVector(counters), fields: fields) else {
            throw DecodingError.dataCorruptedError(
                forKey: .fields, in: container,
                debugDescription: "a field holds a dot its context has not seen, twice, or no value at all")
        }
        self = state
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        let replicas = context.replicas
        let index = Dictionary(uniqueKeysWithValues: replicas.enumerated().map { ($1, $0) })
        try container.encode(replicas.map { ContextEntry(replica: $0, counter: context[$0]) }, forKey: .context)
        let encodedFields = fields.mapValues { pairs in
            pairs.map { pair in
                EncodedPair(
                    replicaIndex: index[pair.dot.replica]!, counter: pair.dot.counter,
                    value: pair.value.valueOrPrevious, tombstone: pair.value.isTombstone)
            }
        }
        try container.encode(encodedFields, forKey: .fields)
    }

    private enum Key: String, CodingKey {
        case context = "c"
        case fields = "f"
    }

    private struct ContextEntry: Codable {
        let replica: ReplicaID
        let counter: UInt64

        init(replica: ReplicaID, counter: UInt64) {
            self.replica = replica
            self.counter = counter
        }

        init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            replica = try container.decode(ReplicaID.self)
            counter = try container.decode(UInt64.self)
            guard container.isAtEnd else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "a context entry is [replica, counter]")
            }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.unkeyedContainer()
            try container.encode(replica)
            try container.encode(counter)
        }
    }

    private struct EncodedPair: Codable {
        let replicaIndex: Int
        let counter: UInt64
        let value: JSONValue
        let tombstone: Bool

        init(replicaIndex: Int, counter: UInt64, value: JSONValue, tombstone: Bool) {
            self.replicaIndex = replicaIndex
            self.counter = counter
            self.value = value
            self.tombstone = tombstone
        }

        init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            replicaIndex = try container.decode(Int.self)
            counter = try container.decode(UInt64.self)
            guard counter > 0 else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "a dot's counter starts at 1")
            }
            value = try container.decode(JSONValue.self)
            if container.isAtEnd {
                tombstone = false
            } else {
                guard try container.decode(Int.self) == 1, container.isAtEnd else {
                    throw DecodingError.dataCorruptedError(
                        in: container, debugDescription: "a pair is [replica, counter, value] or [replica, counter, value, 1]")
                }
                tombstone = true
            }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.unkeyedContainer()
            try container.encode(replicaIndex)
            try container.encode(counter)
            try container.encode(value)
            if tombstone { try container.encode(1) }
        }
    }
}
