import FieldSyncShared
import FieldSyncTestSupport
import Foundation
import GRDB
import Testing

@testable import FieldSyncAgent

/// The search index in the replica: kept in step with local writes, pulls and deletes, and built
/// for records a replica held before it had one.
@Suite("Replica search")
struct ReplicaSearchTests {
    let directory: TemporaryDirectory
    let store: ReplicaStore
    let office = ReplicaID(high: 0x0FF1, low: 2)

    init() throws {
        directory = try TemporaryDirectory("agent-search")
        store = try ReplicaStore.create(
            at: directory.file("replica.sqlite"), serverURL: "http://localhost:1", region: .north, technician: "陈杰",
            replicaID: ReplicaID(high: 7, low: 7))
    }

    func found(_ text: String, kind: RecordKind = .customer, includeDeleted: Bool = false) throws -> Set<RecordID> {
        var filter = RecordFilter()
        filter.search = text
        let candidates = try store.candidates(kind: kind, region: nil, includeDeleted: includeDeleted, filter: filter)
        // The store narrows; the filter decides. Both must agree on what a search finds.
        let decided = filter.select(candidates, kind: kind, id: { $0.id }, values: { $0.state.values })
        #expect(decided.count == candidates.count, "the index found \(text) where the filter does not")
        return Set(decided.map(\.id))
    }

    func indexRows() throws -> Int {
        try store.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM record_search") ?? -1 }
    }

    @Test func localWritesAreFoundByAPartOfAWordAndEditsMoveThem() throws {
        let babaoshan = try store.create(
            kind: .customer, values: ["name": "北京八宝山公墓", "region": "north", "address": "北京市石景山区", "phone": "010-6886"])
        let tianjin = try store.create(kind: .customer, values: ["name": "天津永安公墓", "region": "north"])
        #expect(try found("北京") == [babaoshan.id])
        #expect(try found("京") == [babaoshan.id])
        #expect(try found("八宝山") == [babaoshan.id])
        #expect(try found("公墓") == [babaoshan.id, tianjin.id])
        #expect(try found("永安公墓") == [tianjin.id])
        #expect(try found("6886") == [babaoshan.id])
        #expect(try found("上海").isEmpty && (try found("上海市")).isEmpty)

        _ = try store.edit(kind: .customer, id: babaoshan.id, changes: ["address": "北京市海淀区"])
        #expect(try found("石景山").isEmpty)
        #expect(try found("海淀") == [babaoshan.id] && (try found("海淀区")) == [babaoshan.id])

        _ = try store.delete(kind: .customer, id: tianjin.id)
        #expect(try found("永安公墓").isEmpty)
        #expect(try found("永安公墓", includeDeleted: true).isEmpty, "a deleted record keeps no values to find")
        let visit = try store.create(
            kind: .visit,
            values: [
                "customer": .string(babaoshan.id.description), "kind": "repair", "region": "north", "status": "open",
                "called_at": "2026-11-20T08:00+08:00", "technician": "陈杰", "work_done": "更换门铰链",
            ])
        #expect(try found("门铰链", kind: .visit) == [visit.id])
        #expect(try found("门铰链").isEmpty, "a search looks in one kind")
        #expect(try indexRows() == 3)
    }

    @Test func pulledRecordsAreIndexedAndRemovedOnes() throws {
        let id = RecordID(high: 0x019a_c000_0000_7001, low: 0x8000_0000_0000_0001)
        var state = RecordState()
        state.write(["name": "西安霸陵墓园", "region": "north", "address": "西安市灞桥区"], dot: office.dot(1))
        _ = try store.applyPulled(
            PullResponse(
                records: [WireRecord(id: id, kind: "customer", state: state)], removed: [], next: 1, more: false),
            syncedAt: "2026-11-27T10:00:00+08:00")
        #expect(try found("霸陵墓") == [id])
        #expect(try found("灞桥") == [id])

        state.write(["address": "西安市长安区"], dot: office.dot(2))
        _ = try store.applyPulled(
            PullResponse(
                records: [WireRecord(id: id, kind: "customer", state: state)], removed: [], next: 2, more: false),
            syncedAt: "2026-11-27T11:00:00+08:00")
        #expect(try found("灞桥区").isEmpty)
        #expect(try found("长安区") == [id])

        _ = try store.applyPulled(
            PullResponse(records: [], removed: [id], next: 3, more: false), syncedAt: "2026-11-27T12:00:00+08:00")
        #expect(try found("长安区").isEmpty)
        #expect(try indexRows() == 0)
    }

    @Test func aReplicaFromBeforeTheIndexIsIndexedWhenOpened() throws {
        let path = directory.file("replica.sqlite")
        let held = try store.create(kind: .customer, values: ["name": "成都磨盘山公墓", "region": "north"])
        // Take the file back to what v5 left: no search column, index or triggers.
        try DatabaseQueue(path: path).write { db in
            for trigger in ["record_search_insert", "record_search_update", "record_search_delete"] {
                try db.execute(sql: "DROP TRIGGER \(trigger)")
            }
            try db.execute(sql: "DROP TABLE record_fts")
            try db.execute(sql: "DROP TABLE record_search")
            try db.execute(sql: "ALTER TABLE record DROP COLUMN search_text")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v6: search'")
        }
        let reopened = try ReplicaStore.open(at: path)
        var filter = RecordFilter()
        filter.search = "磨盘山"
        #expect(
            try reopened.candidates(kind: .customer, region: nil, includeDeleted: false, filter: filter).map(\.id) == [
                held.id
            ])
        filter.search = "成都"
        #expect(
            try reopened.candidates(kind: .customer, region: nil, includeDeleted: false, filter: filter).map(\.id) == [
                held.id
            ])
        // And the triggers are back: a new record is indexed too.
        let added = try reopened.create(kind: .customer, values: ["name": "成都大邑公墓", "region": "north"])
        filter.search = "大邑公墓"
        #expect(
            try reopened.candidates(kind: .customer, region: nil, includeDeleted: false, filter: filter).map(\.id) == [
                added.id
            ])
    }
}
