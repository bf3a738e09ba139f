import FieldSyncShared

/// What is left of a purged tombstone, and how a late push merges with it: the same on every store.
enum TombstoneMarker {
    /// The context and the delete itself: no record contents outlive the purge.
    static func marker(of state: RecordState) -> RecordState {
        RecordState(context: state.context, fields: state.fields.filter { $0.key == RecordState.deletedField }) ?? state
    }

    /// A purged tombstone as a state a late push can merge with: its context, the delete,
    /// and a tombstone in every field the push holds, so a late edit shows as a conflict.
    /// The region is the one the record was deleted in, whatever the push claims: it decides
    /// who may push to the record.
    static func resurrectable(_ tombstone: RecordState, region: String, against pushed: RecordState) -> RecordState {
        guard let delete = tombstone.winner(of: RecordState.deletedField) else { return tombstone }
        var fields = tombstone.fields
        for (name, pairs) in pushed.fields where !RecordState.isReserved(name) && fields[name] == nil {
            fields[name] = [
                DottedValue(dot: delete.dot, value: .tombstone(previous: pairs.last?.value.valueOrPrevious ?? .null))
            ]
        }
        fields["region"] = [DottedValue(dot: delete.dot, value: .tombstone(previous: .string(region)))]
        return RecordState(context: tombstone.context, fields: fields) ?? tombstone
    }
}
