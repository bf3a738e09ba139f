import FieldSyncServer
import FieldSyncShared
import FieldSyncTestSupport
import HTTPTypes
import PostgresTestSupport
import Testing

/// Tombstone purge and rebaseline, through the store API, on SQLite and on PostgreSQL.
@Suite struct PurgeTests {
    let a = TestReplicas.first
    let b = TestReplicas.second
    let c = TestReplicas.third
    let now = TestServer.now

    /// Two south technicians, replica `a` bound to the first and `b` to the second; `a` has
    /// pushed a customer (seq 1), its delete (seq 2) and a live customer (seq 3).
    struct Scene {
        let server: TestServer
        let first: Identity
        let second: Identity
        let created: WireRecord
        let deleted: WireRecord
        let live: WireRecord
        var store: any ServerStore { server.store }
    }

    func scene(_ server: TestServer) async throws -> Scene {
        let first = try await server.token("south technician 1", region: .south).identity
        let second = try await server.token("south technician 2", region: .south).identity
        try await server.store.bind(replica: a, identity: first, now: now)
        try await server.store.bind(replica: b, identity: second, now: now)
        let created = WireRecord.customer(
            .test(1), region: .south, dot: a.dot(1), ["phone": "020-1", "address": "Panyu"])
        let deleted = created.deleting(dot: a.dot(2))
        let live = WireRecord.customer(.test(2), region: .south, name: "Yinhe", dot: a.dot(3))
        for record in [created, deleted, live] {
            let summary = try await server.store.push([record], pusher: a, identity: first, now: now)
            #expect(summary.stored == 1)
        }
        return Scene(server: server, first: first, second: second, created: created, deleted: deleted, live: live)
    }

    /// The pull error's code and status, or `nil` if the pull succeeded.
    func pullFailure(_ store: any ServerStore, after cursor: Int64) async -> (code: String, status: Int)? {
        do {
            _ = try await store.pull(after: cursor, limit: 100, scope: .south, replica: nil)
            return nil
        } catch let error as ServerError {
            return (error.code, error.status.code)
        } catch {
            return ("unexpected \(error)", 0)
        }
    }

