import FieldSyncTestSupport
import Foundation
import PostgresTestSupport
import Testing

/// The three everyday situations of copies and restores, with the real binaries, ending with what
/// headquarters sees: a laptop restored from a backup, one replica file on two laptops, and a
/// server restored from its backup. Every write someone still holds reaches HQ.
@Suite("copies and restores end to end", .serialized)
struct AmnesiaEndToEndTests {
    /// The values standing in `field` of `id` at `agent`: one, or several in conflict.
    static func values(_ agent: FieldAgent, _ id: String, _ field: String) throws -> Set<String> {
        for conflict in try agent.conflicts()
        where conflict["id"] as? String == id && conflict["field"] as? String == field {
            return Set((conflict["values"] as? [[String: Any]] ?? []).compactMap { $0["value"] as? String })
        }
        return Set([try agent.records()[id]?[field] as? String].compactMap { $0 })
    }

    /// `fieldsync sync`, any status but a failure; returns the status.
    @discardableResult
    static func sync(_ agent: FieldAgent) throws -> Int32 {
        let result = try agent.run(["sync", "--retries", "0"])
        #expect([0, 3, 4].contains(result.status), "\(agent.name) sync: \(result.status) \(result.stderr)")
        return result.status
    }

    @Test(arguments: StorageBackend.all, [true, false])
    func laptopRestoredFromABackupLosesNothing(_ backend: StorageBackend, inPlace: Bool) async throws {
        let directory = try TemporaryDirectory("e2e-restored-laptop")
        defer { directory.remove() }
        try await withServerStore(backend, in: directory) { store in
            let server = try ServerProcess(storeArguments: store)
            let tech = try FieldAgent(
                "tech", in: directory, server: server,
                token: try server.token(role: "technician", region: "south", name: "t"), region: "south")
            let hq = try FieldAgent(
                "hq", in: directory, server: server, token: try server.token(role: "hq", name: "h"), region: nil)
            let customer = try #require(
                try tech.importRecords([
                    ["record_kind": "customer", "name": "广州银河公墓", "region": "south", "phone": "020-1"]
                ]).first)
            try tech.sync()
            // Last week's backup of the laptop.
            let backup = directory.file("tech-backup.sqlite")
            try FileManager.default.copyItem(atPath: tech.database, toPath: backup)
            // After it: two edits, synced and acknowledged.
            #expect(try tech.run(["customer", "edit", customer, "--contact", "王经理"]).status == 0)
            #expect(try tech.run(["customer", "edit", customer, "--phone", "020-2 acknowledged"]).status == 0)
            try tech.sync()
            // The disk dies; the backup comes back (copied over the file, or as a new file), and work goes on.
            try tech.restore(from: backup, inPlace: inPlace)
            #expect(try tech.run(["customer", "edit", customer, "--phone", "020-3 after the restore"]).status == 0)
            let status = try Self.sync(tech)
            #expect(status == 3, "the two phone numbers wait for a person")
            try Self.sync(tech)
            try Self.sync(hq)

            #expect(try Self.values(hq, customer, "phone") == ["020-2 acknowledged", "020-3 after the restore"])
            #expect(try Self.values(hq, customer, "contact") == ["王经理"])
            #expect(try Self.values(tech, customer, "phone") == ["020-2 acknowledged", "020-3 after the restore"])
            let said = try tech.run(["status", "--lang", "en"]).stdout
            #expect(said.contains("copy") && said.contains("sent again under the new replica id"), "\(said)")
        }
    }

    @Test(arguments: StorageBackend.all)
    func oneFileOnTwoLaptopsLosesNothing(_ backend: StorageBackend) async throws {
        let directory = try TemporaryDirectory("e2e-two-laptops")
        defer { directory.remove() }
        try await withServerStore(backend, in: directory) { store in
            let server = try ServerProcess(storeArguments: store)
            let old = try FieldAgent(
                "old", in: directory, server: server,
                token: try server.token(role: "technician", region: "north", name: "t"), region: "north")
            let hq = try FieldAgent(
                "hq", in: directory, server: server, token: try server.token(role: "hq", name: "h"), region: nil)
            let customer = try #require(
                try old.importRecords([["record_kind": "customer", "name": "八宝山", "region": "north", "phone": "010-1"]])
                    .first)
            try old.sync()
            // The technician copies the file to a new laptop; both are used offline for a day.
            let new = try old.copy(as: "new", in: directory)
            #expect(try old.run(["customer", "edit", customer, "--phone", "010-2 old laptop"]).status == 0)
            let visit = try #require(
                try old.importRecords([
                    [
                        "record_kind": "visit", "customer": customer, "region": "north", "kind": "repair",
                        "status": "open", "called_at": "2026-12-06T09:00:00+08:00",
                    ]
                ]).first)
            #expect(try new.run(["customer", "edit", customer, "--contact", "李主任 new laptop"]).status == 0)
            #expect(try new.run(["customer", "edit", customer, "--address", "北京市石景山区"]).status == 0)
            try Self.sync(old)
            try Self.sync(new)
            for agent in [old, new, hq] { try Self.sync(agent) }

            let seen = try hq.records()
            #expect(seen[visit] != nil, "the old laptop's new visit")
            for (field, value) in [
                ("phone", "010-2 old laptop"), ("contact", "李主任 new laptop"), ("address", "北京市石景山区"),
            ] {
                let held = try Self.values(hq, customer, field)
                let onOld = try Self.values(old, customer, field)
                let onNew = try Self.values(new, customer, field)
                let oldStatus = try old.run(["status", "--lang", "en"]).stdout
                #expect(held == [value], "HQ's \(field): \(held); old: \(onOld), new: \(onNew); old says \(oldStatus)")
            }
            let ids = try [old, new].map { try $0.run(["status", "--json"]).json() as? [String: Any] }.map {
                $0?["replica_id"] as? String
            }
            #expect(ids[0] != nil && ids[0] != ids[1], "the copy writes under an id of its own: \(ids)")
            #expect(NSDictionary(dictionary: try old.records()) == NSDictionary(dictionary: try new.records()))
        }
    }

    @Test(arguments: StorageBackend.all)
    func serverRestoredFromItsBackupGetsEverythingBack(_ backend: StorageBackend) async throws {
        let directory = try TemporaryDirectory("e2e-restored-server")
        defer { directory.remove() }
        try await withServerStore(backend, in: directory) { store in
            var server = try ServerProcess(storeArguments: store)
            let regions = ["north", "south"]
            var techs = [FieldAgent]()
            for region in regions {
                techs.append(
                    try FieldAgent(
                        "tech-\(region)", in: directory, server: server,
                        token: try server.token(role: "technician", region: region, name: region), region: region))
            }
            let office = try FieldAgent(
                "office", in: directory, server: server,
                token: try server.token(role: "office", region: "south", name: "o"), region: "south")
            let hq = try FieldAgent(
                "hq", in: directory, server: server, token: try server.token(role: "hq", name: "h"), region: nil)
            var created = Set<String>()
            for (index, tech) in techs.enumerated() {
                created.formUnion(try tech.importRecords(regionWork(regions[index], customers: 3, tag: "before")))
                try tech.sync()
            }
            for agent in [office, hq] { try agent.sync() }

            // Last night's backup.
            let restoreServer = try ServerBackup.take(of: server, backend: backend, in: directory)

            // After it: more work, pushed and acknowledged; the office pulls it.
            for (index, tech) in techs.enumerated() {
                created.formUnion(try tech.importRecords(regionWork(regions[index], customers: 2, tag: "after")))
                try tech.sync()
                #expect(try tech.dirtyIDs().isEmpty)
            }
            try office.sync()
            // The south technician's laptop is lost: only the office still holds its latest work.
            let lost = techs.removeLast()
            _ = lost

            server = try await restoreServer()
            for agent in techs + [office, hq] {
                let status = try Self.sync(agent)
                #expect(status == 4, "\(agent.name) is told the server was restored")
            }
            for agent in techs + [office, hq] { try Self.sync(agent) }

            #expect(Set(try hq.records().keys) == created, "every record some replica holds is back on the server")
            let said = try techs[0].run(["status", "--lang", "en"]).stdout
            #expect(
                said.contains("the server was restored from a backup;")
                    && said.contains("of your changes were sent again"), "\(said)")
            let chinese = try techs[0].run(["status", "--lang", "zh"]).stdout
            #expect(chinese.contains("服务器曾从备份恢复"), "\(chinese)")
        }
    }
}

