import FieldSyncTestSupport
import Foundation
import PostgresTestSupport
import Testing

/// No echo with the real binaries: after a push, the same sync pulls none of the replica's own
/// records back, but does pull what another replica changed, and a file restored from a backup
/// (a new replica id) still gets everything its old self pushed.
@Suite("no echo end to end", .serialized)
struct NoEchoEndToEndTests {
    func summary(_ result: BinaryRunner.Result) -> String {
        String(result.stdout.split(separator: "\n").first ?? "")
    }

    @Test(arguments: StorageBackend.all)
    func syncAfterAPushPullsNoneOfItsOwnRecordsBack(_ backend: StorageBackend) async throws {
        let directory = try TemporaryDirectory("e2e-no-echo")
        defer { directory.remove() }
        try await withServerStore(backend, in: directory) { store in
            let server = try ServerProcess(storeArguments: store)
            let tech = try FieldAgent(
                "tech", in: directory, server: server,
                token: try server.token(role: "technician", region: "north", name: "t"), region: "north")
            let office = try FieldAgent(
                "office", in: directory, server: server,
                token: try server.token(role: "office", region: "north", name: "o"), region: "north")
            let ids = try tech.importRecords(regionWork("north", customers: 20, tag: "tech"))
            #expect(ids.count == 42)
            let backup = directory.file("tech-backup.sqlite")
            try FileManager.default.copyItem(atPath: tech.database, toPath: backup)

            #expect(summary(try tech.sync(["--lang", "en"])) == "synced: pushed 42, pulled 0")
            #expect(summary(try office.sync(["--lang", "en"])) == "synced: pushed 0, pulled 42")
            // The office edits one record, the technician another: each pulls only the other's.
            #expect(try office.run(["customer", "edit", ids[0], "--contact", "王经理"]).status == 0)
            #expect(summary(try office.sync(["--lang", "en"])) == "synced: pushed 1, pulled 0")
            #expect(try tech.run(["customer", "edit", ids[2], "--contact", "李工"]).status == 0)
            #expect(summary(try tech.sync(["--lang", "en"])) == "synced: pushed 1, pulled 1")
            #expect(summary(try office.sync(["--lang", "en"])) == "synced: pushed 0, pulled 1")
            #expect(NSDictionary(dictionary: try tech.records()) == NSDictionary(dictionary: try office.records()))

            // The laptop comes back from the backup taken before its first sync: under its new
            // replica id it gets everything its old self pushed, its later edit included.
            try tech.restore(from: backup, inPlace: false)
            let restored = try tech.run(["sync", "--retries", "0", "--lang", "en"])
            #expect([0, 3, 4].contains(restored.status), "\(restored.stderr)")
            try office.sync()
            try tech.sync()
            let held = try tech.records()
            #expect(held.count == 42)
            #expect(held[ids[2]]?["contact"] as? String == "李工", "the old self's edit came back")
            #expect(held[ids[0]]?["contact"] as? String == "王经理")
            #expect(NSDictionary(dictionary: held) == NSDictionary(dictionary: try office.records()))
        }
    }
}
