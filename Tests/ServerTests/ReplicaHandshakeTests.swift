import FieldSyncServer
import FieldSyncShared
import FieldSyncTestSupport
import Testing

/// `ReplicaHandshake`: the very copy the server last spoke to, a copy that forgot part of its
/// history, or a server that forgot part of its own; decided without I/O.
@Suite struct ReplicaHandshakeTests {
    let r = TestReplicas.first
    static func epoch(_ number: Int64, _ digit: Character = "a") -> Epoch {
        Epoch(number: number, token: String(repeating: digit, count: 32))
    }
    let server = ServerStanding(newestChange: 100, timeline: "now", nextTimeline: "next", earlierTimelines: ["before"])

    func hello(
        epoch: Epoch?, counter: UInt64 = 10, confirmed: UInt64 = 8, cursor: Int64 = 50, timeline: String? = "now"
    ) -> HelloRequest {
        HelloRequest(
            replica: r, epoch: epoch, counter: counter, confirmed: confirmed, cursor: cursor, timeline: timeline)
    }

    /// Synced at epoch 7 (kept), then handed 9 at a hello it has not shown yet.
    var memory: ReplicaMemory {
        ReplicaMemory(current: Self.epoch(7), pending: [Self.epoch(9)], mark: 10, timeline: "now")
    }

    func verdict(_ hello: HelloRequest, memory: ReplicaMemory?, server: ServerStanding? = nil)
        -> ReplicaHandshake.Verdict
    {
        ReplicaHandshake.decide(hello: hello, memory: memory, server: server ?? self.server, fresh: Self.epoch(12, "f"))
    }

    func outcome(_ verdict: ReplicaHandshake.Verdict) -> String {
        switch verdict {
        case .forked: "forked"
        case .proceed(let outcome, _, _, let timeline):
            timeline == nil ? outcome.rawValue : "\(outcome.rawValue), new timeline"
        }
    }

    @Test func theSameCopyGoesOnAndKeepsWhatItShows() throws {
        // It kept the epoch of its last sync (or the one before, if the last was cut short).
        for shown in [Self.epoch(7), Self.epoch(9)] {
            let result = verdict(hello(epoch: shown), memory: memory)
            guard case .proceed(.ok, _, let next, nil) = result else { Issue.record("\(result)"); continue }
            #expect(next.pending.last == Self.epoch(12, "f"))
            #expect(next.current == shown)
            #expect(next.mark == 10)
        }
        // A hello sent twice at once hands two epochs: either may be the one kept.
        guard case .proceed(_, _, let twice, _) = verdict(hello(epoch: Self.epoch(7)), memory: memory) else { return }
        #expect(twice.pending == [Self.epoch(9), Self.epoch(12, "f")])
        #expect(ReplicaHandshake.check(shown: Self.epoch(9), memory: twice) == .accept(promote: true))
        #expect(ReplicaHandshake.check(shown: Self.epoch(12, "f"), memory: twice) == .accept(promote: true))
        #expect(ReplicaHandshake.check(shown: Self.epoch(7), memory: twice) == .accept(promote: false))
    }

    @Test func aCopyThatForgotPartOfItsHistoryIsForked() {
        // An older epoch: restored from a backup, or a clone that another copy synced past.
        #expect(outcome(verdict(hello(epoch: Self.epoch(5)), memory: memory)) == "forked")
        // No epoch, though a later sync's was kept.
        #expect(outcome(verdict(hello(epoch: nil), memory: memory)) == "forked")
        // The current epoch, but its counter behind what the server holds from it: rolled back.
        #expect(outcome(verdict(hello(epoch: Self.epoch(7), counter: 9), memory: memory)) == "forked")
        // Its requests under another copy's epoch, or none.
        #expect(ReplicaHandshake.check(shown: Self.epoch(5), memory: memory) != .accept(promote: false))
        #expect(ReplicaHandshake.check(shown: nil, memory: memory) != .accept(promote: false))
    }

    @Test func aServerThatForgotIsFound() {
        // An epoch newer than any it handed, or a number it handed with another random part.
        #expect(outcome(verdict(hello(epoch: Self.epoch(30)), memory: memory)) == "server_restored, new timeline")
        #expect(outcome(verdict(hello(epoch: Self.epoch(9, "b")), memory: memory)) == "server_restored, new timeline")
        // Confirmed more than the server holds, or pulled past its newest change.
        #expect(outcome(verdict(hello(epoch: Self.epoch(7), confirmed: 20, cursor: 50), memory: memory)) != "ok")
        #expect(
            outcome(verdict(hello(epoch: Self.epoch(7), cursor: 500), memory: memory))
                == "server_restored, new timeline")
        // A replica that has synced before, unknown here.
        #expect(outcome(verdict(hello(epoch: Self.epoch(3)), memory: nil)) == "server_restored, new timeline")
        // A timeline the server already left behind: told once, no new timeline.
        #expect(outcome(verdict(hello(epoch: Self.epoch(7), timeline: "before"), memory: memory)) == "server_restored")
        let stale = ReplicaMemory(current: Self.epoch(7), mark: 10, timeline: "before")
        #expect(outcome(verdict(hello(epoch: Self.epoch(7), timeline: nil), memory: stale)) == "server_restored")
        // A timeline it never had: a new one starts.
        #expect(
            outcome(verdict(hello(epoch: Self.epoch(7), timeline: "elsewhere"), memory: memory))
                == "server_restored, new timeline")
    }

    @Test func aRestoredReplicaIsToldOnceAndMaySendOthersWrites() {
        guard case .proceed(.serverRestored, _, let told, _) = verdict(hello(epoch: Self.epoch(30)), memory: memory)
        else {
            Issue.record("not told")
            return
        }
        #expect(told.resending && told.current == nil)
        // Cut short before it kept the new epoch, it shows the old one again: told again, not forked.
        #expect(outcome(verdict(hello(epoch: Self.epoch(30)), memory: told, server: server)) == "server_restored")
        // Its new id (the file takes one) goes on sending others' writes.
        let renamed = HelloRequest(
            replica: TestReplicas.second, epoch: nil, counter: 0, confirmed: 0, cursor: 0, resending: true, former: [r])
        var standing = server
        standing.formerResending = true
        guard case .proceed(.ok, _, let fresh, _) = verdict(renamed, memory: nil, server: standing) else {
            Issue.record("new id")
            return
        }
        #expect(fresh.resending)
        standing.formerResending = false
        guard case .proceed(.ok, _, let refused, _) = verdict(renamed, memory: nil, server: standing) else {
            Issue.record("new id")
            return
        }
        #expect(!refused.resending, "no leave without a restore behind it")
    }

    @Test func aNewReplicaAndAnOlderFieldsyncAreTakenAsTheyCome() {
        let new = HelloRequest(replica: r, epoch: nil, counter: 3, confirmed: 0, cursor: 0)
        #expect(outcome(verdict(new, memory: nil)) == "ok")
        // A file that took a new id keeps its cursor.
        let renamed = HelloRequest(
            replica: r, epoch: nil, counter: 0, confirmed: 0, cursor: 60, former: [TestReplicas.second])
        #expect(outcome(verdict(renamed, memory: nil)) == "ok")
        // Synced by an older fieldsync without hellos: nothing to compare yet.
        let legacy = ReplicaMemory(mark: 4)
        #expect(outcome(verdict(hello(epoch: nil, timeline: nil), memory: legacy)) == "ok")
        #expect(ReplicaHandshake.check(shown: nil, memory: legacy) == .accept(promote: false))
        #expect(ReplicaHandshake.check(shown: nil, memory: nil) == .accept(promote: false))
    }
}