/// A backup of a running server, and putting it back: `fieldsync-server backup` for SQLite,
/// pg_dump and pg_restore into a new database for PostgreSQL (the README's procedures).
enum ServerBackup {
    /// Takes the backup now; the returned closure stops the server, restores the backup and starts
    /// a server on it, on the same port (the replicas know the server by its address).
    static func take(
        of server: ServerProcess, backend: StorageBackend, in directory: TemporaryDirectory
    ) throws -> () async throws -> ServerProcess {
        let file = directory.file("server-backup.\(backend == .sqlite ? "sqlite" : "dump")")
        switch backend {
        case .sqlite:
            let result = try server.admin(["backup", "--output", file])
            #expect(result.status == 0, "backup: \(result.stderr)")
            #expect(result.stdout.contains("backed up"), "\(result.stdout)")
            return {
                server.stop()
                let path = server.database
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
                try FileManager.default.copyItem(atPath: file, toPath: path)
                return try ServerProcess(storeArguments: server.storeArguments, port: server.port)
            }
        case .postgres:
            let dump = try runPostgresTool("pg_dump", ["-Fc", "-f", file, "-d", server.database])
            #expect(dump.status == 0, "pg_dump: \(dump.stderr)")
            return {
                server.stop()
                let restored = try await TestDatabase.create()
                let result = try runPostgresTool("pg_restore", ["--no-owner", "-d", restored.url, file])
                #expect(result.status == 0, "pg_restore: \(result.stderr)")
                return try ServerProcess(storeArguments: ["--database", restored.url], port: server.port)
            }
        }
    }

    /// Runs one of PostgreSQL's client programs (the newest installed).
    static func runPostgresTool(_ name: String, _ arguments: [String]) throws -> BinaryRunner.Result {
        let bin =
            (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql"))?
            .sorted { $0.compare($1, options: .numeric) == .orderedAscending }.last
            .map { "/usr/lib/postgresql/\($0)/bin/\(name)" } ?? name
        return try BinaryRunner(path: bin).run(arguments)
    }
}
