/// How a replica that gave up an identity re-issues the writes it made under it that the server
/// has not confirmed to this copy.
///
/// When a replica file may share its history with another copy (it was copied, restored or
/// rolled back), its unconfirmed dots may name other writes elsewhere: the other copy can have
/// issued the same counters. The file takes a new replica id and re-issues each such write under
/// a new dot, with the context it had, so it arrives beside what the server holds (as a value, or
/// as a conflict for a person) instead of being dropped as "already seen".
///
/// The replica's context of the old id is lowered to the confirmed mark: up to it, the server
/// holds this copy's history of the old id; beyond it, whatever the server holds under that id
/// is another copy's, which this copy never saw. A write the server already holds exactly (the
/// same dot, field and value: the copies shared it before they parted) is no conflict: it is
/// dropped here and the server's state, merged in, brings it back under its own dot.
///
/// ```swift
/// // The file was replica `old`, whose writes the server confirmed up to 8; it is now `new`.
/// var counter: UInt64 = 0
/// let outcome = Reissue.plan(local, formers: [old: 8], server: held) {
///     counter += 1; return Dot(replica: new, counter: counter)
/// }
/// ```
public enum Reissue {
    /// A record's state after re-issuing.
    public struct Outcome: Sendable, Equatable {
        public let state: RecordState
        /// Writes given a new dot: they must be pushed.
        public let reissued: Int
        /// Pairs the server already held exactly, left to its dot.
        public let duplicates: Int

        /// Whether the state changed at all (a lowered context alone need not be pushed).
        public let changed: Bool
    }

    /// Re-issues the writes of each former id above its confirmed mark (`formers`: id → mark) in
    /// `local`; `server` is what the server holds for the record (`nil` if nothing). `nextDot` gives a new dot of the replica's current id, in order; it is called
    /// once for each write re-issued. Every former id is handled at once: the server's state may
    /// only be merged in once no unconfirmed dot is left.
    public static func plan(
        _ local: RecordState, formers: [ReplicaID: UInt64], server: RecordState?, nextDot: () -> Dot
    ) -> Outcome {
        guard formers.contains(where: { local.context[$0.key] > $0.value }) else {
            return Outcome(state: local, reissued: 0, duplicates: 0, changed: false)
        }
        func isUnconfirmed(_ dot: Dot) -> Bool { formers[dot.replica].map { dot.counter > $0 } ?? false }

        // One new dot for each write, in the order the writes were made.
        var duplicates = 0
        var toRename = Set<Dot>()
        for (name, pairs) in local.fields {
            for pair in pairs where isUnconfirmed(pair.dot) {
                if let held = server?.fields[name],
                    held.contains(where: { $0.dot == pair.dot && $0.value.canonical == pair.value.canonical })
                {
                    duplicates += 1
                } else {
                    toRename.insert(pair.dot)
                }
            }
        }
        var renamed = [Dot: Dot]()
        for dot in toRename.sorted() { renamed[dot] = nextDot() }

        var fields = [String: [DottedValue]]()
        for (name, pairs) in local.fields {
            var kept = [DottedValue]()
            for pair in pairs {
                if let new = renamed[pair.dot] {
                    kept.append(DottedValue(dot: new, value: pair.value))
                } else if !isUnconfirmed(pair.dot) {
                    kept.append(pair)
                }
            }
            if !kept.isEmpty { fields[name] = kept.sorted { $0.dot < $1.dot } }
        }
        var counters = local.context.counters
        for (former, confirmed) in formers where counters[former].map({ $0 > confirmed }) == true {
            // Up to the mark, this copy's writes of the old id are the server's: the context may
            // say it has seen them, but no more than the server has of this record (a context past
            // the record's own writes would name writes the server never saw here).
            let kept = fields.values.joined().filter { $0.dot.replica == former }.map(\.dot.counter).max() ?? 0
            counters[former] = max(min(confirmed, server?.context[former] ?? confirmed), kept)
        }
        var context = VersionVector(counters)
        for new in renamed.values { context.add(new) }
        guard var state = RecordState(context: context, fields: fields) else {
            preconditionFailure("a re-issued state keeps only pairs its context covers")
        }
        // The duplicates come back under their own dots; so does everything else the server
        // holds, which this state can now safely meet.
        if duplicates > 0, let server { state.merge(server) }
        return Outcome(state: state, reissued: renamed.count, duplicates: duplicates, changed: state != local)
    }

    /// The other replicas' writes in `local` that clash with what `other` holds under the same
    /// dots, as the former marks that re-issue them: for each such replica, the counter below its
    /// lowest clashing dot. Empty when one history explains both.
    ///
    /// Two different writes under one dot of another replica come only from a double fault: a
    /// copy of that replica's file (restored, rolled back) wrote again under counters a server
    /// restored from a backup had forgotten. Both writes are someone's work: the one held here is
    /// re-issued under this replica's id, so it stands beside the other as a conflict.
    public static func clashes(in local: RecordState, against other: RecordState, me: ReplicaID) -> [ReplicaID: UInt64]
    {
        var formers = [ReplicaID: UInt64]()
        var state = local
        // A stand-in id: the renamed pairs can clash with nothing, and no real dot is spent.
        let standIn = ReplicaID(high: .max, low: .max)
        var counter: UInt64 = 0
        while let dot = LinearHistory.reusedDot(in: state, against: other), dot.replica != me, dot.replica != standIn {
            guard dot.counter > 0 else { break }
            formers[dot.replica] = min(formers[dot.replica] ?? .max, dot.counter - 1)
            state =
                plan(local, formers: formers, server: nil) {
                    counter += 1
                    return Dot(replica: standIn, counter: counter)
                }.state
        }
        return formers
    }
}
