import FieldSyncServer
import FieldSyncShared
import FieldSyncTestSupport
import PostgresTestSupport
import Testing

/// No echo (`Echo`): a pull asking to leave out the replica's own pushes, on SQLite and PostgreSQL.
@Suite struct EchoStoreTests {
    let a = TestReplicas.first
    let b = TestReplicas.second
    let c = TestReplicas.third
    let now = TestServer.now
    let withoutEchoes = PullOptions(omitEchoes: true, count: true)

    /// Every page after `cursor` for `replica` in the north, following `next` while `more`: the
    /// records, the last cursor, and each page's cursor and `remaining`.
    func pullAll(
        _ store: any ServerStore, replica: ReplicaID, after start: Int64 = 0, limit: Int = 2,
        options: PullOptions
    ) async throws -> (records: [WireRecord], cursor: Int64, nexts: [Int64], remaining: [Int64?]) {
        var cursor = start
        var (records, nexts, remaining) = ([WireRecord](), [Int64](), [Int64?]())
        while true {
            let page = try await store.pull(
                after: cursor, limit: limit, scope: .north, replica: replica, options: options)
            records += page.records
            nexts.append(page.next)
            remaining.append(page.remaining)
            cursor = page.next
            if !page.more || nexts.count > 100 { break }
        }
        return (records, cursor, nexts, remaining)
    }

    func twoTechnicians(_ server: TestServer) async throws -> (first: Identity, second: Identity) {
        let first = try await server.token("north technician 1", region: .north).identity
        let second = try await server.token("north technician 2", region: .north).identity
        try await server.store.bind(replica: a, identity: first, now: now)
        try await server.store.bind(replica: b, identity: second, now: now)
        return (first, second)
    }

    @Test(arguments: StorageBackend.all)
    func pullWithoutEchoesLeavesOutOwnPushesButNotAnotherReplicasChange(_ backend: StorageBackend) async throws {
        try await TestServer.with(backend) { server in
            let store = server.store
            let (first, second) = try await twoTechnicians(server)
            let own = (1...5).map {
                WireRecord.customer(.test(UInt64($0)), region: .north, name: "customer \($0)", dot: a.dot(UInt64($0)))
            }
            _ = try await store.push(own, pusher: a, identity: first, now: now)
            // Meanwhile another technician edits one of them and adds one of its own.
            let edited = own[2].writing(["phone": "010-3"], dot: b.dot(1))
            let theirs = WireRecord.customer(.test(9), region: .north, name: "theirs", dot: b.dot(2))
            _ = try await store.push([edited, theirs], pusher: b, identity: second, now: now)
            let head = try await pullAll(store, replica: a, limit: 100, options: PullOptions()).cursor

            let pulled = try await pullAll(store, replica: a, options: withoutEchoes)
            #expect(pulled.records == [edited, theirs], "only the other replica's changes come back")
            #expect(pulled.cursor == head, "the last cursor is the head")
            #expect(zip(pulled.nexts, pulled.nexts.dropFirst()).allSatisfy { $0 < $1 }, "every page moves on")
            #expect(pulled.remaining.last == 0)
            // The first page (2 entries: a's own) leaves the edited record and b's new one.
            #expect(pulled.remaining.first == 2)

            let theirPull = try await pullAll(store, replica: b, options: withoutEchoes)
            #expect(theirPull.records == [own[0], own[1], own[3], own[4]], "b gets a's records, not its own")
            #expect(theirPull.cursor == head)

            // Asking with echoes (the default) sends everything, as before.
            let everything = try await pullAll(store, replica: a, options: PullOptions())
            #expect(everything.records.count == 6)
            #expect(everything.remaining.allSatisfy { $0 == nil }, "nothing counted unless asked")
        }
    }

    @Test(arguments: StorageBackend.all)
    func aPushMergedWithAConcurrentChangeComesBack(_ backend: StorageBackend) async throws {
        try await TestServer.with(backend) { server in
            let store = server.store
            let (first, second) = try await twoTechnicians(server)
            let original = WireRecord.customer(.test(1), region: .north, name: "Huaxia", dot: a.dot(1))
            let other = WireRecord.customer(.test(2), region: .north, name: "Other", dot: a.dot(2))
            _ = try await store.push([original, other], pusher: a, identity: first, now: now)
            let cursor = try await pullAll(store, replica: a, limit: 100, options: withoutEchoes).cursor

            // b renames the first and edits the phone of the second; a, concurrently, renames the
            // first too (a conflict) and edits the address of the second (a clean merge).
            let theirs = original.writing(["name": "Huaxia Park"], dot: b.dot(1))
            let theirOther = other.writing(["phone": "010-9"], dot: b.dot(2))
            _ = try await store.push([theirs, theirOther], pusher: b, identity: second, now: now)
            let mine = original.writing(["name": "Huaxia Cemetery"], dot: a.dot(3))
            let myOther = other.writing(["address": "Changping"], dot: a.dot(4))
            let summary = try await store.push([mine, myOther], pusher: a, identity: first, now: now)
            #expect(summary.results.map(\.outcome) == [.conflict, .applied])

            let pulled = try await pullAll(store, replica: a, after: cursor, options: withoutEchoes)
            #expect(pulled.records == [mine.merging(theirs), myOther.merging(theirOther)])
            #expect(pulled.records.first?.state.hasConflicts == true)
            #expect(pulled.remaining == [0])
        }
    }

    /// DESIGN.md §4a: a replica's file restored from a backup takes a new id before it syncs
    /// again; what its old self pushed must all come back to it under the new one, while what
    /// it pushes under the new id (re-issued work) need not.
    @Test(arguments: StorageBackend.all)
    func aRekeyedReplicaStillGetsWhatItsOldSelfPushed(_ backend: StorageBackend) async throws {
        try await TestServer.with(backend) { server in
            let store = server.store
            let (first, _) = try await twoTechnicians(server)
            let x = WireRecord.customer(.test(1), region: .north, name: "X", dot: a.dot(1))
            let y = WireRecord.customer(.test(2), region: .north, name: "Y", dot: a.dot(2))
            _ = try await store.push([x, y], pusher: a, identity: first, now: now)

            // The restored copy (from before x and y) re-keys as c, re-issues a write of its own
            // to y, and pulls from its old cursor.
            try await store.bind(replica: c, identity: first, now: now)
            let reissued = y.writing(["phone": "010-2"], dot: c.dot(1))
            _ = try await store.push([reissued], pusher: c, identity: first, now: now)
            let pulled = try await pullAll(store, replica: c, options: withoutEchoes)
            #expect(pulled.records == [x], "the old self's record comes back; the re-issued one is held")
            #expect(pulled.remaining == [0])

            // Under the old id it would have been left out: the rule is by replica id.
            let asOldSelf = try await pullAll(store, replica: a, options: withoutEchoes)
            #expect(asOldSelf.records == [reissued])
        }
    }
}
