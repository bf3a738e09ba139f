import FieldSyncServer
import FieldSyncShared
import FieldSyncTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PostgresTestSupport
import Testing

/// The routes in process: push, pull, scope, and the plain endpoints. Refusals are in `+Refusals`.
@Suite struct SyncRoutesTests {
    /// A south and a north technician and headquarters, each with its own replica.
    struct People: Sendable {
        let south: String
        let north: String
        let hq: String
        let southReplica = ReplicaID(high: 0x50, low: 1)
        let northReplica = ReplicaID(high: 0x40, low: 1)
        let hqReplica = ReplicaID(high: 0x10, low: 1)
    }

    static func people(_ server: TestServer) async throws -> People {
        People(
            south: try await server.token("south technician", region: .south).secret,
            north: try await server.token("north technician", region: .north).secret,
            hq: try await server.token("headquarters", role: .hq, region: nil).secret)
    }

    /// `count` south customers written by the south replica, numbered from `first`.
    static func southCustomers(_ count: Int, from first: UInt64 = 1, people: People, name: String = "Huaxia Cemetery")
        -> [WireRecord]
    {
        (0..<UInt64(count)).map { offset in
            WireRecord.customer(
                .test(first + offset), region: .south, name: name, dot: people.southReplica.dot(first + offset))
        }
    }

    @Test(arguments: StorageBackend.all)
    func pushThenPullReturnsTheRecord(_ backend: StorageBackend) async throws {
        try await TestServer.with(backend) { server in
            let people = try await Self.people(server)
            let customer = WireRecord.customer(
                .test(1), region: .south, dot: people.southReplica.dot(1), ["phone": "020-1"])
            try await server.test { client in
                let results = try await client.pushed([customer], token: people.south, replica: people.southReplica)
                #expect(results == [PushResult(id: customer.id, outcome: .applied)])

                let page = try await client.pull(token: people.south, replica: people.southReplica)
                #expect(page.records == [customer])
                #expect(page.removed.isEmpty)
                #expect(page.next > 0)
                #expect(!page.more)

                let after = try await client.pull(after: page.next, token: people.south, replica: people.southReplica)
                #expect(after.records.isEmpty && after.next == page.next && !after.more)
            }
        }
    }

    @Test(arguments: StorageBackend.all)
    func recordChangedManyTimesAppearsOnceAtItsLatestPlace(_ backend: StorageBackend) async throws {
        try await TestServer.with(backend) { server in
            let people = try await Self.people(server)
            let replica = people.southReplica
            let created = WireRecord.customer(.test(1), region: .south, dot: replica.dot(1))
            let once = WireRecord.customer(.test(2), region: .south, dot: replica.dot(2))
            try await server.test { client in
                try await client.pushed([created], token: people.south, replica: replica)
                try await client.pushed([once], token: people.south, replica: replica)
                var often = created
                for counter in UInt64(3)...12 {
                    often = often.writing(["phone": .string("020-\(counter)")], dot: replica.dot(counter))
                    try await client.pushed([often], token: people.south, replica: replica)
                }
                let page = try await client.pull(token: people.south, replica: replica)
                #expect(page.records.map(\.id) == [once.id, often.id], "the latest change comes last")
                #expect(page.records.last == often)
                #expect(!page.more)
            }
        }
    }

