import FieldSyncShared

/// What to do with one pushed record: decided from the record, what the server holds,
/// and who pushes it, with no I/O. The store carries it out.
public enum PushDecision: Sendable, Equatable {
    /// Store the merged state with a new place in the change log.
    case store(RecordState, region: Region, outcome: PushOutcome, conflictsOpened: Int)
    /// The server already holds everything pushed: a repeated push changes nothing.
    case unchanged(outcome: PushOutcome)
    /// Not stored, the rest of the batch goes on; the technician is told why.
    case reject(code: String, reason: String)
    /// The whole push is refused (scope or forgery): nothing of it is stored.
    case refuse(code: String, reason: String)

    /// Decides what to do with `pushed` from replica `pusher`, given the server's `existing` state.
    ///
    /// - Scope: a region-bound token may push a record only if the server's copy is in its
    ///   region, or for a new record, if the record is. Moving a record of its own region to
    ///   another is allowed (a customer who moved); taking one from another region is not.
    /// - Forgery: a replica may introduce dots only in its own name; another replica's dot
    ///   must be one the server has already seen for this record. And a dot names one write: a
    ///   state that gives a dot the server holds another value, or erases its value of a field
    ///   under a dot it has already counted, is refused too (`reusedDot`).
    /// - Opinion cards are immutable: once stored, only a delete may change them.
    ///
    /// - A dot names one write: a pushed state must come from the same history of the pusher's
    ///   own writes as what the server holds (`LinearHistory`), else the pusher is a copy that
    ///   forgot writes another copy made under its id, and the push is refused as `replica_forked`
    ///   rather than merged (which would drop one copy's writes as "already seen").
    ///
    /// `purgeMarker`: when `existing` was rebuilt from a purged tombstone's marker, the marker
    /// itself. Dots are checked for reuse against it only: the tombstones rebuilt into the other
    /// fields carry the delete's dot, not the dots the purged fields really held.
    ///
    /// `resending`: the pusher sends again what this server lost in a restore from a backup, so
    /// it may bring other replicas' writes the server has not seen (an office rebuilding its region).
    public static func decide(
        pushed: WireRecord, existing: (kind: String, state: RecordState)?, pusher: ReplicaID, identity: Identity,
        purgeMarker: RecordState? = nil, resending: Bool = false
    ) -> PushDecision {
        guard let kind = RecordKind(rawValue: pushed.kind) else {
            return .reject(
                code: "unknown_kind",
                reason: "\(pushed.kind) is not a record kind this server knows; upgrade the server")
        }
        if let existing, existing.kind != pushed.kind {
            return .reject(
                code: "kind_mismatch",
                reason: "record \(pushed.id) is a \(existing.kind) on the server, not a \(pushed.kind)")
        }
        guard let pushedRegion = pushed.region else {
            return .reject(code: "invalid_record", reason: "the record has no valid region")
        }
        let existingRegion = existing.flatMap { WireRecord(id: pushed.id, kind: $0.kind, state: $0.state).region }
        if !identity.canSee(existingRegion ?? pushedRegion) {
            return .refuse(
                code: SyncErrorCode.outOfScope,
                reason:
                    "record \(pushed.id) belongs to region \((existingRegion ?? pushedRegion).rawValue), outside this token's region"
            )
        }
        let known = existing?.state.context ?? VersionVector()
        for replica in pushed.state.context.replicas where replica != pusher && !resending {
            if pushed.state.context[replica] > known[replica] {
                return .refuse(
                    code: SyncErrorCode.forgedDot,
                    reason:
                        "record \(pushed.id) holds a change of replica \(replica) that the server has never seen; a replica may only add its own changes"
                )
            }
        }
        if let existing,
            let dot = LinearHistory.forgottenWrite(
                of: pusher, own: pushed.state, other: purgeMarker ?? existing.state,
                otherHoldsFields: purgeMarker == nil)
        {
            return .refuse(
                code: SyncErrorCode.replicaForked,
                reason:
                    "record \(pushed.id) lacks this replica's change \(dot.counter), which the server holds: this replica's file is a copy (restored, cloned or rolled back) that another copy has gone on from; it must sync under a new replica id"
            )
        }
        if let existing, let dot = LinearHistory.reusedDot(in: pushed.state, against: purgeMarker ?? existing.state) {
            // The pusher's own counter named twice: a copy of its file wrote under it (a device
            // restored from a backup); it must sync as a new replica, which the agent does on this answer.
            if dot.replica == pusher {
                return .refuse(
                    code: SyncErrorCode.replicaForked,
                    reason:
                        "record \(pushed.id) holds this replica's change \(dot.counter), which differs from the change the server has under that name: this replica's file is a copy (restored, cloned or rolled back); it must sync under a new replica id"
                )
            }
            return .refuse(
                code: SyncErrorCode.forgedDot,
                reason:
                    "record \(pushed.id) holds a change of replica \(dot.replica) that differs from the change the server has under that name; a dot names one write, so a replica may never reuse another's"
            )
        }
        // Every write of a push the purged record's context covers was seen (and deleted) before
        // the purge: a late copy of an old state brings nothing.
        if let purgeMarker, [.equal, .before].contains(pushed.state.context.compare(purgeMarker.context)) {
            return .unchanged(outcome: .applied)
        }
        if let problem = problem(in: pushed.state, kind: kind) {
            return .reject(code: "invalid_record", reason: problem)
        }
        let before = existing?.state ?? RecordState()
        // A record new to the server is stored as pushed (the merge with nothing is the identity).
        let merged = existing == nil ? pushed.state : before.merged(with: pushed.state)
        let hasConflicts = merged.hasConflicts
        let outcome: PushOutcome = hasConflicts ? .conflict : .applied
        if merged == before, existing != nil { return .unchanged(outcome: outcome) }
        if kind.isImmutable, let existing, !merged.isDeleted, userFields(merged) != userFields(existing.state) {
            return .reject(
                code: "immutable",
                reason: "opinion card \(pushed.id) was already filled; a card cannot be changed, add a new one")
        }
        let region =
            existing == nil
            ? pushedRegion : WireRecord(id: pushed.id, kind: pushed.kind, state: merged).region ?? pushedRegion
        let opened = hasConflicts ? max(0, merged.conflicts.count - before.conflicts.count) : 0
        return .store(merged, region: region, outcome: outcome, conflictsOpened: opened)
    }

