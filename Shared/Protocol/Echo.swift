/// A replica's own writes coming back to it: the rule that lets a pull leave them out.
///
/// When the server stores exactly the state a replica pushed (the push dominated what the server
/// held: nothing concurrent merged in, no conflict added), that replica already holds what the
/// change-log entry would bring, so sending it back costs a metered link the same bytes twice.
/// The entry remembers its pusher; a pull that asks `echo=false` passes over the entries the
/// asking replica pushed, while its cursor still moves past them.
///
/// ```swift
/// let stored = existing.merged(with: pushed.state)
/// Echo.pusher(stored: stored, pushed: pushed.state, by: me)        // me: stored == pushed
/// Echo.skips(pushedBy: me, requester: me, omitEchoes: true)        // true
/// Echo.skips(pushedBy: nil, requester: me, omitEchoes: true)       // false: someone else's change
/// ```
///
/// A replica id names one file's history (DESIGN.md §4a): a copy or a restored file takes a new
/// id before it syncs again, so entries its old self pushed come back to it in full.
public enum Echo {
    /// Which replica a change-log entry remembers as its pusher: `pusher` when the state stored is
    /// exactly the one it pushed, else nobody (the entry must reach every replica, its pusher too).
    public static func pusher(stored: RecordState, pushed: RecordState, by pusher: ReplicaID) -> ReplicaID? {
        stored == pushed ? pusher : nil
    }

    /// Whether a pull by `requester` leaves out an entry whose pusher is `pushedBy`: only when the
    /// pull asks for that (`omitEchoes`) and the entry is exactly what that same replica pushed.
    public static func skips(pushedBy: ReplicaID?, requester: ReplicaID?, omitEchoes: Bool) -> Bool {
        guard omitEchoes, let pushedBy, let requester else { return false }
        return pushedBy == requester
    }

    /// Whether a replica may ask for a pull without its echoes. Not while it pulls a new baseline:
    /// it then drops every record the baseline did not bring, its own pushes included.
    public static func mayOmitEchoes(rebaselining: Bool) -> Bool { !rebaselining }
}
