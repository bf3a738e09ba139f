import FieldSyncShared

extension ReplicaID {
    /// The dot naming this replica's write number `counter`: `r1.dot(2)` reads better in hand-built cases.
    public func dot(_ counter: UInt64) -> Dot { Dot(replica: self, counter: counter) }
}

/// Fixed replica ids for hand-built states and golden fixtures, in increasing id order.
public enum TestReplicas {
    /// `00000000000000010000000000000002`
    public static let first = ReplicaID(high: 1, low: 2)
    /// `00000000000000030000000000000004`
    public static let second = ReplicaID(high: 3, low: 4)
    /// `00000000000000050000000000000006`
    public static let third = ReplicaID(high: 5, low: 6)
}
