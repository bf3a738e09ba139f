import FieldSyncShared
import FieldSyncTestSupport
import Testing

/// `Echo`: which change-log entries a replica's pull may leave out, with no I/O.
@Suite struct EchoTests {
    let me = TestReplicas.first
    let other = TestReplicas.second

    func state(_ name: String, _ dots: [Dot]) -> RecordState {
        var state = RecordState()
        for dot in dots { state.write(["name": .string(name)], dot: dot) }
        return state
    }

    @Test func theEntryRemembersThePusherOnlyWhenWhatIsStoredIsWhatItPushed() {
        let pushed = state("Huaxia", [me.dot(1)])
        #expect(Echo.pusher(stored: pushed, pushed: pushed, by: me) == me)
        // Merged with another replica's concurrent write: the stored state is more than the push.
        let merged = pushed.merged(with: state("Yinhe", [other.dot(1)]))
        #expect(merged.hasConflicts)
        #expect(Echo.pusher(stored: merged, pushed: pushed, by: me) == nil)
        // Merged cleanly with a field the pusher did not hold: still not what it pushed.
        var phone = RecordState()
        phone.write(["phone": "010-1"], dot: other.dot(2))
        let clean = pushed.merged(with: phone)
        #expect(!clean.hasConflicts)
        #expect(Echo.pusher(stored: clean, pushed: pushed, by: me) == nil)
    }

    @Test func aPullSkipsOnlyTheAskingReplicasOwnEntriesAndOnlyWhenAsked() {
        #expect(Echo.skips(pushedBy: me, requester: me, omitEchoes: true))
        #expect(!Echo.skips(pushedBy: me, requester: me, omitEchoes: false), "echo=true (the default) sends all")
        #expect(!Echo.skips(pushedBy: other, requester: me, omitEchoes: true))
        #expect(!Echo.skips(pushedBy: nil, requester: me, omitEchoes: true), "a merged entry reaches everyone")
        #expect(!Echo.skips(pushedBy: me, requester: nil, omitEchoes: true), "an unknown requester gets all")
    }

    @Test func aReplicaPullingANewBaselineAsksForEverything() {
        #expect(Echo.mayOmitEchoes(rebaselining: false))
        #expect(!Echo.mayOmitEchoes(rebaselining: true))
    }
}