    /// An agent fetches the next page while it stores this one: `held` says how far it has stored,
    /// and only that much is acknowledged (tombstone purges wait for it).
    @Test(arguments: StorageBackend.all)
    func aPrefetchAcknowledgesOnlyWhatTheReplicaHolds(_ backend: StorageBackend) async throws {
        try await TestServer.with(backend) { server in
            let people = try await Self.people(server)
            try await server.test { client in
                try await client.pushed(
                    Self.southCustomers(6, people: people), token: people.south, replica: people.southReplica)
                let first = try await client.pull(after: 0, limit: 2, token: people.south, replica: people.southReplica)
                let ahead = try await client.send(
                    .get, "/v1/pull?after=\(first.next)&held=0&limit=2", token: people.south,
                    replica: people.southReplica)
                #expect(ahead.status == .ok)
                var cursor = try await server.store.replicas().first { $0.replica == people.southReplica.description }?
                    .cursor
                #expect(cursor == 0, "the page fetched ahead is not acknowledged")
                _ = try await client.send(
                    .get, "/v1/pull?after=\(first.next)&held=\(first.next)&limit=2", token: people.south,
                    replica: people.southReplica)
                cursor = try await server.store.replicas().first { $0.replica == people.southReplica.description }?
                    .cursor
                #expect(cursor == first.next)

                let beyond = try await client.send(
                    .get, "/v1/pull?after=1&held=\(first.next + 1)", token: people.south, replica: people.southReplica)
                #expect(beyond.status == .badRequest)
                #expect(String(buffer: beyond.body).contains("held"))
            }
        }
    }

    @Test(arguments: StorageBackend.all, [1, 4, 7, 23, 500])
    func pagesReturnEveryRecordExactlyOnce(_ backend: StorageBackend, limit: Int) async throws {
        try await TestServer.with(backend) { server in
            let people = try await Self.people(server)
            let records = Self.southCustomers(23, people: people)
            try await server.test { client in
                try await client.pushed(records, token: people.south, replica: people.southReplica)
                let all = try await client.pullAll(limit: limit, token: people.south, replica: people.southReplica)
                #expect(all.records.map(\.id) == records.map(\.id), "every record once, in change-log order")
                #expect(Set(all.records) == Set(records))
                #expect(all.pages.count == (records.count + limit - 1) / limit)
                #expect(all.pages.dropLast().allSatisfy { $0.more && $0.records.count == limit })
                #expect(all.pages.last?.more == false)
                let cursors = all.pages.map(\.next)
                #expect(cursors == cursors.sorted() && Set(cursors).count == cursors.count, "cursors only move forward")
            }
        }
    }

    @Test(arguments: StorageBackend.all)
    func pageSizeNeverExceedsTheConfiguredMaximum(_ backend: StorageBackend) async throws {
        var configuration = ServerConfiguration()
        configuration.maxPageSize = 3
        try await TestServer.with(backend, configuration: configuration) { server in
            let people = try await Self.people(server)
            try await server.test { client in
                try await client.pushed(
                    Self.southCustomers(5, people: people), token: people.south, replica: people.southReplica)
                let page = try await client.pull(token: people.south, replica: people.southReplica)
                #expect(page.records.count == 3 && page.more, "without a limit, the server's maximum applies")
            }
        }
    }

    @Test(arguments: StorageBackend.all)
    func pushingTheSameBatchTwiceChangesNothing(_ backend: StorageBackend) async throws {
        try await TestServer.with(backend) { server in
            let people = try await Self.people(server)
            let records = Self.southCustomers(5, people: people)
            try await server.test { client in
                try await client.pushed(records, token: people.south, replica: people.southReplica)
                let first = try await client.pullAll(token: people.south, replica: people.southReplica)
                let stored = try await server.snapshot()

                let again = try await client.pushed(records, token: people.south, replica: people.southReplica)
                #expect(again.map(\.outcome) == Array(repeating: .applied, count: records.count))
                let second = try await client.pull(
                    after: first.cursor, token: people.south, replica: people.southReplica)
                #expect(second.records.isEmpty && second.removed.isEmpty)
                #expect(second.next == first.cursor && !second.more)
                #expect(try await server.snapshot() == stored)
            }
        }
    }

