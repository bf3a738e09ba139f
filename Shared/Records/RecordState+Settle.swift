/// Why a conflict could not be settled as asked.
public enum SettleError: Error, Equatable, Sendable {
    /// The field has one value standing: there is nothing to settle.
    case noConflict(field: String)
    /// The values standing are not the ones the person saw (a sync came in between).
    case conflictChanged(field: String)
    /// `--keep` named a dot that does not stand in the field.
    case unknownDot(field: String, dot: Dot)
}

extension RecordState {
    /// Settles the conflict on `field`: an ordinary write, with a new dot, that
    /// supersedes exactly the values `seen` (the dots the person was shown).
    ///
    /// The choice is written with `dot`; who settled it, when and why go in
    /// `_settled.FIELD` with the same dot. A concurrent write that no replica here
    /// has seen is not in this state's context, so it survives the merge and
    /// reopens the conflict rather than vanishing. Keeping a value over a delete's
    /// tombstone restores the record: every field the delete cleared gets its
    /// value back. Keeping the tombstone confirms the delete.
    ///
    /// ```swift
    /// let conflict = state.conflicts[0]
    /// try state.settle(field: conflict.field, choice: .keep(conflict.values[1].dot),
    ///                  seen: Set(conflict.values.map(\.dot)),
    ///                  settlement: Settlement(by: "Li Wei", at: now), dot: nextDot)
    /// ```
    public mutating func settle(
        field: String, choice: SettlementChoice, seen: Set<Dot>, settlement: Settlement, dot: Dot
    ) throws(SettleError) {
        let standing = self.standing(field)
        guard standing.count > 1, !standing.allSatisfy(\.value.isTombstone) else { throw .noConflict(field: field) }
        guard Set(standing.map(\.dot)) == seen else { throw .conflictChanged(field: field) }

        let chosen: FieldValue
        switch choice {
        case .keep(let kept):
            guard let pair = standing.first(where: { $0.dot == kept }) else {
                throw .unknownDot(field: field, dot: kept)
            }
            chosen = pair.value
        case .value(let value):
            chosen = .value(value)
        }

        var record: [String: JSONValue] = ["by": .string(settlement.by), "at": .string(settlement.at)]
        if let reason = settlement.reason { record["reason"] = .string(reason) }
        record["superseded"] = .array(standing.map { .string($0.dot.description) })
        if case .keep(let kept) = choice { record["kept"] = .string(kept.description) }

        var changes: [String: FieldValue] = [
            field: chosen,
            Self.settlementPrefix + field: .value(.object(record)),
        ]
        if !chosen.isTombstone && isDeleted {
            changes[Self.deletedField] = .value(.bool(false))
            for (name, pairs) in fields where name != field && !Self.isReserved(name) {
                let live = pairs.filter { !$0.value.isTombstone }
                if live.isEmpty, let last = pairs.last {
                    changes[name] = .value(last.value.valueOrPrevious)
                } else if live.count == 1, pairs.count > 1 {
                    // A field restored earlier (or edited) beside another, concurrent delete's
                    // tombstone: undoing the delete keeps that one value. Two live values are a
                    // conflict between edits and stay for a person to settle.
                    changes[name] = live[0].value
                }
            }
        }
        put(changes, dot: dot)
    }
}
