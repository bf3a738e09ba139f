extension ReplicaSimulation {
    /// One operation of a run, as failure messages show it.
    public enum Step: Sendable, Hashable, CustomStringConvertible {
        /// A local write of these fields.
        case write(replica: Int, record: Int, fields: [String])
        /// A local delete.
        case delete(replica: Int, record: Int)
        /// A settlement of the conflict on `field`, keeping a standing value or writing a new one.
        case settle(replica: Int, record: Int, field: String, kept: Bool)
        /// `from`'s state merged into `to`'s; `record` is `nil` when every record was sent.
        case exchange(from: Int, to: Int, record: Int?)
        /// A state sent earlier delivered (again), perhaps after newer ones.
        case redeliver(from: Int, to: Int, record: Int)

        /// `w2.r0[name,phone]`, `d1.r2`, `s0.r1.phone=keep`, `x3>4.r*`, `late 1>0.r2`.
        public var description: String {
            switch self {
            case .write(let replica, let record, let fields):
                "w\(replica).r\(record)[\(fields.joined(separator: ","))]"
            case .delete(let replica, let record): "d\(replica).r\(record)"
            case .settle(let replica, let record, let field, let kept):
                "s\(replica).r\(record).\(field)=\(kept ? "keep" : "new")"
            case .exchange(let from, let to, let record): "x\(from)>\(to).r\(record.map(String.init) ?? "*")"
            case .redeliver(let from, let to, let record): "late \(from)>\(to).r\(record)"
            }
        }
    }

    /// Counts of the operations a run made.
    public struct Statistics: Sendable, Hashable {
        /// Local writes of field values.
        public var writes = 0
        /// Local deletes.
        public var deletes = 0
        /// Conflicts settled.
        public var settlements = 0
        /// Settlements that brought a deleted record back.
        public var restores = 0
        /// Exchanges of one record or all, not counting `syncUntilQuiet()`.
        public var exchanges = 0
        /// Late or repeated deliveries of states sent earlier.
        public var redeliveries = 0
        /// The most conflicted fields one replica's record showed when a random settlement was drawn.
        public var conflictsSeen = 0

        /// All counts zero.
        public init() {}
    }

    /// The seed and every step, to reproduce a failure: `seed 17: w0.r1[name] x0>3.r1 …`.
    public var trace: String {
        "seed \(seed): " + steps.map(\.description).joined(separator: " ")
    }
}
