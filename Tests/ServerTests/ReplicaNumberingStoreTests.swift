import FieldSyncShared
import FieldSyncTestSupport
import Foundation
import GRDB
import Testing

@testable import FieldSyncServer

/// The SQLite store writes states with replica numbers, sends ids, and reads numbers another
/// process gave.
@Suite struct ReplicaNumberingStoreTests {
    let technician = ReplicaID(high: 0x7EC4, low: 1)
    let office = ReplicaID(high: 0x0FF1, low: 2)
    let headquarters = Identity(tokenID: 0, name: "hq", role: .hq, region: nil)

    func storedStates(_ path: String) throws -> [String: String] {
        let queue = try DatabaseQueue(path: path)
        return try queue.read { db in
            try Dictionary(
                uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT id, state FROM record").map { row in
                    (row["id"] as String, String(decoding: row["state"] as Data, as: UTF8.self))
                })
        }
    }

    @Test func statesAreStoredWithNumbersAndPulledWithIds() async throws {
        let directory = try TemporaryDirectory("fieldsync-numbering")
        defer { directory.remove() }
        let path = directory.file("server.sqlite")
        let store = try SQLiteServerStore(path: path)
        let first = WireRecord.customer(.test(1), region: .north, dot: technician.dot(1))
        let created = WireRecord.customer(.test(2), region: .north, dot: technician.dot(2))
        _ = try await store.push(
            [first, created], pusher: technician, identity: headquarters, now: "2026-11-27T10:00:00+08:00")
        var edited = created.state
        edited.write(["phone": "010-1"], dot: office.dot(5))
        let second = WireRecord(id: created.id, kind: created.kind, state: edited)
        _ = try await store.push([second], pusher: office, identity: headquarters, now: "2026-11-27T10:00:00+08:00")

        let stored = try storedStates(path)
        // Numbered in the order the server first hears of them.
        #expect(stored[first.id.description] == #"{"c":[1,1],"w":[[0,{"name":"Huaxia Cemetery","region":"north"}]]}"#)
        #expect(stored[second.id.description]?.hasPrefix(#"{"c":[2,5,1,2],"#) == true)
        #expect(stored.values.allSatisfy { !$0.contains(technician.description) })

        let page = try await store.pullText(after: 0, limit: 10, scope: .north, replica: nil)
        let pulled = try JSONText.decode(PullResponse.self, from: page.body)
        #expect(Set(pulled.records) == [first, second])
        #expect(String(decoding: page.body, as: UTF8.self).contains(technician.description))
    }

    /// Two stores on one file stand for two processes: the second gives a number the first has
    /// not read; the first reads its table again when it meets it.
    @Test func aNumberGivenByAnotherProcessIsReadWhenMet() async throws {
        let directory = try TemporaryDirectory("fieldsync-numbering")
        defer { directory.remove() }
        let path = directory.file("server.sqlite")
        let one = try SQLiteServerStore(path: path)
        let two = try SQLiteServerStore(path: path)
        let record = WireRecord.customer(.test(1), region: .south, dot: office.dot(3))
        _ = try await two.push([record], pusher: office, identity: headquarters, now: "2026-11-27T10:00:00+08:00")
        #expect(one.replicaNumbers.current.number(of: office) == nil)

        #expect(try await one.allRecords(scope: nil) == [record])
        let page = try await one.pullText(after: 0, limit: 10, scope: nil, replica: nil)
        #expect(try JSONText.decode(PullResponse.self, from: page.body).records == [record])
        #expect(one.replicaNumbers.current.number(of: office) == 1)
        // A later edit through the first store merges with the stored state.
        var edited = record.state
        edited.write(["phone": "0755-1"], dot: office.dot(4))
        let summary = try await one.push(
            [WireRecord(id: record.id, kind: record.kind, state: edited)], pusher: office, identity: headquarters,
            now: "2026-11-27T10:00:00+08:00")
        #expect(summary.stored == 1)
        #expect(try storedStates(path)[record.id.description]?.hasPrefix(#"{"c":[1,4],"#) == true)
    }
}
