/// The state of one record: a per-record context and, per field, the `(dot, value)` pairs standing.
///
/// Every write is named by a dot. A local write of a field replaces what stood there
/// with `{(dot, value)}` and adds the dot to the context; a delete is one dot that
/// puts `true` in the `_deleted` register and a tombstone in every field. Merging
/// (see `merged(with:)`) keeps concurrent values side by side, so a conflict is
/// never silently lost.
///
/// ```swift
/// var a = RecordState()
/// a.write(["name": "Huaxia Cemetery"], dot: Dot(replica: r1, counter: 1))
/// var b = a
/// a.write(["phone": "0795-1"], dot: Dot(replica: r1, counter: 2))
/// b.write(["phone": "0795-2"], dot: Dot(replica: r2, counter: 1))
/// a.merged(with: b).conflicts.map(\.field)   // ["phone"]
/// ```
public struct RecordState: Hashable, Sendable {
    /// The writes to this record the state includes.
    public internal(set) var context: VersionVector
    /// For every field, the pairs standing, sorted by dot; never empty.
    public internal(set) var fields: [String: [DottedValue]]

    /// The register a delete sets to `true` and a restore to `false`.
    public static let deletedField = "_deleted"
    /// Fields named `_settled.FIELD` keep who settled a conflict on `FIELD`.
    public static let settlementPrefix = "_settled."

    public init() {
        context = VersionVector()
        fields = [:]
    }

    /// Builds a state from its parts; `nil` if a field holds a dot the context has not seen,
    /// a field is empty, or a dot stands twice in a field.
    public init?(context: VersionVector, fields: [String: [DottedValue]]) {
        var sorted = true
        for (_, pairs) in fields {
            guard !pairs.isEmpty, pairs.allSatisfy({ $0.dot.counter > 0 && context.contains($0.dot) }) else {
                return nil
            }
            // Nearly every field holds one pair: no set to build, nothing to sort.
            guard pairs.count > 1 else { continue }
            guard Set(pairs.map(\.dot)).count == pairs.count else { return nil }
            if sorted { sorted = zip(pairs, pairs.dropFirst()).allSatisfy { $0.dot < $1.dot } }
        }
        self.context = context
        self.fields = sorted ? fields : fields.mapValues { $0.sorted { $0.dot < $1.dot } }
    }

    /// Whether `name` is one of FieldSync's own registers rather than a record field.
    public static func isReserved(_ name: String) -> Bool { name.hasPrefix("_") }

    /// Every dot standing in any field.
    public var dots: Set<Dot> {
        var result = Set<Dot>()
        for pairs in fields.values { for pair in pairs { result.insert(pair.dot) } }
        return result
    }

    public var isEmpty: Bool { fields.isEmpty }

    // MARK: Reading

    /// The pair shown for `field` while it is in conflict: the highest dot.
    public func winner(of field: String) -> DottedValue? { fields[field]?.last }

    /// The provisional value of `field`; `nil` if absent or cleared by a delete.
    public func value(of field: String) -> JSONValue? { winner(of: field)?.value.jsonValue }

    /// The provisional value of every record field (reserved registers and tombstones left out).
    public var values: [String: JSONValue] {
        var result = [String: JSONValue]()
        for (name, pairs) in fields where !Self.isReserved(name) {
            if let value = pairs.last?.value.jsonValue { result[name] = value }
        }
        return result
    }

    /// Whether a delete stands (its provisional winner, if the register itself is in conflict).
    public var isDeleted: Bool { value(of: Self.deletedField) == .bool(true) }

    /// The values standing in `field` as a person must weigh them.
    ///
    /// A field that an edit wrote concurrently with a delete, but that the deleting
    /// replica had never seen, holds no tombstone of that delete; the delete still
    /// stands against it, so it is shown beside the value.
    public func standing(_ field: String) -> [DottedValue] {
        var pairs = fields[field] ?? []
        guard isDeleted, !Self.isReserved(field), let delete = winner(of: Self.deletedField),
            let live = pairs.last(where: { !$0.value.isTombstone }),
            !pairs.contains(where: { $0.dot == delete.dot })
        else { return pairs }
        pairs.append(DottedValue(dot: delete.dot, value: .tombstone(previous: live.value.valueOrPrevious)))
        pairs.sort { $0.dot < $1.dot }
        return pairs
    }

    /// Every record field with concurrent values standing, by field name. Values that all
    /// say "deleted" (two deletes at once) agree and are no conflict.
    public var conflicts: [FieldConflict] {
        fields.keys.sorted().compactMap { name in
            guard !Self.isReserved(name) else { return nil }
            let pairs = standing(name)
            guard pairs.count > 1, !pairs.allSatisfy(\.value.isTombstone) else { return nil }
            return FieldConflict(field: name, values: pairs.reversed())
        }
    }

    public var hasConflicts: Bool {
        // Without a delete a field stands as it is: a conflict is one holding two pairs that are
        // not both tombstones, found without listing every conflict (stored with every record).
        guard isDeleted else {
            return fields.contains { name, pairs in
                pairs.count > 1 && !Self.isReserved(name) && !pairs.allSatisfy(\.value.isTombstone)
            }
        }
        return !conflicts.isEmpty
    }

    /// Who settled the last conflict on `field`, if anyone did.
    public func settlement(of field: String) -> JSONValue? { value(of: Self.settlementPrefix + field) }

    // MARK: Writing

    /// A local write: each field in `changes` now holds only `(dot, value)`.
    ///
    /// `dot` must be new to this record (its replica's counter has moved past every
    /// dot the context holds from it); the store guarantees that by taking the dot
    /// from the replica's counter in the same transaction.
    public mutating func write(_ changes: [String: JSONValue], dot: Dot) {
        put(changes.mapValues { FieldValue.value($0) }, dot: dot)
    }

    /// A delete: `_deleted` becomes true and every record field a tombstone that keeps its value.
    public mutating func delete(dot: Dot) {
        var changes: [String: FieldValue] = [Self.deletedField: .value(.bool(true))]
        for (name, pairs) in fields where !Self.isReserved(name) {
            changes[name] = .tombstone(previous: pairs.last?.value.valueOrPrevious ?? .null)
        }
        put(changes, dot: dot)
    }

    mutating func put(_ changes: [String: FieldValue], dot: Dot) {
        precondition(dot.counter > 0 && !context.contains(dot), "a dot names exactly one write")
        for (name, value) in changes { fields[name] = [DottedValue(dot: dot, value: value.canonical)] }
        context.add(dot)
    }
}
