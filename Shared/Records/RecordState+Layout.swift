/// A state as its encoding lays it out: the context in replica order, and the pairs grouped by
/// the write (dot) that put them there, so a record written once carries its dot once.
struct RecordStateLayout {
    struct Write {
        /// The writing replica's place in `replicas`.
        var position: Int
        var dot: Dot
        /// Whether the counter is written: it is left out when it is the context's own counter
        /// for that replica (the replica's latest write, nearly always the only one standing).
        var writesCounter: Bool
        /// Whether the write (a delete) cleared some fields.
        var hasTombstones = false
    }

    let replicas: [ReplicaID]
    let counters: [UInt64]
    /// The fields in key order (the order `JSONEncoder` writes them).
    let fields: [(key: String, value: [DottedValue])]
    let writes: [Write]

    init(_ state: RecordState) {
        let replicas = state.context.replicas
        let counters = replicas.map { state.context[$0] }
        let fields = JSONWriter.sorted(state.fields)
        var writes = [Write]()
        for (_, pairs) in fields {
            for pair in pairs {
                let group: Int
                if let found = writes.firstIndex(where: { $0.dot == pair.dot }) {
                    group = found
                } else {
                    let position = Self.position(of: pair.dot.replica, in: replicas)
                    writes.append(
                        Write(position: position, dot: pair.dot, writesCounter: counters[position] != pair.dot.counter))
                    group = writes.count - 1
                }
                if pair.value.isTombstone { writes[group].hasTombstones = true }
            }
        }
        if writes.count > 1 { writes.sort { ($0.position, $0.dot.counter) < ($1.position, $1.dot.counter) } }
        self.replicas = replicas
        self.counters = counters
        self.fields = fields
        self.writes = writes
    }

    /// The fields `write` put a value in (`tombstones` false) or cleared (true), in key order,
    /// with the value each holds (for a cleared one, the value it held).
    func members(of write: Write, tombstones: Bool) -> [(key: String, value: JSONValue)] {
        var members = [(key: String, value: JSONValue)]()
        forEachMember(of: write, tombstones: tombstones) { members.append(($0, $1)) }
        return members
    }

    /// `members(of:tombstones:)` one by one, without collecting them.
    func forEachMember(of write: Write, tombstones: Bool, _ body: (String, JSONValue) throws -> Void) rethrows {
        for (name, pairs) in fields {
            for pair in pairs where pair.dot == write.dot && pair.value.isTombstone == tombstones {
                try body(name, pair.value.valueOrPrevious)
            }
        }
    }

    private static func position(of replica: ReplicaID, in replicas: [ReplicaID]) -> Int {
        // Sorted, and nearly always one to three replicas.
        var low = 0
        var high = replicas.count - 1
        while low < high {
            let middle = (low + high) / 2
            if replicas[middle] < replica { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Builds the state from decoded parts; `nil` when they do not make a valid state (a write
    /// naming a replica outside the context, a dot the context has not seen, a field twice).
    static func state(
        replicas: [ReplicaID], counters: [UInt64],
        writes: [(position: Int, counter: UInt64?, values: [String: JSONValue], tombstones: [String: JSONValue])]
    ) -> RecordState? {
        guard let context = context(replicas: replicas, counters: counters) else { return nil }
        var fields = [String: [DottedValue]]()
        for write in writes {
            guard write.position >= 0, write.position < replicas.count else { return nil }
            let counter = write.counter ?? counters[write.position]
            guard isCounter(counter) else { return nil }
            let dot = Dot(replica: replicas[write.position], counter: counter)
            for (name, value) in write.values {
                fields[name, default: []].append(DottedValue(dot: dot, value: .value(value)))
            }
            for (name, value) in write.tombstones {
                fields[name, default: []].append(DottedValue(dot: dot, value: .tombstone(previous: value)))
            }
        }
        return RecordState(context: context, fields: fields)
    }

    /// The context of a grouped encoding; `nil` if a replica appears twice or a counter is not one.
    static func context(replicas: [ReplicaID], counters: [UInt64]) -> VersionVector? {
        guard replicas.count == counters.count else { return nil }
        var context = [ReplicaID: UInt64](minimumCapacity: replicas.count)
        for (replica, counter) in zip(replicas, counters) {
            guard isCounter(counter), context.updateValue(counter, forKey: replica) == nil else { return nil }
        }
        return VersionVector(context)
    }

    /// Counters of the grouped encoding start at 1 and fit an `Int64`, as both decoders read them.
    static func isCounter(_ counter: UInt64) -> Bool { counter > 0 && counter <= UInt64(Int64.max) }
}
