import FieldSyncShared

/// What the server remembers of a replica's syncs: the epochs it handed, and how far its
/// writes have come.
public struct ReplicaMemory: Sendable, Equatable {
    /// The epoch the replica showed last (so it has kept it in its file).
    public var current: Epoch?
    /// The epochs handed at hellos since the replica last showed one, newest last (a few: a hello
    /// sent twice at once, a client's retry racing its original, hands two).
    public var pending: [Epoch]
    /// The highest counter this replica has shown or pushed.
    public var mark: UInt64
    /// The replica is sending again what a restored server lacks: its pushes may carry other
    /// replicas' writes this server has not seen.
    public var resending: Bool
    /// The server's timeline at the replica's last hello (`nil` before the first).
    public var timeline: String?

    /// How many handed epochs are remembered at most.
    public static let pendingLimit = 8

    public init(
        current: Epoch? = nil, pending: [Epoch] = [], mark: UInt64 = 0, resending: Bool = false, timeline: String? = nil
    ) {
        self.current = current
        self.pending = pending
        self.mark = mark
        self.resending = resending
        self.timeline = timeline
    }
}

/// Where the server stands when a replica says hello.
public struct ServerStanding: Sendable, Equatable {
    /// The newest place in the change log.
    public var newestChange: Int64
    /// The server's timeline: a random id, new each time the server learns it was restored from
    /// a backup (a backup's copy put in place, the store's file copied, or a replica that shows
    /// what the server forgot). Every replica that last spoke to another one is told so once.
    public var timeline: String
    /// The id a new timeline takes, should this hello find the server restored.
    public var nextTimeline: String
    /// The server's earlier timelines: a replica showing one of them is behind a restore the
    /// server already knows of.
    public var earlierTimelines: Set<String>
    /// One of the ids the replica's file wrote under before (same token) is sending again what a
    /// restore lost: the new id may go on doing so.
    public var formerResending: Bool

    public init(
        newestChange: Int64, timeline: String, nextTimeline: String, earlierTimelines: Set<String> = [],
        formerResending: Bool = false
    ) {
        self.newestChange = newestChange
        self.timeline = timeline
        self.nextTimeline = nextTimeline
        self.earlierTimelines = earlierTimelines
        self.formerResending = formerResending
    }
}

/// The server's side of a hello and of every request after it: whether the replica is the very
/// copy the server last spoke to, a copy that forgot part of its history, or speaks to a server
/// that forgot part of its own. Decided from what the server remembers and what the replica
/// shows, with no I/O; the store reads the memory, locks it, and writes what this returns.
public enum ReplicaHandshake {
    /// The outcome of a hello.
    public enum Verdict: Sendable, Equatable {
        /// Go on; `memory` is what to remember now (a new pending epoch handed). `newTimeline`:
        /// this hello found the server restored, so the server starts this new timeline.
        case proceed(HelloVerdict, reason: String?, memory: ReplicaMemory, newTimeline: String?)
        /// The copy forgot writes another copy made under its id: 409 `replica_forked`.
        case forked(reason: String)
    }

