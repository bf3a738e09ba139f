import FieldSyncShared
import FieldSyncTestSupport
import Foundation
import GRDB
import Testing

@testable import FieldSyncAgent

@Suite("Replica store")
struct ReplicaStoreTests {
    let directory: TemporaryDirectory
    let store: ReplicaStore

    init() throws {
        directory = try TemporaryDirectory("agent-store")
        store = try ReplicaStore.create(
            at: directory.file("replica.sqlite"), serverURL: "http://localhost:1", region: .south, technician: "Chen",
            replicaID: ReplicaID(high: 7, low: 7))
    }

    func customer() throws -> StoredRecord {
        try store.create(kind: .customer, values: ["name": "Guangzhou Yinhe Cemetery", "region": "south"])
    }

    @Test func writeTakesNextDotAndMarksDirty() throws {
        let first = try customer()
        let second = try customer()
        #expect(first.state.context[ReplicaID(high: 7, low: 7)] == 1)
        #expect(second.state.context[ReplicaID(high: 7, low: 7)] == 2)
        // Ids are ordered by their millisecond; two made within one are not ordered between them.
        #expect(first.id.milliseconds <= second.id.milliseconds)
        #expect(first.isDirty)
        #expect(try store.info().counter == 2)
        #expect(try store.counts().pending == 2)
    }

    @Test func invalidRecordChangesNothing() throws {
        let before = try store.info().counter
        #expect(throws: AgentError.self) {
            try store.create(kind: .visit, values: ["kind": "repair", "region": "south", "status": "open"])
        }
        #expect(try store.info().counter == before)
        #expect(try store.records(kind: nil).isEmpty)
    }

    @Test func referencesMustExist() throws {
        let missing = RecordID(high: 0x0190_0000_0000_7000, low: 0x8000_0000_0000_0001).description
        let error = #expect(throws: AgentError.self) {
            try store.create(
                kind: .visit,
                values: ["customer": .string(missing), "kind": "maintenance", "region": "south", "status": "open"])
        }
        #expect(error?.code == .unknownRecord)
    }

    @Test func editWritesOnlyChangedFields() throws {
        let record = try customer()
        let edited = try store.edit(
            kind: .customer, id: record.id, changes: ["phone": "020-1", "name": "Guangzhou Yinhe Cemetery"])
        #expect(edited.state.value(of: "phone") == "020-1")
        #expect(edited.state.winner(of: "name")?.dot.counter == 1)
        #expect(edited.state.winner(of: "phone")?.dot.counter == 2)
        let error = #expect(throws: AgentError.self) {
            try store.edit(kind: .customer, id: record.id, changes: ["phone": "020-1"])
        }
        #expect(error?.code == .nothingToChange)
    }

    @Test func opinionCardsAreImmutable() throws {
        let owner = try customer()
        let card = try store.create(
            kind: .opinionCard, values: ["customer": .string(owner.id.description), "region": "south", "rating": 5])
        let error = #expect(throws: AgentError.self) {
            try store.edit(kind: .opinionCard, id: card.id, changes: ["rating": 1])
        }
        #expect(error?.code == .immutable)
    }

    @Test func deleteHidesRecordButKeepsIt() throws {
        let record = try customer()
        _ = try store.delete(kind: .customer, id: record.id)
        #expect(try store.records(kind: .customer).isEmpty)
        let kept = try store.records(kind: .customer, includeDeleted: true)
        #expect(kept.count == 1)
        #expect(kept[0].state.isDeleted)
    }

    @Test func idsResolveFromAUniqueEnd() throws {
        let record = try customer()
        let text = record.id.description
        #expect(try store.resolveID(String(text.suffix(8)), kind: .customer) == record.id)
        #expect(throws: AgentError.self) { try store.resolveID("zzzz", kind: .customer) }
        #expect(throws: AgentError.self) { try store.resolveID(String(text.suffix(8)), kind: .visit) }
    }

    @Test func missingDatabaseSaysHowToCreateOne() throws {
        let error = #expect(throws: AgentError.self) { try ReplicaStore.open(at: directory.file("none.sqlite")) }
        #expect(error?.code == .noReplica)
        #expect(error?.message.english.contains("fieldsync init") == true)
    }

    @Test func newerDatabaseIsRefused() throws {
        try store.pool.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99: from the future')")
        }
        let error = #expect(throws: AgentError.self) { try ReplicaStore.open(at: store.path) }
        #expect(error?.code == .newerDatabase)
    }

    @Test func secondInitIsRefused() throws {
        let error = #expect(throws: AgentError.self) {
            try ReplicaStore.create(at: store.path, serverURL: "http://x", region: nil, technician: nil)
        }
        #expect(error?.code == .alreadyInitialised)
    }

    @Test func tokenFileIsOwnerOnly() throws {
        let file = TokenFile(databasePath: directory.file("t.sqlite"))
        try file.write("secret-token")
        let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(try file.read() == "secret-token")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
        #expect(throws: AgentError.self) { try file.read() }
    }
}

