import FieldSyncShared
import FieldSyncTestSupport
import Foundation
import PostgresTestSupport
import Testing

/// The real `fieldsync-server` and `fieldsync` binaries on loopback: five regions and headquarters
/// (the first two tests on SQLite and on PostgreSQL).
@Suite("sync end to end", .serialized)
struct SyncEndToEndTests {
    static let regions = ["north", "northwest", "southwest", "central", "south"]

    @Test(arguments: StorageBackend.all, [UInt64(7), 2026])
    func fiveRegionsAndHeadquartersConverge(_ backend: StorageBackend, seed: UInt64) async throws {
        let directory = try TemporaryDirectory("e2e-regions")
        defer { directory.remove() }
        try await withServerStore(backend, in: directory) { store in
            let server = try ServerProcess(storeArguments: store)
            var agents = [FieldAgent]()
            for region in Self.regions {
                let token = try server.token(role: "technician", region: region, name: "tech-\(region)")
                agents.append(
                    try FieldAgent("tech-\(region)", in: directory, server: server, token: token, region: region))
            }
            let office = try FieldAgent(
                "office-north", in: directory, server: server,
                token: try server.token(role: "office", region: "north", name: "office-north"), region: "north")
            let hq = try FieldAgent(
                "hq", in: directory, server: server, token: try server.token(role: "hq", name: "hq"), region: nil)
            agents += [office, hq]

            // Offline work everywhere, then syncs in random orders, with edits between rounds.
            for (index, agent) in agents.prefix(5).enumerated() {
                _ = try agent.importRecords(regionWork(Self.regions[index], customers: 4, tag: agent.name))
            }
            var random = SplitMix64(seed: seed)
            for round in 0..<3 {
                for agent in agents.shuffled(using: &random) {
                    let own = try agent.records().filter { $0.value["record_kind"] as? String == "customer" }.keys
                        .sorted()
                    if let id = own.randomElement(using: &random) {
                        try agent.run(["customer", "edit", id, "--contact", "\(agent.name) r\(round)"])
                    }
                    try agent.sync()
                }
            }
            for _ in 0..<2 { for agent in agents { try agent.sync() } }

            let everything = try hq.records()
            #expect(everything.count == 5 * (4 * 2 + 2), "seed \(seed)")
            for (index, agent) in agents.prefix(5).enumerated() {
                let mine = try agent.records()
                #expect(
                    mine.values.allSatisfy { $0["region"] as? String == Self.regions[index] },
                    "\(agent.name) holds another region's records")
                let expected = everything.filter { $0.value["region"] as? String == Self.regions[index] }
                #expect(
                    NSDictionary(dictionary: mine) == NSDictionary(dictionary: expected),
                    "\(agent.name) differs from hq, seed \(seed)")
            }
            #expect(NSDictionary(dictionary: try office.records()) == NSDictionary(dictionary: try agents[0].records()))
            // Conflicts travel in the records (`conflicts` in each object): equal records, equal conflicts.
        }
    }

    @Test(arguments: StorageBackend.all)
    func concurrentEditsShowEverywhereAndOneResolveSettlesThem(_ backend: StorageBackend) async throws {
        let directory = try TemporaryDirectory("e2e-conflict")
        defer { directory.remove() }
        try await withServerStore(backend, in: directory) { store in
            let server = try ServerProcess(storeArguments: store)
            let tech = try FieldAgent(
                "tech", in: directory, server: server,
                token: try server.token(role: "technician", region: "north", name: "t"), region: "north")
            let office = try FieldAgent(
                "office", in: directory, server: server,
                token: try server.token(role: "office", region: "north", name: "o"), region: "north")
            let hq = try FieldAgent(
                "hq", in: directory, server: server, token: try server.token(role: "hq", name: "h"), region: nil)
            let ids = try tech.importRecords([
                ["record_kind": "customer", "name": "八宝山", "region": "north", "phone": "010-1"]
            ])
            let customer = try #require(ids.first)
            for agent in [tech, office, hq] { try agent.sync() }

            // Both offices edit the same customer's phone while apart.
            #expect(try tech.run(["customer", "edit", customer, "--phone", "010-2"]).status == 0)
            #expect(try office.run(["customer", "edit", customer, "--phone", "010-3"]).status == 0)
            for _ in 0..<2 { for agent in [tech, office, hq] { try agent.sync() } }

            for agent in [tech, office, hq] {
                let conflicts = try agent.conflicts()
                #expect(conflicts.count == 1, "\(agent.name) should show the conflict")
                let values = (conflicts.first?["values"] as? [[String: Any]])?.compactMap { $0["value"] as? String }
                #expect(Set(values ?? []) == ["010-2", "010-3"], "\(agent.name)")
            }
            let status = try tech.run(["sync", "--retries", "0"])
            #expect(status.status == 3, "sync says conflicts wait")

            let dot = try #require(
                (try office.conflicts().first?["values"] as? [[String: Any]])?.first {
                    $0["value"] as? String == "010-3"
                }?["dot"] as? String)
            let resolved = try office.run([
                "resolve", "customer", customer, "--field", "phone", "--keep", dot, "--reason", "customer confirmed",
            ])
            #expect(resolved.status == 0, "\(resolved.stderr)")
            for _ in 0..<2 { for agent in [office, tech, hq] { try agent.sync() } }
            for agent in [tech, office, hq] {
                #expect(try agent.conflicts().isEmpty, "\(agent.name) still shows a conflict")
                #expect(try agent.records()[customer]?["phone"] as? String == "010-3")
            }
        }
    }

    @Test func outOfScopePushIsRefusedAndNothingIsStored() throws {
        let directory = try TemporaryDirectory("e2e-scope")
        defer { directory.remove() }
        let server = try ServerProcess(database: directory.file("server.sqlite"))
        let south = try FieldAgent(
            "south", in: directory, server: server,
            token: try server.token(role: "technician", region: "south", name: "s"), region: "south")
        let north = try FieldAgent(
            "north", in: directory, server: server,
            token: try server.token(role: "technician", region: "north", name: "n"), region: "north")
        let hq = try FieldAgent(
            "hq", in: directory, server: server, token: try server.token(role: "hq", name: "h"), region: nil)
        _ = try north.importRecords([["record_kind": "customer", "name": "北方客户", "region": "north"]])
        try north.sync()
        _ = try south.importRecords([
            ["record_kind": "customer", "name": "南方客户", "region": "south"],
            ["record_kind": "customer", "name": "越界", "region": "north"],
        ])
        let result = try south.run(["sync", "--retries", "0"])
        #expect(result.status == 77, "refused records make the sync exit 77: \(result.stdout) \(result.stderr)")
        #expect(result.stdout.contains("refused"))
        try hq.sync()
        let names = Set(try hq.records().values.compactMap { $0["name"] as? String })
        #expect(names == ["北方客户", "南方客户"])
        #expect(
            try south.records().values.allSatisfy { ($0["name"] as? String) != "北方客户" },
            "south never receives north's records")
        let status = try south.run(["status"])
        #expect(status.stdout.contains("refused"))
    }

    @Test func recordMovedToAnotherRegionLeavesTheOldRegionsReplicas() throws {
        let directory = try TemporaryDirectory("e2e-move")
        defer { directory.remove() }
        let server = try ServerProcess(database: directory.file("server.sqlite"))
        let office = try FieldAgent(
            "office", in: directory, server: server,
            token: try server.token(role: "office", region: "north", name: "o"), region: "north")
        let tech = try FieldAgent(
            "tech", in: directory, server: server,
            token: try server.token(role: "technician", region: "north", name: "t"), region: "north")
        let south = try FieldAgent(
            "south", in: directory, server: server,
            token: try server.token(role: "technician", region: "south", name: "s"), region: "south")
        let customer = try #require(
            try office.importRecords([["record_kind": "customer", "name": "搬迁客户", "region": "north"]]).first)
        try office.sync()
        try tech.sync()
        #expect(try tech.records()[customer] != nil)
        #expect(try office.run(["customer", "edit", customer, "--region", "south"]).status == 0)
        try office.sync()
        try tech.sync()
        try south.sync()
        #expect(try tech.records()[customer] == nil, "the moved customer leaves north's replicas")
        #expect(try south.records()[customer]?["region"] as? String == "south")
    }

    @Test func revokedTokenRemovesSyncedRecordsAndKeepsUnsyncedWork() throws {
        let directory = try TemporaryDirectory("e2e-revoke")
        defer { directory.remove() }
        let server = try ServerProcess(database: directory.file("server.sqlite"))
        let tech = try FieldAgent(
            "lost", in: directory, server: server,
            token: try server.token(role: "technician", region: "central", name: "lost-phone"), region: "central")
        _ = try tech.importRecords([["record_kind": "customer", "name": "已同步", "region": "central"]])
        try tech.sync()
        _ = try tech.importRecords([["record_kind": "customer", "name": "未同步", "region": "central"]])
        #expect(try server.admin(["token", "revoke", "lost-phone"]).status == 0)
        let result = try tech.run(["sync", "--retries", "0"])
        #expect(result.status == 77)
        #expect(result.stderr.contains("revoked"))
        let left = Set(try tech.records().values.compactMap { $0["name"] as? String })
        #expect(left == ["未同步"])
    }
}

