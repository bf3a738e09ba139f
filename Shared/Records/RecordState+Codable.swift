/// The compact encoding of a record state, on disk and on the wire.
///
/// ```json
/// {"c": ["<replica>", 5, "<replica>", 2],
///  "w": [[0, {"name": "Huaxia Cemetery"}], [0, 3, {"phone": "0795-1"}], [1, {"_deleted": true}, {"phone": "0795-1"}]]}
/// ```
///
/// `c` is the context: replica, counter, replica, counter… in replica order. `w` holds the
/// writes still standing, one entry per dot: `[place of its replica in c, counter, values]`,
/// the counter left out when it is the context's own for that replica (the replica's latest
/// write), and a fourth element with the fields a delete cleared (each with the value it
/// held). A record written once therefore names its dot once, whatever its number of fields.
///
/// A store names replicas by the numbers of its `ReplicaNumbering` instead of their 32-digit
/// ids (`"c":[3,5,7,2]`); the wire always carries ids. The first version's encoding,
/// `{"c":[["<replica>",5],…],"f":{"name":[[0,5,"Huaxia Cemetery"]],…}}` (a pair per field,
/// a fourth element `1` for a tombstone), is still read.
extension RecordState: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        guard container.contains(.writes) else {
            self = try Self.decodeFirstVersion(container)
            return
        }
        guard !container.contains(.fields) else {
            throw DecodingError.dataCorruptedError(
                forKey: .fields, in: container,
                debugDescription: "a state holds either writes (w) or fields (f), not both")
        }
        let numbering = decoder.userInfo[.replicaNumbering] as? ReplicaNumbering
        let context = try container.decode([JSONValue].self, forKey: .context)
        guard context.count % 2 == 0 else {
            throw DecodingError.dataCorruptedError(
                forKey: .context, in: container, debugDescription: "a context is replica, counter, replica, counter…")
        }
        var replicas = [ReplicaID]()
        var counters = [UInt64]()
        for index in stride(from: 0, to: context.count, by: 2) {
            let replica: ReplicaID?
            switch context[index] {
            case .string(let text): replica = ReplicaID(text)
            case .int(let number): replica = numbering?.replica(numbered: number)
            default: replica = nil
            }
            guard let replica, case .int(let counter) = context[index + 1], counter > 0 else {
                throw DecodingError.dataCorruptedError(
                    forKey: .context, in: container,
                    debugDescription: "a context names replicas by their 32-hex-digit ids, each with a positive counter"
                )
            }
            replicas.append(replica)
            counters.append(UInt64(counter))
        }
        let entries = try container.decode([[JSONValue]].self, forKey: .writes)
        var writes = [(position: Int, counter: UInt64?, values: [String: JSONValue], tombstones: [String: JSONValue])]()
        for entry in entries {
            var elements = entry[...]
            guard case .int(let position)? = elements.popFirst() else { throw Self.badWrite(container) }
            var counter: UInt64?
            if case .int(let written)? = elements.first {
                guard written > 0 else { throw Self.badWrite(container) }
                counter = UInt64(written)
                elements.removeFirst()
            }
            guard case .object(let values)? = elements.popFirst() else { throw Self.badWrite(container) }
            var tombstones = [String: JSONValue]()
            if let cleared = elements.popFirst() {
                guard case .object(let members) = cleared, !members.isEmpty, elements.isEmpty else {
                    throw Self.badWrite(container)
                }
                tombstones = members
            }
            writes.append((Int(clamping: position), counter, values, tombstones))
        }
        guard let state = RecordStateLayout.state(replicas: replicas, counters: counters, writes: writes) else {
            throw DecodingError.dataCorruptedError(
                forKey: .writes, in: container,
                debugDescription:
                    "a write names a replica outside the context, a dot its context has not seen, or a field twice")
        }
        self = state
    }

    private static func badWrite(_ container: KeyedDecodingContainer<Key>) -> DecodingError {
        DecodingError.dataCorruptedError(
            forKey: .writes, in: container,
            debugDescription:
                "a write is [replica's place in c, counter (optional), {values}, {cleared fields} (optional)]")
    }

    private static func decodeFirstVersion(_ container: KeyedDecodingContainer<Key>) throws -> RecordState {
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
        return state
    }

    public func encode(to encoder: any Encoder) throws {
        let numbering = encoder.userInfo[.replicaNumbering] as? ReplicaNumbering
        let layout = RecordStateLayout(self)
        var container = encoder.container(keyedBy: Key.self)
        var context = container.nestedUnkeyedContainer(forKey: .context)
        for (replica, counter) in zip(layout.replicas, layout.counters) {
            if let number = numbering?.number(of: replica) {
                try context.encode(number)
            } else {
                try context.encode(replica)
            }
            try context.encode(counter)
        }
        var writes = container.nestedUnkeyedContainer(forKey: .writes)
        for write in layout.writes {
            var entry = writes.nestedUnkeyedContainer()
            try entry.encode(write.position)
            if write.writesCounter { try entry.encode(write.dot.counter) }
            try entry.encode(Dictionary(uniqueKeysWithValues: layout.members(of: write, tombstones: false)))
            if write.hasTombstones {
                try entry.encode(Dictionary(uniqueKeysWithValues: layout.members(of: write, tombstones: true)))
            }
        }
    }

    private enum Key: String, CodingKey {
        case context = "c"
        case writes = "w"
        case fields = "f"
    }

    private struct ContextEntry: Decodable {
        let replica: ReplicaID
        let counter: UInt64

        init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            replica = try container.decode(ReplicaID.self)
            counter = try container.decode(UInt64.self)
            guard container.isAtEnd else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "a context entry is [replica, counter]")
            }
        }
    }

    private struct EncodedPair: Decodable {
        let replicaIndex: Int
        let counter: UInt64
        let value: JSONValue
        let tombstone: Bool

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
                        in: container,
                        debugDescription: "a pair is [replica, counter, value] or [replica, counter, value, 1]")
                }
                tombstone = true
            }
        }
    }
}
