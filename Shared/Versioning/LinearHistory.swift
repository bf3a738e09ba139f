/// Whether two states of one record can both come from one history of a replica's writes.
///
/// A replica's own state of a record always holds every write it made to that record: its writes
/// are made there, and a merge never drops a pair its own context has not seen replaced. So when
/// one side (`own`, the replica's state) and the other (`other`, anyone's state) disagree about
/// the replica's own writes in a way no single history allows, the replica's dots name two
/// different writes: a copy of its file, a restore from a backup or a rolled-back snapshot wrote
/// under counters another copy had already used. Merging the two would then drop writes
/// silently (each side's context "has seen" the other's dot), so the caller refuses instead.
///
/// The server asks it of every pushed state (`own` = pushed, `replica` = the pusher, `other` =
/// what it holds); the agent of every pulled state (`own` = its state, `replica` = itself).
///
/// ```swift
/// // The server holds the pusher's write 12 to `phone`; a restored copy pushes its write 11.
/// LinearHistory.forgottenWrite(of: r, own: pushed, other: held)   // Dot(r, 12)
/// ```
public enum LinearHistory {
    /// A dot of `replica` that shows `own` and `other` come from different histories of its
    /// writes; `nil` when one history explains both.
    ///
    /// 1. `other` has seen a write of `replica` to this record that `own` has not: the replica
    ///    forgot one of its own writes.
    /// 2. `other` holds a pair of `replica` that `own` claims to have seen and no longer holds,
    ///    yet nothing `own` holds in that field is new to `other`: in one history the replica
    ///    replaces its own value only with a later write, which `other` would not have seen.
    /// 3. The mirror: `own` holds a pair of `replica` that `other` claims to have seen and no
    ///    longer holds, yet nothing in that field of `other` is new to `own`: whatever replaced
    ///    it had seen it, and a write that had seen it would be news to `own`.
    ///
    /// `otherHoldsFields` is false when `other` is what is left of a purged record (its context
    /// and its delete): its fields were erased by the purge, not replaced, so rule 3 cannot apply.
    public static func forgottenWrite(
        of replica: ReplicaID, own: RecordState, other: RecordState, otherHoldsFields: Bool = true
    ) -> Dot? {
        let mine = own.context[replica]
        let theirs = other.context[replica]
        if theirs > mine { return Dot(replica: replica, counter: theirs) }
        // Nothing of `replica` on either side that both have seen: no pair can be in question.
        guard mine > 0, theirs > 0 else { return nil }
        if let dot = replacedWithoutNews(of: replica, holder: other, claimant: own) { return dot }
        return otherHoldsFields ? replacedWithoutNews(of: replica, holder: own, claimant: other) : nil
    }

    /// A pair of `replica` that `holder` holds and `claimant` says it has seen and replaced,
    /// where `claimant`'s field holds nothing `holder` has not seen.
    private static func replacedWithoutNews(of replica: ReplicaID, holder: RecordState, claimant: RecordState) -> Dot? {
        for (name, pairs) in holder.fields {
            for pair in pairs where pair.dot.replica == replica && claimant.context.contains(pair.dot) {
                let replacing = claimant.fields[name] ?? []
                if replacing.contains(where: { $0.dot == pair.dot }) { continue }
                if !replacing.contains(where: { !holder.context.contains($0.dot) }) { return pair.dot }
            }
        }
        return nil
    }

    /// A dot `pushed` uses for another write than the one `held` holds under it.
    ///
    /// Either the pushed state holds a pair under a dot the server holds with another value, or
    /// in some field each side has seen and replaced the other's value, which no history allows:
    /// the other side's write would have to come both before and after its own. Merging either
    /// would overwrite (the tie-break of twins) or erase (each side drops the other's pair) what
    /// `held` holds, under the name of a write it already has. Only copies of one replica's
    /// file (restored, cloned, rolled back) that both wrote under one counter make this.
    public static func reusedDot(in pushed: RecordState, against held: RecordState) -> Dot? {
        for (name, theirs) in pushed.fields {
            guard let mine = held.fields[name], mine != theirs else { continue }
            let theirDots = Set(theirs.map(\.dot))
            let heldValues = Dictionary(mine.map { ($0.dot, $0.value) }, uniquingKeysWith: { first, _ in first })
            let mineReplaced = mine.contains { !theirDots.contains($0.dot) && pushed.context.contains($0.dot) }
            for pair in theirs {
                if let twin = heldValues[pair.dot] {
                    // What a delete cleared is only a note beside its tombstone (a purged one is rebuilt from the push).
                    if twin.isTombstone && pair.value.isTombstone { continue }
                    if twin.isTombstone != pair.value.isTombstone
                        || twin.valueOrPrevious.canonical != pair.value.valueOrPrevious.canonical
                    {
                        return pair.dot
                    }
                } else if mineReplaced, held.context.contains(pair.dot) {
                    return pair.dot
                }
            }
        }
        return nil
    }
}
