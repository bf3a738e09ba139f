extension RecordState {
    /// The join of two states: commutative, associative and idempotent.
    ///
    /// For each field it keeps the pairs both sides hold, and each side's pairs whose
    /// dot the other side's context has not seen (a pair the other side has seen but
    /// no longer holds was replaced there by a later write). Contexts merge by
    /// pointwise maximum.
    ///
    /// ```swift
    /// let merged = local.merged(with: remote)
    /// merged.merged(with: remote) == merged   // idempotent
    /// ```
    public func merged(with other: RecordState) -> RecordState {
        var result = self
        result.merge(other)
        return result
    }

    /// Merges `other` into this state; see `merged(with:)`.
    public mutating func merge(_ other: RecordState) {
        if other.context.isEmpty && other.fields.isEmpty { return }
        // Nothing here yet (a record the server first hears of): the join is the other state.
        if context.isEmpty && fields.isEmpty {
            self = other
            return
        }
        var names = Set(fields.keys)
        names.formUnion(other.fields.keys)
        var mergedFields = [String: [DottedValue]](minimumCapacity: names.count)
        for name in names {
            let mine = fields[name] ?? []
            let theirs = other.fields[name] ?? []
            let pairs = Self.mergePairs(mine, context, theirs, other.context)
            if !pairs.isEmpty { mergedFields[name] = pairs }
        }
        fields = mergedFields
        context.merge(other.context)
    }

    private static func mergePairs(
        _ mine: [DottedValue], _ myContext: VersionVector,
        _ theirs: [DottedValue], _ theirContext: VersionVector
    ) -> [DottedValue] {
        if mine == theirs { return mine }
        var result = [DottedValue]()
        result.reserveCapacity(mine.count + theirs.count)
        let theirDots = Dictionary(theirs.map { ($0.dot, $0) }, uniquingKeysWith: { first, _ in first })
        for pair in mine {
            if let twin = theirDots[pair.dot] {
                // One dot names one write, so both sides hold the same value; should a
                // corrupt peer disagree, the larger encoding wins on every replica alike.
                result.append(twin == pair ? pair : Self.tieBreak(pair, twin))
            } else if !theirContext.contains(pair.dot) {
                result.append(pair)
            }
        }
        let myDots = Set(mine.map(\.dot))
        for pair in theirs where !myDots.contains(pair.dot) && !myContext.contains(pair.dot) {
            result.append(pair)
        }
        result.sort { $0.dot < $1.dot }
        return result
    }

    private static func tieBreak(_ a: DottedValue, _ b: DottedValue) -> DottedValue {
        JSONText.encode(WirePair(a)) >= JSONText.encode(WirePair(b)) ? a : b
    }
}

/// A pair as a self-contained JSON value, used only to order corrupt twins deterministically.
private struct WirePair: Encodable {
    let dot: Dot
    let value: JSONValue
    let tombstone: Bool

    init(_ pair: DottedValue) {
        dot = pair.dot
        value = pair.value.valueOrPrevious
        tombstone = pair.value.isTombstone
    }
}