    /// Decides a hello. `memory` is `nil` for a replica the server has never seen; `fresh` is the
    /// epoch to hand out.
    ///
    /// - A replica that last spoke to an earlier timeline of the server is told it was restored.
    /// - A copy is the one the server last spoke to when it shows the current or a pending
    ///   epoch (a sync interrupted before the replica kept the pending one shows the current) and
    ///   its counter has not gone back behind the mark.
    /// - It is a copy that forgot part of its history when it shows an older epoch, or none
    ///   though it had kept one, or a counter behind the mark.
    /// - The server forgot (a restore from a backup, or another server) when the replica shows an
    ///   epoch the server never handed it (newer than any it remembers, or a number it handed
    ///   with another random part), a confirmed counter above the mark, a cursor past the newest
    ///   change, or has synced before with a server that does not know it: a new timeline.
    public static func decide(hello: HelloRequest, memory: ReplicaMemory?, server: ServerStanding, fresh: Epoch)
        -> Verdict
    {
        let rekeyed = !(hello.former ?? []).isEmpty
        // The replica's file says which timeline its cursor and confirmations belong to.
        if let shown = hello.timeline, shown != server.timeline {
            // A timeline the server never had: it was restored from a copy older than that timeline.
            let known = server.earlierTimelines.contains(shown)
            let reason =
                known
                ? "the server was restored from a backup since this replica's last sync"
                : "this replica last synced on a timeline this server never had; it was restored from a backup"
            return restored(
                reason, memory: memory ?? ReplicaMemory(), hello: hello, fresh: fresh, server: server, found: !known)
        }
        guard let memory else {
            // A file that took a new id keeps its cursor: only an epoch or a confirmation of the new
            // id, or a cursor past everything, says that this server forgot it.
            if hello.epoch != nil || hello.confirmed > 0 || hello.cursor > server.newestChange
                || (hello.cursor > 0 && !rekeyed)
            {
                let reason =
                    "this server does not know replica \(hello.replica), which has synced before; it was restored from a backup or is another server"
                return restored(
                    reason, memory: ReplicaMemory(), hello: hello, fresh: fresh, server: server, found: true)
            }
            let memory = ReplicaMemory(
                pending: [fresh], mark: hello.counter, resending: hello.resending && server.formerResending,
                timeline: server.timeline)
            return .proceed(.ok, reason: nil, memory: memory, newTimeline: nil)
        }
        if let timeline = memory.timeline, timeline != server.timeline {
            let reason = "the server was restored from a backup since this replica's last sync"
            return restored(reason, memory: memory, hello: hello, fresh: fresh, server: server, found: false)
        }
        if hello.cursor > server.newestChange {
            let reason =
                "this replica pulled up to change \(hello.cursor) but the server's newest is \(server.newestChange); it was restored from a backup"
            return restored(reason, memory: memory, hello: hello, fresh: fresh, server: server, found: true)
        }
        if let shown = hello.epoch, shown != memory.current, !memory.pending.contains(shown) {
            let handed = [memory.current].compactMap { $0 } + memory.pending
            let newest = handed.map(\.number).max() ?? 0
            // Told of a restore and not yet back with the epoch handed then: the same replica again.
            let stillRestoring = memory.resending && memory.current == nil
            if stillRestoring || shown.number > newest || handed.contains(where: { $0.number == shown.number }) {
                let reason =
                    "the server does not remember this replica's last sync (\(shown.number)); it was restored from a backup"
                return restored(
                    reason, memory: memory, hello: hello, fresh: fresh, server: server, found: !stillRestoring)
            }
            return .forked(
                reason:
                    "this replica's file is an older copy: the server has synced with a later copy of it since (sync \(newest); this copy last synced at \(shown.number))"
            )
        }
        if hello.epoch == nil {
            if memory.current != nil {
                return .forked(
                    reason:
                        "this replica's file is an older copy: it has not kept the epoch of a later sync the server made with it"
                )
            }
            if memory.pending.isEmpty {
                // An older fieldsync synced this replica without a hello: nothing to compare yet.
                var next = memory
                next.pending = [fresh]
                next.mark = max(memory.mark, hello.counter)
                next.timeline = server.timeline
                return .proceed(.ok, reason: nil, memory: next, newTimeline: nil)
            }
        }
        if hello.confirmed > memory.mark {
            let reason =
                "the server confirmed this replica's writes up to \(hello.confirmed) but holds them only up to \(memory.mark); it was restored from a backup"
            return restored(reason, memory: memory, hello: hello, fresh: fresh, server: server, found: true)
        }
        if hello.counter < memory.mark {
            return .forked(
                reason:
                    "this replica's file is an older copy: the server holds its writes up to \(memory.mark), the file only up to \(hello.counter)"
            )
        }
        var next = memory
        if let shown = hello.epoch, memory.pending.contains(shown) {
            // The replica kept one of the epochs handed since: that copy is the replica now.
            next.current = shown
            next.pending = [fresh]
        } else {
            next.pending = Array((memory.pending + [fresh]).suffix(ReplicaMemory.pendingLimit))
        }
        next.mark = max(memory.mark, hello.counter)
        // A replica still sending again what a restore lost keeps its leave until it is done.
        next.resending = memory.resending && hello.resending
        next.timeline = server.timeline
        return .proceed(.ok, reason: nil, memory: next, newTimeline: nil)
    }

