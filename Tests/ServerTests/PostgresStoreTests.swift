import FieldSyncServer
import FieldSyncShared
import FieldSyncTestSupport
import Foundation
import Logging
import PostgresNIO
import PostgresTestSupport
import Testing

/// What only PostgreSQL has to get right: several instances on one database, transactions
/// committing out of order, start-up checks. The shared behaviour is in the other suites, run on both.
@Suite struct PostgresStoreTests {
    let now = TestServer.now

    static var logger: Logger {
        var logger = Logger(label: "fieldsync.server.tests")
        logger.logLevel = .warning
        return logger
    }

    /// `count` stores (as separate server instances would have, each its own pool) on one fresh database.
    func withInstances<Value: Sendable>(
        _ count: Int, _ body: (TestDatabase, [PostgresServerStore]) async throws -> Value
    ) async throws -> Value {
        try await TestDatabase.with { database in
            let stores = try (0..<count).map { _ in
                PostgresServerStore(location: try PostgresLocation(url: database.url), logger: Self.logger)
            }
            return try await withThrowingTaskGroup(of: Void.self) { group in
                for store in stores { group.addTask { try await store.run() } }
                defer { group.cancelAll() }
                for store in stores { try await store.prepare() }
                return try await body(database, stores)
            }
        }
    }

    @Test(arguments: StorageBackend.postgresOnly)
    func pullStopsBeforeAChangeWhoseTransactionIsStillInFlight(_ backend: StorageBackend) async throws {
        try await withInstances(1) { database, stores in
            let store = stores[0]
            let hq = try await store.createToken(name: "hq", role: .hq, region: nil, hash: "h", now: now)
            let identity = Identity(tokenID: hq.id, name: hq.name, role: hq.role, region: nil)
            let writer = TestReplicas.first
            try await store.bind(replica: writer, identity: identity, now: now)
            let first = WireRecord.customer(.test(1), region: .north, dot: writer.dot(1))
            let slow = WireRecord.customer(.test(2), region: .north, dot: writer.dot(2))
            let fast = WireRecord.customer(.test(3), region: .north, dot: writer.dot(3))
            _ = try await store.push([first], pusher: writer, identity: identity, now: now)

            // Another instance's transaction takes the next place, and is slow to commit...
            let other = try await database.connect()
            try await other.query("BEGIN", logger: Self.logger)
            var slowSeq: Int64 = 0
            for try await seq in try await other.query("SELECT fieldsync_take_seqs(1)", logger: Self.logger).decode(
                Int64.self)
            {
                slowSeq = seq
            }
            // ...while a later one commits first.
            _ = try await store.push([fast], pusher: writer, identity: identity, now: now)
            let during = try await store.pull(after: 0, limit: 100, scope: nil, replica: nil)
            #expect(during.records == [first], "nothing past the place still in flight")
            #expect(during.next == 1 && !during.more)
            let fromThere = try await store.pull(after: during.next, limit: 100, scope: nil, replica: nil)
            #expect(fromThere.records.isEmpty && fromThere.next == 1 && !fromThere.more)

            let state = try JSONText.data(slow.state)
            try await other.query(
                """
                INSERT INTO record (id, kind, region, seq, is_deleted, has_conflicts, customer, state)
                VALUES (\(slow.id.description), 'customer', 'north', \(slowSeq), false, false, NULL, \(state))
                """, logger: Self.logger)
            try await other.query("COMMIT", logger: Self.logger)
            try await other.close()

            let after = try await store.pull(after: during.next, limit: 100, scope: nil, replica: nil)
            #expect(after.records == [slow, fast], "the slow change, then the fast one: none passed")
            #expect(after.next == 3)
        }
    }