    /// Every value standing in the pushed state must fit its field, and a live record needs its
    /// required fields. Rules between fields are the agent's to check at entry: two valid
    /// concurrent writes may combine into a provisional pair that breaks one, and that must
    /// still sync so a person can settle it.
    static func problem(in state: RecordState, kind: RecordKind) -> String? {
        // Fields a newer version added pass through unchecked, but not without bound: name and value.
        for (name, pairs) in state.fields {
            for pair in pairs where name.utf8.count + Self.textSize(pair.value.valueOrPrevious) > Self.maximumFieldBytes
            {
                let shown = name.count > 40 ? name.prefix(40) + "…" : name
                return "\(shown) holds more than \(Self.maximumFieldBytes / 1024) KiB of text"
            }
        }
        for spec in kind.fields {
            for pair in state.fields[spec.name] ?? [] {
                if case .value(let value) = pair.value, let problem = spec.check(value) {
                    return "\(spec.name) \(problem.message.english)"
                }
            }
            if spec.isRequired, !state.isDeleted, state.fields[spec.name] == nil {
                return "\(spec.name) is required"
            }
        }
        return nil
    }

    /// The most text one field's value may hold, known fields and unknown ones alike.
    static let maximumFieldBytes = 64 * 1024

    static func textSize(_ value: JSONValue) -> Int {
        switch value {
        case .string(let text): text.utf8.count
        case .array(let items): items.reduce(0) { $0 + textSize($1) }
        case .object(let members): members.reduce(0) { $0 + $1.key.utf8.count + textSize($1.value) }
        default: 8
        }
    }

    private static func userFields(_ state: RecordState) -> [String: [DottedValue]] {
        state.fields.filter { !RecordState.isReserved($0.key) }
    }
}