    @Test(arguments: StorageBackend.all)
    func pullShowsOnlyTheTokensRegionAndHeadquartersSeesAll(_ backend: StorageBackend) async throws {
        try await TestServer.with(backend) { server in
            let people = try await Self.people(server)
            let south = Self.southCustomers(3, people: people)
            let north = (10..<UInt64(12)).map {
                WireRecord.customer(
                    .test($0), region: .north, name: "Beijing Memorial Park", dot: people.northReplica.dot($0))
            }
            try await server.test { client in
                try await client.pushed(south, token: people.south, replica: people.southReplica)
                try await client.pushed(north, token: people.north, replica: people.northReplica)

                let southPull = try await client.pullAll(limit: 2, token: people.south, replica: people.southReplica)
                #expect(Set(southPull.records.map(\.id)) == Set(south.map(\.id)))
                #expect(southPull.records.allSatisfy { $0.region == .south })
                let northPull = try await client.pullAll(token: people.north, replica: people.northReplica)
                #expect(Set(northPull.records.map(\.id)) == Set(north.map(\.id)))
                let hqPull = try await client.pullAll(limit: 2, token: people.hq, replica: people.hqReplica)
                #expect(Set(hqPull.records.map(\.id)) == Set((south + north).map(\.id)))
            }
        }
    }