    @Test(arguments: StorageBackend.postgresOnly)
    func concurrentMergesOfOneRecordOnTwoInstancesKeepBothSides(_ backend: StorageBackend) async throws {
        try await withInstances(2) { _, stores in
            let office = try await stores[0].createToken(
                name: "north office", role: .office, region: .north, hash: "o", now: now)
            let tech = try await stores[0].createToken(
                name: "north technician", role: .technician, region: .north, hash: "t", now: now)
            let officeIdentity = Identity(
                tokenID: office.id, name: office.name, role: office.role, region: office.region)
            let techIdentity = Identity(tokenID: tech.id, name: tech.name, role: tech.role, region: tech.region)
            let x = TestReplicas.first
            let y = TestReplicas.second
            try await stores[0].bind(replica: x, identity: officeIdentity, now: now)
            try await stores[1].bind(replica: y, identity: techIdentity, now: now)

            for round in UInt64(1)...25 {
                // A record neither has seen, created by both at once on the two instances.
                let id = RecordID.test(round)
                let mineX = WireRecord.customer(
                    id, region: .north, name: "Babaoshan", dot: x.dot(round), ["phone": .string("010-x\(round)")])
                let mineY = WireRecord.customer(
                    id, region: .north, name: "Babaoshan", dot: y.dot(round), ["phone": .string("010-y\(round)")])
                async let pushX = stores[0].push([mineX], pusher: x, identity: officeIdentity, now: now)
                async let pushY = stores[1].push([mineY], pusher: y, identity: techIdentity, now: now)
                _ = try await (pushX, pushY)

                let stored = try #require(
                    try await stores[round % 2 == 0 ? 0 : 1].allRecords(scope: .north).first { $0.id == id })
                #expect(stored.state.context == VersionVector([x: round, y: round]), "round \(round): a side was lost")
                let phones = Set(
                    stored.state.standing("phone").compactMap {
                        $0.value == .value(.string("010-x\(round)")) || $0.value == .value(.string("010-y\(round)"))
                            ? $0.dot : nil
                    })
                #expect(phones == [x.dot(round), y.dot(round)], "round \(round): both phones stand, as a conflict")
                #expect(stored.state.conflicts.map(\.field).contains("phone"), "round \(round)")
            }
        }
    }

    @Test(arguments: StorageBackend.postgresOnly)
    func editsOfOneStoredRecordOnTwoInstancesAtOnceAreAllKept(_ backend: StorageBackend) async throws {
        try await withInstances(2) { _, stores in
            let hq = try await stores[0].createToken(name: "hq", role: .hq, region: nil, hash: "h", now: now)
            let identity = Identity(tokenID: hq.id, name: hq.name, role: hq.role, region: nil)
            let fields = ["contact", "phone", "address", "training"]
            let replicas = (UInt64(1)...4).map { ReplicaID(high: 0xC0, low: $0) }
            for replica in replicas { try await stores[0].bind(replica: replica, identity: identity, now: now) }
            let base = WireRecord.customer(.test(1), region: .south, dot: replicas[0].dot(1))
            _ = try await stores[0].push([base], pusher: replicas[0], identity: identity, now: now)

            // Each replica writes its own field of the same record, ten times, through alternating instances.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, replica) in replicas.enumerated() {
                    group.addTask {
                        var mine = base
                        for counter in UInt64(2)...11 {
                            mine = mine.writing([fields[index]: .string("v\(counter)")], dot: replica.dot(counter))
                            let store = stores[Int(counter) % 2]
                            _ = try await store.push([mine], pusher: replica, identity: identity, now: TestServer.now)
                        }
                    }
                }
                try await group.waitForAll()
            }
            let stored = try #require(try await stores[1].allRecords(scope: .south).first)
            for (index, replica) in replicas.enumerated() {
                #expect(stored.state.context[replica] == 11, "\(replica)'s writes are all in the context")
                #expect(
                    stored.state.standing(fields[index]).map(\.value) == [.value("v11")],
                    "\(replica)'s last value stands")
            }
        }
    }

    @Test(arguments: StorageBackend.postgresOnly)
    func startRefusesADatabaseWithANewerSchema(_ backend: StorageBackend) async throws {
        try await withInstances(1) { database, _ in
            let connection = try await database.connect()
            try await connection.query(
                "INSERT INTO schema_version (version, name) VALUES (9999, 'from the future')", logger: Self.logger)
            try await connection.close()
            let newer = PostgresServerStore(location: try PostgresLocation(url: database.url), logger: Self.logger)
            let error = await #expect(throws: ServerError.self) { try await newer.prepare() }
            #expect(error?.code == "schema_newer")
            #expect(error?.message.contains("9999") == true)
        }
    }

    @Test func startSaysWhichServerCannotBeReachedAndWhatToCheck() async throws {
        let store = PostgresServerStore(
            location: try PostgresLocation(url: "postgres://fieldsync:secret@127.0.0.1:1/fieldsync"),
            logger: Self.logger)
        let error = await #expect(throws: ServerError.self) { try await store.prepare() }
        #expect(error?.code == "storage_unreachable")
        #expect(error?.message.contains("127.0.0.1:1") == true)
        #expect(error?.message.contains("running") == true)
        #expect(error?.message.contains("secret") == false, "never the password")
    }

    @Test(arguments: [
        "mysql://u@h/db", "postgres://u@/db", "postgres://u@h", "postgres://u@h/db?sslmode=sometimes",
        "postgres://u@h/db?pool_size=0",
        "postgres://u@h/db?colour=blue",
    ])
    func badDatabaseURLIsExplained(_ url: String) {
        #expect(throws: ServerError.self, "\(url)") { try PostgresLocation(url: url) }
    }

    @Test func databaseURLIsRead() throws {
        let location = try PostgresLocation(
            url: "postgresql://field%40sync:p%2Fw@db.internal:6543/fs?sslmode=require&pool_size=8")
        #expect(
            location
                == PostgresLocation(
                    host: "db.internal", port: 6543, username: "field@sync", password: "p/w", database: "fs",
                    tls: .require, poolSize: 8))
        #expect(location.endpoint == "field@sync@db.internal:6543/fs")
        #expect(try PostgresLocation(url: "postgres://db/fs").port == 5432)
    }
}
