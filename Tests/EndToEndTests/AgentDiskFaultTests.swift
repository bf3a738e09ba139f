import FieldSyncTestSupport
import Foundation
import Testing

/// The agent's disk fills up or turns read-only (a real tmpfs, really full or remounted `ro`):
/// the technician gets a clear message, the file stays sound, and the next run recovers.
@Suite(
    "agent on a full or read-only disk", .serialized, .enabled(if: TmpfsMount.available, "needs root to mount a tmpfs"))
struct AgentDiskFaultTests {
    /// `fieldsync` on a replica file, with the import files kept off the small disk.
    struct Replica {
        let runner: BinaryRunner
        let database: String
        let scratch: TemporaryDirectory

        init(
            at database: String, server: String = "http://127.0.0.1:9", token: String = "t", region: String = "central"
        ) throws {
            self.database = database
            scratch = try TemporaryDirectory("disk-fault-scratch")
            runner = BinaryRunner("fieldsync", environment: ["FIELDSYNC_DB": database])
            let created = try runner.run([
                "init", "--server", server, "--token", token, "--region", region, "--technician", "t",
            ])
            #expect(created.status == 0, "\(created.stderr)")
        }

        func importCustomers(_ count: Int, tag: String) throws -> BinaryRunner.Result {
            let items = (0..<count).map {
                ["record_kind": "customer", "name": "\(tag) customer \($0) 北京八宝山", "phone": "010-\($0)"]
            }
            let file = scratch.file("\(tag).json")
            try JSONSerialization.data(withJSONObject: items).write(to: URL(fileURLWithPath: file))
            return try runner.run(["import", "--file", file])
        }

        func customerCount() throws -> Int {
            let listed = try runner.run(["customer", "list", "--json"])
            #expect(listed.status == 0, "\(listed.stderr)")
            return ((try? listed.json()) as? [Any])?.count ?? -1
        }
    }

    @Test func aFullDiskRefusesTheWriteWholeAndTheNextRunRecovers() throws {
        // Room for 3,000 customers with their search index (`v6: search`), and nothing more once filled.
        let disk = try TmpfsMount(kilobytes: 4096)
        defer { disk.unmount() }
        let replica = try Replica(at: disk.file("replica.sqlite"))
        defer { replica.scratch.remove() }
        #expect(try replica.importCustomers(5, tag: "before").status == 0)

        let filler = disk.fill()
        let refused = try replica.importCustomers(3000, tag: "big")
        #expect(refused.status == 1)
        #expect(
            refused.stderr.contains("is full") && refused.stderr.contains("nothing was changed"), "\(refused.stderr)")
        #expect(!refused.stderr.contains("Fatal error"))
        // With no byte free SQLite cannot even open the file (its shared-memory index needs room):
        // reading says so too, and changes nothing.
        let listed = try replica.runner.run(["customer", "list"])
        #expect(listed.status == 0 || listed.stderr.contains("is full"), "\(listed.stderr)")

        try FileManager.default.removeItem(atPath: filler)
        #expect(try sqliteIntegrityCheck(replica.database) == "ok")
        #expect(try replica.customerCount() == 5, "the refused import left nothing behind")
        #expect(try replica.importCustomers(3000, tag: "big").status == 0)
        #expect(try replica.customerCount() == 3005)
        #expect(try sqliteIntegrityCheck(replica.database) == "ok")
    }

    @Test func aPullThatFillsTheDiskStopsCleanlyAndResumesOnceThereIsRoom() throws {
        let directory = try TemporaryDirectory("disk-fault-pull")
        defer { directory.remove() }
        let server = try ServerProcess(database: directory.file("server.sqlite"))
        let office = try FieldAgent(
            "office", in: directory, server: server,
            token: try server.token(role: "office", region: "central", name: "o"), region: "central")
        let published = try office.importRecords(regionWork("central", customers: 900, tag: "central"))
        try office.sync()

        let disk = try TmpfsMount(kilobytes: 4096)
        defer { disk.unmount() }
        let token = try server.token(role: "technician", region: "central", name: "new tech")
        let replica = try Replica(at: disk.file("replica.sqlite"), server: server.url, token: token)
        defer { replica.scratch.remove() }
        #expect(try replica.importCustomers(1, tag: "offline").status == 0)

        let filler = disk.fill(leaving: 160 * 1024)
        let stopped = try replica.runner.run(["sync", "--retries", "0", "--page-size", "100"])
        #expect(stopped.status == 1, "\(stopped.stdout) \(stopped.stderr)")
        #expect(stopped.stderr.contains("is full"), "\(stopped.stderr)")
        #expect(try sqliteIntegrityCheck(replica.database) == "ok")
        let status = try replica.runner.run(["status"])
        #expect(status.status == 0, "status still answers on a full disk: \(status.stderr)")

        try FileManager.default.removeItem(atPath: filler)
        let resumed = try replica.runner.run(["sync", "--retries", "0", "--page-size", "100"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let exported = try replica.runner.run(["export", "--format", "json"])
        let ids = Set(((try? exported.json()) as? [[String: Any]] ?? []).compactMap { $0["id"] as? String })
        #expect(
            ids.isSuperset(of: published) && ids.count == published.count + 1,
            "every record pulled once, the offline one kept")
        try office.sync()
        #expect(try office.records().count == published.count + 1, "the offline record reached the office")
        #expect(try sqliteIntegrityCheck(replica.database) == "ok")
    }

    @Test func aReadOnlyDiskSaysSoAndChangesNothing() throws {
        let disk = try TmpfsMount(kilobytes: 2048)
        defer { disk.unmount() }
        let replica = try Replica(at: disk.file("replica.sqlite"))
        defer { replica.scratch.remove() }
        #expect(try replica.importCustomers(2, tag: "before").status == 0)

        try disk.remount(readOnly: true)
        let refused = try replica.runner.run(["customer", "add", "--name", "王先生", "--phone", "138"])
        #expect(refused.status == 1)
        #expect(
            refused.stderr.contains(replica.database) && !refused.stderr.contains("Fatal error"), "\(refused.stderr)")
        #expect(
            refused.stderr.contains("cannot be written") || refused.stderr.contains("permissions"), "\(refused.stderr)")
        let sync = try replica.runner.run(["sync", "--retries", "0"])
        #expect(sync.status != 0 && sync.stderr.contains(replica.database), "\(sync.stderr)")

        try disk.remount(readOnly: false)
        #expect(try sqliteIntegrityCheck(replica.database) == "ok")
        #expect(try replica.customerCount() == 2)
        let added = try replica.runner.run(["customer", "add", "--name", "王先生", "--phone", "138"])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(try replica.customerCount() == 3)
    }
}