    @Test(arguments: StorageBackend.all)
    func recordMovedOutOfTheRegionIsListedAsRemoved(_ backend: StorageBackend) async throws {
        try await TestServer.with(backend) { server in
            let people = try await Self.people(server)
            let customer = WireRecord.customer(.test(1), region: .south, dot: people.southReplica.dot(1))
            try await server.test { client in
                try await client.pushed([customer], token: people.south, replica: people.southReplica)
                let before = try await client.pull(token: people.south, replica: people.southReplica)
                let moved = customer.writing(["region": "north"], dot: people.southReplica.dot(2))
                #expect(
                    try await client.pushed([moved], token: people.south, replica: people.southReplica).first?.outcome
                        == .applied)

                let south = try await client.pull(after: before.next, token: people.south, replica: people.southReplica)
                #expect(south.records.isEmpty && south.removed == [customer.id])
                let north = try await client.pull(token: people.north, replica: people.northReplica)
                #expect(north.records == [moved])
            }
        }
    }

    @Test(arguments: StorageBackend.all)
    func recordMovedAwayAndBackIsNotListedAsRemoved(_ backend: StorageBackend) async throws {
        try await TestServer.with(backend) { server in
            let people = try await Self.people(server)
            let customer = WireRecord.customer(.test(1), region: .south, dot: people.southReplica.dot(1))
            try await server.test { client in
                try await client.pushed([customer], token: people.south, replica: people.southReplica)
                let before = try await client.pull(token: people.south, replica: people.southReplica)
                let away = customer.writing(["region": "north"], dot: people.southReplica.dot(2))
                try await client.pushed([away], token: people.south, replica: people.southReplica)
                let back = away.writing(["region": "south", "phone": "020-5"], dot: people.northReplica.dot(1))
                try await client.pushed([back], token: people.north, replica: people.northReplica)

                // The agent applies a page's records, then its removals: a stale exit would delete the record again.
                let south = try await client.pull(after: before.next, token: people.south, replica: people.southReplica)
                #expect(south.records == [back])
                #expect(south.removed.isEmpty, "the record is back in the south; its old exit is stale")
                let north = try await client.pull(token: people.north, replica: people.northReplica)
                #expect(north.records.isEmpty && north.removed == [customer.id])
            }
        }
    }

    @Test(arguments: StorageBackend.all)
    func eachRecordOfABatchHasItsOwnOutcome(_ backend: StorageBackend) async throws {
        try await TestServer.with(backend) { server in
            let people = try await Self.people(server)
            let replica = people.southReplica
            let valid = WireRecord.customer(.test(1), region: .south, dot: replica.dot(1))
            let invalid = WireRecord.partSupply(
                .test(2), customer: .test(1), region: .south, quantity: 0, dot: replica.dot(2))
            try await server.test { client in
                let response = try await client.push([invalid, valid], token: people.south, replica: replica)
                #expect(response.status == .ok)
                let results = Dictionary(
                    uniqueKeysWithValues: try response.json(PushResponse.self).results.map { ($0.id, $0) })
                #expect(results[valid.id]?.outcome == .applied)
                #expect(results[invalid.id]?.outcome == .rejected)
                #expect(results[invalid.id]?.code == "invalid_record")
                #expect(results[invalid.id]?.reason?.contains("quantity") == true)
                #expect(try await server.snapshot() == [valid])
            }
        }
    }

    @Test(arguments: StorageBackend.all)
    func largePullIsGzippedWhenAsked(_ backend: StorageBackend) async throws {
        try await TestServer.with(backend) { server in
            let people = try await Self.people(server)
            let records = Self.southCustomers(
                40, people: people, name: "Guangzhou Yinhe Revolutionary Cemetery, east wing")
            try await server.test { client in
                try await client.pushed(records, token: people.south, replica: people.southReplica)
                var gzip = HTTPFields()
                gzip[.acceptEncoding] = "gzip, deflate"
                let zipped = try await client.send(
                    .get, "/v1/pull?after=0", token: people.south, replica: people.southReplica, headers: gzip)
                #expect(zipped.status == .ok)
                #expect(zipped.headers[.contentEncoding] == "gzip")
                #expect(Array(zipped.body.readableBytesView.prefix(2)) == [0x1F, 0x8B], "the gzip magic number")

                let plain = try await client.send(
                    .get, "/v1/pull?after=0", token: people.south, replica: people.southReplica)
                #expect(plain.headers[.contentEncoding] == nil)
                #expect(try plain.json(PullResponse.self).records.count == records.count)
                #expect(zipped.body.readableBytes < plain.body.readableBytes)
            }
        }
    }

    /// `serve --gzip-level`: 9 gives the smallest answer, 1 (the default) the cheapest.
    @Test func gzipLevelIsTheOperatorsChoice() async throws {
        var sizes = [Int32: Int]()
        for level: Int32 in [1, 9] {
            var configuration = ServerConfiguration()
            configuration.gzipLevel = level
            sizes[level] = try await TestServer.with(.sqlite, configuration: configuration) { server in
                let people = try await Self.people(server)
                var records = [WireRecord]()
                for number in UInt64(1)...200 {
                    let name = "Guangzhou Yinhe Cemetery \(number % 7)"
                    let address = "Tianhe district, row \(number % 13)"
                    records.append(
                        WireRecord.customer(
                            .test(number), region: .south, name: name, dot: people.southReplica.dot(number),
                            ["address": .string(address)]))
                }
                let batch = records
                return try await server.test { client in
                    try await client.pushed(batch, token: people.south, replica: people.southReplica)
                    var gzip = HTTPFields()
                    gzip[.acceptEncoding] = "gzip"
                    let zipped = try await client.send(
                        .get, "/v1/pull?after=0", token: people.south, replica: people.southReplica, headers: gzip)
                    #expect(zipped.headers[.contentEncoding] == "gzip")
                    return zipped.body.readableBytes
                }
            }
        }
        #expect(sizes[9]! < sizes[1]!, "\(sizes)")
    }

    @Test(arguments: StorageBackend.all)
    func healthMetricsAndOpenAPIAreServed(_ backend: StorageBackend) async throws {
        try await TestServer.with(backend) { server in
            let people = try await Self.people(server)
            try await server.test { client in
                try await client.pushed(
                    Self.southCustomers(2, people: people), token: people.south, replica: people.southReplica)
                let health = try await client.execute(uri: "/healthz", method: .get)
                #expect(health.status == .ok)
                #expect(health.text.contains("ok"))

                let metrics = try await client.execute(uri: "/metrics", method: .get)
                #expect(metrics.status == .ok)
                #expect(metrics.text.contains("fieldsync_records_pushed_total"))
                #expect(metrics.text.contains("fieldsync_records_pushed_total 2"))

                let openAPI = try await client.execute(uri: "/openapi.yaml", method: .get)
                #expect(openAPI.status == .ok)
                #expect(openAPI.text.hasPrefix("openapi: 3"))

                let missing = try await client.execute(uri: "/v2/nothing", method: .get)
                #expect(missing.status == .notFound && missing.isJSON && missing.error?.code == "not_found")
            }
        }
    }
}
