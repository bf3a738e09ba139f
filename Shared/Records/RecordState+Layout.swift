/// A state as its encoding lays it out: the context in replica order, and the pairs grouped by
/// the write (dot) that put them there, so a record written once carries its dot once.
struct RecordStateLayout {
    struct Write {
        /// The writing replica's place in `replicas`.
        var position: Int
        var counter: UInt64
        /// Whether the counter is written: it is left out when it is the context's own counter
        /// for that replica (the replica's latest write, nearly always the only one standing).
        var writesCounter: Bool
        /// Fields holding a value from this write, in key order.
        var values: [(key: String, value: JSONValue)] = []
        /// Fields this write (a delete) cleared, with the value each held, in key order.
        var tombstones: [(key: String, value: JSONValue)] = []
    }

    let replicas: [ReplicaID]
    let counters: [UInt64]
    let writes: [Write]

    init(_ state: RecordState) {
        let replicas = state.context.replicas
        let counters = replicas.map { state.context[$0] }
        var writes = [Write]()
        for (name, pairs) in JSONWriter.sorted(state.fields) {
            for pair in pairs {
                let group: Int
                if let found = writes.firstIndex(where: { $0.counter == pair.dot.counter && replicas[$0.position] == pair.dot.replica }) {
                    group = found
                } else {
                    let position = Self.position(of: pair.dot.replica, in: replicas)
                    writes.append(
                        Write(position: position, counter: pair.dot.counter, writesCounter: counters[position] != pair.dot.counter))
                    group = writes.count - 1
                }
                switch pair.value {
                case .value(let value): writes[group].values.append((name, value))
                case .tombstone(let previous): writes[group].tombstones.append((name, previous))
                }
            }
        }
        writes.sort { ($0.position, $0.counter) < ($1.position, $1.counter) }
        self.replicas = replicas
        self.counters = counters
        self.writes = writes
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
        replicas: [ReplicaID], counters: [UInt64], writes: [(position: Int, counter: UInt64?, values: [String: JSONValue], tombstones: [String: JSONValue])]
    ) -> RecordState? {
        guard replicas.count == counters.count, counters.allSatisfy({ $0 > 0 && $0 <= UInt64(Int64.max) }) else { return nil }
        var context = [ReplicaID: UInt64](minimumCapacity: replicas.count)
        for (replica, counter) in zip(replicas, counters) {
            guard context.updateValue(counter, forKey: replica) == nil else { return nil }
        }
        var fields = [String: [DottedValue]]()
        for write in writes {
            guard write.position >= 0, write.position < replicas.count else { return nil }
            let counter = write.counter ?? counters[write.position]
            guard counter > 0, counter <= UInt64(Int64.max) else { return nil }
            let dot = Dot(replica: replicas[write.position], counter: counter)
            for (name, value) in write.values { fields[name, default: []].append(DottedValue(dot: dot, value: .value(value))) }
            for (name, value) in write.tombstones {
                fields[name, default: []].append(DottedValue(dot: dot, value: .tombstone(previous: value)))
            }
        }
        return RecordState(context: VersionVector(context), fields: fields)
    }
}
