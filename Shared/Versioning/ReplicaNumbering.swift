/// The small numbers one database gives the replicas its stored states name.
///
/// A replica id is 128 random bits, 34 bytes of JSON: a record written by three replicas
/// would carry more bytes of names than of service data. A store therefore names each
/// replica by a number it assigns once (a row of its own table) and writes states with
/// those numbers; the wire keeps the ids, so the numbers never leave the database.
///
/// ```swift
/// var numbering = ReplicaNumbering()
/// numbering.add(number: 1, id: technician)
/// let stored = try state.encoded(numbering: numbering)   // {"c":[1,7],"w":[[0,{…}]]}
/// try RecordState(encoded: stored, numbering: numbering) == state   // true
/// ```
///
/// A replica without a number is written by its id: numbers only shorten the text, so a
/// state is always readable with the numbering it was written with, or a later one.
public struct ReplicaNumbering: Hashable, Sendable {
    private var numbers: [ReplicaID: Int64] = [:]
    private var ids: [Int64: ReplicaID] = [:]

    public init() {}

    /// Numbering from number → replica pairs.
    public init(_ ids: [Int64: ReplicaID]) {
        for (number, id) in ids.sorted(by: { $0.key < $1.key }) { add(number: number, id: id) }
    }

    public var count: Int { ids.count }

    public func number(of replica: ReplicaID) -> Int64? { numbers[replica] }

    public func replica(numbered number: Int64) -> ReplicaID? { ids[number] }

    /// Records that `number` names `id`. Numbers are assigned once, so a second, different
    /// pairing is a damaged table; it is ignored and the first one stands.
    public mutating func add(number: Int64, id: ReplicaID) {
        guard number > 0, ids[number] == nil, numbers[id] == nil else { return }
        ids[number] = id
        numbers[id] = number
    }

    /// The replicas of `replicas` that have no number yet, each once, in id order.
    public func unnumbered(_ replicas: some Sequence<ReplicaID>) -> [ReplicaID] {
        Set(replicas.filter { numbers[$0] == nil }).sorted()
    }
}

/// A stored state names a replica number its store's numbering does not hold (yet): another
/// instance may have assigned it, so the store reads its table again before giving up.
public struct UnknownReplicaNumber: Error, Hashable, Sendable {
    public let number: Int64

    public init(number: Int64) { self.number = number }
}

extension CodingUserInfoKey {
    /// The `ReplicaNumbering` a `RecordState` is encoded or decoded with, if any.
    public static let replicaNumbering = CodingUserInfoKey(rawValue: "fieldsync.replicaNumbering")!
}
