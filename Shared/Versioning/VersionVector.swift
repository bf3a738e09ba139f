/// How two version vectors relate causally.
public enum CausalOrder: Sendable, Equatable {
    case equal, before, after, concurrent
}

/// A map from replica to the highest counter of that replica's writes a state includes.
///
/// A dot `(r, c)` is *seen* by a vector when `vector[r] ≥ c`. Vectors merge by
/// pointwise maximum; a record's vector only holds the replicas that wrote it.
///
/// ```swift
/// var a = VersionVector()
/// a.add(Dot(replica: r1, counter: 3))
/// let b = VersionVector([r2: 1])
/// a.compare(b)                 // .concurrent
/// a.merged(with: b)[r2]        // 1
/// ```
public struct VersionVector: Hashable, Sendable {
    public private(set) var counters: [ReplicaID: UInt64]

    public init(_ counters: [ReplicaID: UInt64] = [:]) {
        self.counters = counters.filter { $0.value > 0 }
    }

    /// The highest counter seen from `replica`; 0 when none.
    public subscript(replica: ReplicaID) -> UInt64 { counters[replica] ?? 0 }

    public var isEmpty: Bool { counters.isEmpty }

    /// The replicas in id order, for a canonical encoding.
    public var replicas: [ReplicaID] { counters.keys.sorted() }

    /// Whether the write named by `dot` is included.
    public func contains(_ dot: Dot) -> Bool { self[dot.replica] >= dot.counter }

    /// Includes the write named by `dot` (and, by the vector's meaning, the replica's earlier ones).
    public mutating func add(_ dot: Dot) {
        if dot.counter > self[dot.replica] { counters[dot.replica] = dot.counter }
    }

    /// Pointwise maximum.
    public func merged(with other: VersionVector) -> VersionVector {
        var result = self
        result.merge(other)
        return result
    }

    public mutating func merge(_ other: VersionVector) {
        for (replica, counter) in other.counters where counter > self[replica] {
            counters[replica] = counter
        }
    }

    /// Whether every write `other` includes is included here too.
    public func dominates(_ other: VersionVector) -> Bool {
        other.counters.allSatisfy { self[$0.key] >= $0.value }
    }

    public func compare(_ other: VersionVector) -> CausalOrder {
        switch (dominates(other), other.dominates(self)) {
        case (true, true): .equal
        case (true, false): .after
        case (false, true): .before
        case (false, false): .concurrent
        }
    }
}

extension VersionVector: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode([String: UInt64].self)
        var counters = [ReplicaID: UInt64]()
        for (key, value) in raw {
            guard let replica = ReplicaID(key) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "a version vector's keys are replica ids")
            }
            counters[replica] = value
        }
        self.init(counters)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Dictionary(uniqueKeysWithValues: counters.map { ($0.key.description, $0.value) }))
    }
}
