/// The name of one write: the replica that made it and that replica's counter at the time.
///
/// Dots are ordered by counter, then by replica id. That order means nothing
/// causally; it only picks the same provisional winner of a conflict on every
/// replica.
///
/// ```swift
/// let dot = Dot(replica: id, counter: 7)
/// VersionVector([id: 7]).contains(dot)  // true
/// ```
public struct Dot: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let replica: ReplicaID
    public let counter: UInt64

    public init(replica: ReplicaID, counter: UInt64) {
        self.replica = replica
        self.counter = counter
    }

    public static func < (lhs: Dot, rhs: Dot) -> Bool {
        (lhs.counter, lhs.replica) < (rhs.counter, rhs.replica)
    }

    /// `REPLICA:COUNTER`, the form people type to `fieldsync resolve --keep`.
    public var description: String { "\(replica):\(counter)" }

    /// Parses `REPLICA:COUNTER`.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let replica = ReplicaID(parts[0]), let counter = UInt64(parts[1]),
            counter > 0
        else { return nil }
        self.init(replica: replica, counter: counter)
    }
}
