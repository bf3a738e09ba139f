import FieldSyncShared

/// Every write a test made on its replicas, by dot, and which ones the server acknowledged:
/// the ground truth that a replica's final records are checked against.
///
/// A write of field `f` with dot `d` is still *present* in a record state when `d` stands in `f`
/// with the value written, or when a value standing in `f` was written by a replica that had
/// already seen `d` (it superseded `d` legitimately). Anything else lost it.
struct WriteLedger {
    /// One field written by one dot.
    struct Write {
        let writer: String
        let record: String
        let field: String
        let dot: Dot
        let value: FieldValue
        /// The writer's context for the record right after the write: every dot it superseded.
        let context: VersionVector
    }

    private(set) var writes = [Write]()
    /// The dots the server acknowledged to their writers.
    private(set) var acknowledged = Set<Dot>()
    /// Every record created, with its kind.
    private(set) var created = [String: String]()
    private var byDot = [Dot: [Write]]()

    mutating func note(_ write: Write) {
        writes.append(write)
        byDot[write.dot, default: []].append(write)
    }

    /// Notes every field that `dot` (written at `context`) holds in `state`: a new record (of
    /// `kind`), a delete, a settled conflict.
    mutating func noteFields(
        of state: RecordState, record: String, kind: String?, dot: Dot, context: VersionVector, writer: String
    ) {
        if let kind { created[record] = kind }
        for (field, pairs) in state.fields {
            for pair in pairs where pair.dot == dot {
                note(Write(writer: writer, record: record, field: field, dot: dot, value: pair.value, context: context))
            }
        }
    }

    /// After a sync of `snapshot`'s replica: its writes to records that are clean now, and those
    /// up to its confirmed counter, were acknowledged by the server.
    mutating func acknowledge(_ snapshot: ReplicaSnapshot) {
        for write in writes where write.dot.replica == snapshot.replica && !acknowledged.contains(write.dot) {
            let clean = snapshot.records[write.record].map { $0.dirty == 0 } ?? false
            if clean || write.dot.counter <= snapshot.confirmed { acknowledged.insert(write.dot) }
        }
    }

    /// The writes (only acknowledged ones, or all) that `states` lost or changed.
    func lost(in states: [String: RecordState], acknowledgedOnly: Bool) -> [String] {
        var problems = [String]()
        for write in writes where !acknowledgedOnly || acknowledged.contains(write.dot) {
            let what = "\(write.writer)'s write \(write.dot) of \(write.record).\(write.field)"
            guard let state = states[write.record] else {
                problems.append("\(what): the record is missing")
                continue
            }
            guard state.context.contains(write.dot) else {
                problems.append("\(what): not in the record's context")
                continue
            }
            let standing = state.fields[write.field] ?? []
            if let pair = standing.first(where: { $0.dot == write.dot }) {
                if pair.value != write.value { problems.append("\(what): holds \(pair.value), not \(write.value)") }
                continue
            }
            let superseded = standing.contains { pair in
                byDot[pair.dot]?.contains {
                    $0.record == write.record && $0.field == write.field && $0.context.contains(write.dot)
                }
                    ?? false
            }
            if !superseded { problems.append("\(what): lost (standing: \(standing.map(\.dot)))") }
        }
        return problems
    }

    /// Records and values in `states` that no write of the test made: duplicates, phantoms.
    /// (Missing records and values are what `lost(in:acknowledgedOnly:)` finds.)
    func unknown(in states: [String: RecordState]) -> [String] {
        var problems = [String]()
        for id in Set(states.keys).subtracting(created.keys) { problems.append("record \(id) was never created") }
        for (id, state) in states {
            for (field, pairs) in state.fields {
                for pair in pairs {
                    let known =
                        byDot[pair.dot]?.contains { $0.record == id && $0.field == field && $0.value == pair.value }
                        ?? false
                    if !known { problems.append("\(id).\(field) holds \(pair.dot), which no write made") }
                }
            }
        }
        return problems
    }
}