@Suite("tombstone purge end to end", .serialized)
struct PurgeEndToEndTests {
    @Test func replicaBackFromBehindAPurgeRebaselinesAndKeepsItsWork() throws {
        let directory = try TemporaryDirectory("e2e-purge")
        defer { directory.remove() }
        let server = try ServerProcess(database: directory.file("server.sqlite"))
        let office = try FieldAgent(
            "office", in: directory, server: server,
            token: try server.token(role: "office", region: "central", name: "o"), region: "central")
        let away = try FieldAgent(
            "away", in: directory, server: server,
            token: try server.token(role: "technician", region: "central", name: "a"), region: "central")
        let ids = try office.importRecords([
            ["record_kind": "customer", "name": "甲", "region": "central"],
            ["record_kind": "customer", "name": "乙", "region": "central"],
            ["record_kind": "customer", "name": "丙", "region": "central"],
        ])
        try office.sync()
        try away.sync()
        try away.sync()

        // The technician goes offline and edits 乙; meanwhile the office deletes 甲 and 乙.
        #expect(try away.run(["customer", "edit", ids[1], "--phone", "offline edit"]).status == 0)
        #expect(try away.run(["customer", "add", "--name", "丁", "--json"]).status == 0)
        #expect(try office.run(["delete", "customer", ids[0]]).status == 0)
        #expect(try office.run(["delete", "customer", ids[1]]).status == 0)
        try office.sync()
        // The office gives the device up for lost; its tombstones are purged once the office pulls past them.
        let replicaID = try #require(
            (try away.run(["status", "--json"]).json() as? [String: Any])?["replica_id"] as? String)
        #expect(try server.admin(["replica", "retire", replicaID]).status == 0)
        try office.sync()
        try office.sync()

        // The device comes back: told to rebaseline, it keeps and pushes what it did offline.
        let result = try away.sync()
        #expect(result.stdout.contains("rebuilt"), "\(result.stdout)")
        let back = try away.records()
        #expect(back[ids[0]] == nil, "the purged delete took 甲 away")
        #expect(back[ids[2]]?["name"] as? String == "丙")
        #expect(back.values.contains { $0["name"] as? String == "丁" }, "work added offline is kept")
        let conflicted = try #require(back[ids[1]], "the edit concurrent with the delete is kept as a conflict")
        #expect((conflicted["conflicts"] as? [String])?.contains("phone") == true)
        try office.sync()
        #expect(try office.conflicts().contains { $0["id"] as? String == ids[1] }, "the office sees it too")
    }
}
