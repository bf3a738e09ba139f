import FieldSyncShared

/// The demo's records before they have ids: each write names its record by index, and
/// references to other records by index, so ids and dots can be given afterwards in the
/// order the writes happened.
struct DemoPlan: Sendable {
    struct Write: Sendable {
        let record: Int
        /// When it was written, in Unix seconds.
        let time: Int64
        /// Its place among the writes planned, to order writes made at one instant.
        let order: Int
        let values: [String: JSONValue]
        /// Reference fields, naming the record they point to by index.
        let references: [String: Int]
    }

    private(set) var kinds = [RecordKind]()
    private(set) var writes = [Write]()

    /// Adds a record of `kind` and returns its index.
    mutating func add(_ kind: RecordKind) -> Int {
        kinds.append(kind)
        return kinds.count - 1
    }

    /// Plans a local write of `values` (and `references`) to record `record` at `time`.
    mutating func write(_ record: Int, at time: Int64, _ values: [String: JSONValue], references: [String: Int] = [:]) {
        writes.append(Write(record: record, time: time, order: writes.count, values: values, references: references))
    }

    /// The records as `replica` wrote them: writes in time order take its dots 1, 2, 3, …; each
    /// record's id comes from the time of its first write; records come out in id order.
    /// Records that were never written are left out.
    func records(replica: ReplicaID, random: inout SplitMix64) -> [WireRecord] {
        let ordered = writes.sorted { ($0.time, $0.order) < ($1.time, $1.order) }
        var ids = [RecordID?](repeating: nil, count: kinds.count)
        var made = [Int]()
        var generator = RecordIDGenerator()
        for write in ordered where ids[write.record] == nil {
            ids[write.record] = generator.next(now: UInt64(max(0, write.time)) * 1000, using: &random)
            made.append(write.record)
        }
        var states = [RecordState](repeating: RecordState(), count: kinds.count)
        for (index, write) in ordered.enumerated() {
            var values = write.values
            for (field, target) in write.references {
                if let id = ids[target] { values[field] = .string(id.description) }
            }
            states[write.record].write(values, dot: Dot(replica: replica, counter: UInt64(index + 1)))
        }
        return made.compactMap { record in
            ids[record].map { WireRecord(id: $0, kind: kinds[record].rawValue, state: states[record]) }
        }
    }
}
