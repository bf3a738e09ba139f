import Synchronization

/// The numbers a store names replicas by in its stored states (see `ReplicaNumbering`), read
/// from its table once and extended as replicas are numbered. A number is never given twice or
/// taken back, so a copy can lack numbers another process gave since, but is never wrong.
public final class ReplicaNumberCache: Sendable {
    private let numbering = Mutex(ReplicaNumbering())

    public init() {}

    public var current: ReplicaNumbering { numbering.withLock { $0 } }

    public func add(_ rows: [(number: Int64, id: ReplicaID)]) {
        numbering.withLock { numbering in
            for row in rows { numbering.add(number: row.number, id: row.id) }
        }
    }

    /// The replicas that `states` name and that have no number yet.
    public func unnumbered(in states: some Sequence<RecordState>) -> [ReplicaID] {
        current.unnumbered(states.lazy.flatMap { $0.context.counters.keys })
    }
}