    @Test(arguments: StorageBackend.all)
    func tombstoneStaysUntilEveryReplicaHasPulledPastIt(_ backend: StorageBackend) async throws {
        try await TestServer.with(backend) { server in
            let scene = try await scene(server)
            let store = scene.store
            let head = try await store.pull(after: 0, limit: 100, scope: .south, replica: nil)
            #expect(head.next == 3)
            #expect(head.records.map(\.id) == [scene.created.id, scene.live.id])

            #expect(try await store.acknowledge(replica: a, cursor: 3, now: now) == 0)
            #expect(try await store.allRecords(scope: nil).contains(scene.deleted), "b has not pulled the delete yet")
            #expect(try await store.acknowledge(replica: b, cursor: 1, now: now) == 0)
            #expect(
                try await store.allRecords(scope: nil).contains(scene.deleted), "b's cursor is still before the delete")

            #expect(try await store.acknowledge(replica: b, cursor: 2, now: now) == 1)
            #expect(try await store.allRecords(scope: nil) == [scene.live])
            #expect(try await store.pull(after: 0, limit: 100, scope: .south, replica: nil).records == [scene.live])
            // A replica at or past the purged place pulls on as before.
            #expect(await pullFailure(store, after: 2) == nil)
            #expect(await pullFailure(store, after: 3) == nil)
        }
    }

    @Test(arguments: StorageBackend.all)
    func replicaBehindThePurgeMustRebaseline(_ backend: StorageBackend) async throws {
        try await TestServer.with(backend) { server in
            let scene = try await scene(server)
            let store = scene.store
            try await store.acknowledge(replica: a, cursor: 3, now: now)
            try await store.acknowledge(replica: b, cursor: 3, now: now)
            #expect(try await store.allRecords(scope: .south) == [scene.live])

            let failure = await pullFailure(store, after: 1)
            #expect(failure?.code == SyncErrorCode.rebaselineRequired)
            #expect(failure?.status == 409)
            // Starting again from 0 works, and the purged record is simply absent.
            #expect(await pullFailure(store, after: 0) == nil)
            // Other regions purged nothing: their pulls are not affected.
            #expect(try await store.pull(after: 1, limit: 10, scope: .north, replica: nil).records.isEmpty)
        }
    }

    @Test(arguments: StorageBackend.all)
    func retiringALaggingReplicaLetsThePurgeHappen(_ backend: StorageBackend) async throws {
        try await TestServer.with(backend) { server in
            let scene = try await scene(server)
            let store = scene.store
            try await store.bind(replica: c, identity: scene.second, now: now)
            try await store.acknowledge(replica: c, cursor: 1, now: now)
            #expect(try await store.acknowledge(replica: a, cursor: 3, now: now) == 0)
            #expect(try await store.acknowledge(replica: b, cursor: 3, now: now) == 0)
            #expect(try await store.allRecords(scope: nil).contains(scene.deleted), "c lags behind the delete")

            #expect(try await store.retire(replica: c.description, now: now))
            #expect(try await store.allRecords(scope: nil) == [scene.live])
            #expect(try await store.replicas().first { $0.replica == c.description }?.retiredAt != nil)
            // Should the retired device come back, its cursor is behind the purge.
            #expect(await pullFailure(store, after: 1)?.code == SyncErrorCode.rebaselineRequired)
        }
    }

    @Test(arguments: StorageBackend.all)
    func replicaThatNeverPulledHoldsThePurgeBack(_ backend: StorageBackend) async throws {
        try await TestServer.with(backend) { server in
            let scene = try await scene(server)
            let store = scene.store
            let hq = try await scene.server.token("headquarters", role: .hq, region: nil).identity
            try await store.bind(replica: c, identity: hq, now: now)
            #expect(try await store.acknowledge(replica: a, cursor: 3, now: now) == 0)
            #expect(try await store.acknowledge(replica: b, cursor: 3, now: now) == 0)
            #expect(try await store.allRecords(scope: nil).contains(scene.deleted), "headquarters sees the south too")
            #expect(try await store.acknowledge(replica: c, cursor: 3, now: now) == 1)
        }
    }

    @Test(arguments: StorageBackend.all)
    func latePushOfAnOldStateAfterThePurgeChangesNothing(_ backend: StorageBackend) async throws {
        try await TestServer.with(backend) { server in
            let scene = try await scene(server)
            let store = scene.store
            try await store.acknowledge(replica: a, cursor: 3, now: now)
            try await store.acknowledge(replica: b, cursor: 3, now: now)
            let before = try await store.allRecords(scope: nil)
            #expect(before == [scene.live])

            for old in [scene.created, scene.deleted] {
                let summary = try await store.push([old], pusher: b, identity: scene.second, now: now)
                #expect(summary.stored == 0)
                #expect(summary.results.map(\.outcome) == [.applied])
            }
            #expect(try await store.allRecords(scope: nil) == before)
            let after = try await store.pull(after: 3, limit: 100, scope: .south, replica: nil)
            #expect(after.records.isEmpty && after.next == 3)
        }
    }

    /// b confirmed the delete with a write of its own (a settlement keeping the tombstone), its
    /// answer was lost, the record was purged, and b pushes the same state again: that is no
    /// reused dot (the fields rebuilt for the merge carry the delete's dot, not b's).
    @Test(arguments: StorageBackend.all)
    func repushOfAConfirmedDeleteAfterThePurgeIsNotAForgery(_ backend: StorageBackend) async throws {
        try await TestServer.with(backend) { server in
            let scene = try await scene(server)
            let store = scene.store
            var fields = scene.deleted.state.fields
            fields["phone"] = [DottedValue(dot: b.dot(1), value: .tombstone(previous: "020-1"))]
            var context = scene.deleted.state.context
            context.add(b.dot(1))
            let confirmed = WireRecord(
                id: scene.deleted.id, kind: scene.deleted.kind,
                state: try #require(RecordState(context: context, fields: fields)))
            #expect(try await store.push([confirmed], pusher: b, identity: scene.second, now: now).stored == 1)
            try await store.acknowledge(replica: a, cursor: 4, now: now)
            #expect(try await store.acknowledge(replica: b, cursor: 4, now: now) == 1, "the tombstone is purged")

            let again = try await store.push([confirmed], pusher: b, identity: scene.second, now: now)
            #expect(again.results.map(\.outcome) == [.applied], "\(again.results)")
            #expect(try await store.allRecords(scope: nil) == [scene.live])
        }
    }

    @Test(arguments: StorageBackend.all)
    func latePushOfAConcurrentEditAfterThePurgeComesBackAsAConflict(_ backend: StorageBackend) async throws {
        try await TestServer.with(backend) { server in
            let scene = try await scene(server)
            let store = scene.store
            try await store.acknowledge(replica: a, cursor: 3, now: now)
            try await store.acknowledge(replica: b, cursor: 3, now: now)
            #expect(try await store.allRecords(scope: nil) == [scene.live])

            // b edited the phone offline, having seen only the record's creation, never its delete.
            let edit = scene.created.writing(["phone": "020-9999"], dot: b.dot(1))
            let summary = try await store.push([edit], pusher: b, identity: scene.second, now: now)
            #expect(summary.results.map(\.outcome) == [.conflict])
            #expect(summary.stored == 1)
            #expect(summary.conflictsOpened >= 1)

            let back = try #require(try await store.allRecords(scope: nil).first { $0.id == edit.id })
            #expect(back.state.isDeleted, "the delete still stands until a person settles")
            #expect(back.state.conflicts.map(\.field).contains("phone"))
            let phone = back.state.standing("phone")
            #expect(phone.contains { $0.dot == b.dot(1) && $0.value == .value("020-9999") }, "the late edit is kept")
            #expect(phone.contains { $0.value.isTombstone }, "beside the delete")
            #expect(back.state.context == VersionVector([a: 2, b: 1]))

            // It is in the change log again, and a conflicted tombstone is not purged.
            let page = try await store.pull(after: 3, limit: 100, scope: .south, replica: nil)
            #expect(page.records.map(\.id) == [edit.id])
            #expect(try await store.acknowledge(replica: a, cursor: page.next, now: now) == 0)
            #expect(try await store.acknowledge(replica: b, cursor: page.next, now: now) == 0)
            #expect(try await store.allRecords(scope: nil).contains { $0.id == edit.id })
        }
    }

    @Test(arguments: StorageBackend.all)
    func latePushCannotMoveAPurgedRecordIntoAnotherRegion(_ backend: StorageBackend) async throws {
        try await TestServer.with(backend) { server in
            let scene = try await scene(server)
            let store = scene.store
            try await store.acknowledge(replica: a, cursor: 3, now: now)
            try await store.acknowledge(replica: b, cursor: 3, now: now)
            let before = try await store.allRecords(scope: nil)
            let north = try await scene.server.token("north technician", region: .north).identity
            try await store.bind(replica: c, identity: north, now: now)

            // The tombstone was in the south: a north token may not claim the record for the north.
            let claimed = scene.created.writing(["region": "north", "phone": "010-1"], dot: c.dot(1))
            let error = await #expect(throws: ServerError.self) {
                try await store.push([claimed], pusher: c, identity: north, now: now)
            }
            #expect(error?.code == SyncErrorCode.outOfScope && error?.status.code == 403)
            #expect(error?.records == [claimed.id])
            #expect(try await store.allRecords(scope: nil) == before)

            // Headquarters may push it: the edit comes back as a conflict, in the south where it was deleted.
            let hq = try await scene.server.token("headquarters", role: .hq, region: nil).identity
            let office = ReplicaID(high: 0xAA, low: 1)
            try await store.bind(replica: office, identity: hq, now: now)
            let late = scene.created.writing(["region": "north", "phone": "010-1"], dot: office.dot(1))
            let summary = try await store.push([late], pusher: office, identity: hq, now: now)
            #expect(summary.results.map(\.outcome) == [.conflict])
            let back = try await store.allRecords(scope: .south).first { $0.id == late.id }
            #expect(back?.state.isDeleted == true)
            #expect(try await store.allRecords(scope: .north).isEmpty)
        }
    }

    @Test(arguments: StorageBackend.all)
    func replicaFirstSyncingAfterAPurgeCanPageThroughEverything(_ backend: StorageBackend) async throws {
        try await TestServer.with(backend) { server in
            let scene = try await scene(server)
            let store = scene.store
            let more = (10..<UInt64(14)).map { WireRecord.customer(.test($0), region: .south, dot: a.dot($0)) }
            let doomed = WireRecord.customer(.test(20), region: .south, dot: a.dot(20))
            for batch in [more, [doomed], [doomed.deleting(dot: a.dot(21))]] {
                _ = try await store.push(batch, pusher: a, identity: scene.first, now: now)
            }
            // Seqs 3–7 hold live records, 2 and 9 tombstones; every replica so far pulls past them.
            try await store.acknowledge(replica: a, cursor: 9, now: now)
            #expect(try await store.acknowledge(replica: b, cursor: 9, now: now) == 2)

            // A new device of a new technician makes its first sync, in small pages (through the routes,
            // so the server knows which replica asks). It cannot hold the purged record, so nothing
            // should make it start again; asking it to would loop for ever, as every restart from 0
            // passes the same place below the purge.
            let newcomer = try await scene.server.token("new south technician", region: .south).secret
            let fresh = ReplicaID(high: 0xF0, low: 1)
            try await scene.server.test { client in
                let all = try await client.pullAll(limit: 1, token: newcomer, replica: fresh)
                #expect(Set(all.records.map(\.id)) == Set(([scene.live] + more).map(\.id)))
            }
        }
    }
}