    /// The server forgot part of what this replica synced: it sends everything again (other
    /// replicas' writes the server lost included) under a new id, and pulls from the start.
    /// `found`: this hello is how the server learns it was restored, so a new timeline begins.
    private static func restored(
        _ reason: String, memory: ReplicaMemory, hello: HelloRequest, fresh: Epoch, server: ServerStanding, found: Bool
    ) -> Verdict {
        let timeline = found ? server.nextTimeline : server.timeline
        let next = ReplicaMemory(
            current: nil, pending: [fresh], mark: max(memory.mark, hello.counter), resending: true, timeline: timeline)
        return .proceed(.serverRestored, reason: reason, memory: next, newTimeline: found ? timeline : nil)
    }

    /// The outcome of the epoch a push or pull shows.
    public enum RequestCheck: Sendable, Equatable {
        /// Go on; `promote` when the replica shows the pending epoch for the first time.
        case accept(promote: Bool)
        case refuse(reason: String)
    }

    /// Checks the epoch a push or a pull shows against what the server remembers.
    ///
    /// A replica that has never said hello (an older fieldsync) shows none and is taken as
    /// before; once it has, every request must show the epoch of its sync: another copy's
    /// requests are refused before they can merge anything.
    public static func check(shown: Epoch?, memory: ReplicaMemory?) -> RequestCheck {
        guard let memory, memory.current != nil || !memory.pending.isEmpty else { return .accept(promote: false) }
        guard let shown else {
            return .refuse(reason: "this replica has synced with a handshake before; sync with a current fieldsync")
        }
        if shown == memory.current { return .accept(promote: false) }
        if memory.pending.contains(shown) { return .accept(promote: true) }
        return .refuse(
            reason: "another copy of this replica has synced since this sync began (this file is a copy); sync again")
    }
}

extension ReplicaHandshake {
    /// A replica already bound to another token: the same answer on every store.
    static func boundElsewhere(_ replica: ReplicaID) -> ServerError {
        ServerError(
            .refused, SyncErrorCode.replicaBound,
            "replica \(replica) already syncs with another token; run `fieldsync init` for a new replica on this device"
        )
    }

    /// The typed answer to a copy that forgot part of its history: the agent takes a new id.
    static func forked(_ reason: String) -> ServerError {
        ServerError(
            .outOfStep, SyncErrorCode.replicaForked,
            "\(reason); the replica must take a new replica id and send again what the server has not confirmed (fieldsync does this by itself)"
        )
    }

    /// The memory of a replica as both stores keep it: epochs as text (the pending ones separated
    /// by spaces), the mark as a number.
    static func memory(current: String?, pending: String?, mark: Int64, resending: Bool, timeline: String?)
        -> ReplicaMemory
    {
        ReplicaMemory(
            current: current.flatMap(Epoch.init), pending: (pending ?? "").split(separator: " ").compactMap(Epoch.init),
            mark: UInt64(max(0, mark)), resending: resending, timeline: timeline)
    }

    /// The pending epochs as the stores keep them; `nil` for none.
    static func pendingText(_ memory: ReplicaMemory) -> String? {
        memory.pending.isEmpty ? nil : memory.pending.map(\.description).joined(separator: " ")
    }
}