/// The replica's file names replicas by number; a second `fieldsync` process that numbered a
/// replica meanwhile does not make the first one fail.
@Suite("Replica numbers in the local file")
struct ReplicaStoreNumberingTests {
    let own = ReplicaID(high: 7, low: 7)
    let office = ReplicaID(high: 0x0FF1, low: 2)

    @Test func statesAreStoredWithNumbersAndReadAcrossProcesses() throws {
        let directory = try TemporaryDirectory("agent-numbering")
        defer { directory.remove() }
        let path = directory.file("replica.sqlite")
        let first = try ReplicaStore.create(
            at: path, serverURL: "http://localhost:1", region: .south, technician: "Chen", replicaID: own)
        let second = try ReplicaStore.open(at: path)
        let mine = try first.create(kind: .customer, values: ["name": "Guangzhou Yinhe Cemetery", "region": "south"])

        // The office's edit arrives through the second process, which numbers the office.
        var theirs = mine.state
        theirs.write(["phone": "020-8"], dot: office.dot(9))
        _ = try second.applyPulled(
            PullResponse(
                records: [WireRecord(id: mine.id, kind: "customer", state: theirs)], removed: [], next: 1, more: false),
            syncedAt: "2026-11-27T10:00:00+08:00")
        let text = try DatabaseQueue(path: path).read { db in
            try String(decoding: Data.fetchOne(db, sql: "SELECT state FROM record") ?? Data(), as: UTF8.self)
        }
        #expect(text.hasPrefix(#"{"c":[1,1,2,9],"#), "\(text)")
        #expect(!text.contains(own.description))

        // The first process has not read the office's number, and reads it when it meets it.
        #expect(first.numbering.number(of: office) == nil)
        #expect(try first.record(kind: .customer, id: mine.id).state.value(of: "phone") == "020-8")
        #expect(first.numbering.number(of: office) == 2)
        let edited = try first.edit(kind: .customer, id: mine.id, changes: ["phone": "020-9"])
        #expect(edited.state.context[office] == 9)
    }
}

extension ReplicaStoreTests {
    /// A copy of the file (here one older than any confirmation by the server) writes under a new
    /// id, and re-issues none of the old id's writes: each names the original's very write, and
    /// re-issuing it would bring a value the original has since replaced back as a conflict.
    @Test func aCopiedFileTakesANewIdAndReissuesNothing() throws {
        let original = ReplicaID(high: 7, low: 7)
        let first = try customer()
        _ = try customer()
        let copyPath = directory.file("copy.sqlite")
        try FileManager.default.copyItem(atPath: store.path, toPath: copyPath)
        for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: store.path + suffix) {
            try FileManager.default.copyItem(atPath: store.path + suffix, toPath: copyPath + suffix)
        }
        let copy = try ReplicaStore.open(at: copyPath)
        let edited = try copy.edit(kind: .customer, id: first.id, changes: ["phone": "020-1"])
        let replica = try copy.info().replicaID
        #expect(replica != original)
        #expect(edited.state.fields["phone"]?.first?.dot.replica == replica)
        #expect(try copy.formersToReissue() == [original: 2])
        #expect(try copy.recordsToReissue(copy.formersToReissue()).isEmpty)
        // The original file goes on under its id.
        #expect(try store.edit(kind: .customer, id: first.id, changes: ["phone": "020-2"]).state.context[original] == 3)
    }
}
