import FieldSyncServer
import FieldSyncShared
import FieldSyncTestSupport
import Testing

/// `PullPage`: how a page is cut, with a replica's own echoes left out, with no I/O.
@Suite struct PullPageTests {
    let me = TestReplicas.first
    let other = TestReplicas.second

    @Test func echoesAreLeftOutButTheCursorMovesPastThem() {
        let records: [(seq: Int64, record: String, pushedBy: ReplicaID?)] = [
            (3, "mine", me), (4, "theirs", other), (6, "merged", nil), (7, "mine again", me),
        ]
        let exits: [(seq: Int64, id: RecordID)] = [(5, RecordID(high: 1, low: 1))]
        let page = PullPage.assemble(
            records: records, exits: exits, after: 2, limit: 4, requester: me, omitEchoes: true)
        #expect(page.records == ["theirs", "merged"])
        #expect(page.removed == [RecordID(high: 1, low: 1)])
        #expect(page.next == 6 && page.more)

        // A page of nothing but echoes still moves on, and the last one ends at the head.
        let echoes = PullPage.assemble(
            records: [(8, "mine", me), (9, "mine", me)], exits: [], after: 7, limit: 5, requester: me,
            omitEchoes: true)
        #expect(echoes.records.isEmpty && echoes.next == 9 && !echoes.more)

        // Not asked: everything, as before.
        let all = PullPage.assemble(records: records, exits: [], after: 2, limit: 10, requester: me)
        #expect(all.records == ["mine", "theirs", "merged", "mine again"])
    }

    @Test func remainingLeavesOutTheRequestersEchoes() {
        let groups: [(pushedBy: ReplicaID?, count: Int64)] = [(me, 100), (other, 7), (nil, 3)]
        #expect(PullPage.remaining(recordsByPusher: groups, exits: 2, requester: me, omitEchoes: true) == 12)
        #expect(PullPage.remaining(recordsByPusher: groups, exits: 2, requester: me, omitEchoes: false) == 112)
        #expect(PullPage.remaining(recordsByPusher: groups, exits: 0, requester: other, omitEchoes: true) == 103)
    }
}
