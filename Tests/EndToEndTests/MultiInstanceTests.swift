import FieldSyncShared
import FieldSyncTestSupport
import Foundation
import PostgresTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Two real `fieldsync-server` processes on one PostgreSQL database, as behind a load balancer.
@Suite("several server instances on one database", .serialized)
struct MultiInstanceTests {
    static let regions = ["north", "northwest", "southwest", "central", "south"]

    /// Pushers and pullers all at once through both instances: transactions commit their change-log
    /// places out of order, and still every puller, which only ever moves its cursor forward, ends
    /// holding every change. Direct HTTP clients push one record per transaction as fast as they can
    /// (the most interleaving); real agents push and pull beside them.
    @Test(arguments: StorageBackend.postgresOnly)
    func concurrentPushersAndPullersOnTwoInstancesMissNoChange(_ backend: StorageBackend) async throws {
        let directory = try TemporaryDirectory("e2e-instances")
        defer { directory.remove() }
        try await withServerStore(backend, in: directory) { store in
            let servers = [try ServerProcess(storeArguments: store), try ServerProcess(storeArguments: store)]
            let pushers = try (0..<8).map { index in
                let region = Self.regions[index % Self.regions.count]
                return SyncClient(
                    server: servers[index % 2], replica: ReplicaID(high: 0xB0, low: UInt64(index + 1)),
                    token: try servers[0].token(role: "technician", region: region, name: "pusher-\(index)"))
            }
            let pullers = try (0..<4).map { index in
                SyncClient(
                    server: servers[index % 2], replica: ReplicaID(high: 0xA0, low: UInt64(index + 1)),
                    token: try servers[1].token(role: "hq", name: "puller-\(index)"))
            }
            let agentPushers = try (0..<2).map { index in
                try FieldAgent(
                    "agent-pusher-\(index)", in: directory, server: servers[index],
                    token: try servers[index].token(
                        role: "technician", region: "central", name: "agent-pusher-\(index)"), region: "central")
            }
            let agentPullers = try (0..<2).map { index in
                try FieldAgent(
                    "agent-puller-\(index)", in: directory, server: servers[index],
                    token: try servers[index].token(role: "hq", name: "agent-puller-\(index)"), region: nil)
            }
            let pushing = Flag()
            let perPusher = 60

            let started = ContinuousClock.now
            async let agentPushed: [String] = withThrowingTaskGroup(of: [String].self) { group in
                for agent in agentPushers {
                    group.addTask {
                        var ids = [String]()
                        for round in 0..<3 {
                            ids += try await onThread {
                                try agent.importRecords(
                                    (0..<8).map { number -> [String: Any] in
                                        [
                                            "record_kind": "customer", "name": "\(agent.name) \(round)-\(number)",
                                            "region": "central",
                                        ]
                                    })
                            }
                            try await onThread { try agent.sync(["--batch-size", "1"]) }
                        }
                        return ids
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            async let agentPulls: Int = withThrowingTaskGroup(of: Int.self) { group in
                for agent in agentPullers {
                    group.addTask {
                        var syncs = 0
                        while await pushing.isSet {
                            try await onThread { try agent.sync(["--page-size", "5"]) }
                            syncs += 1
                        }
                        return syncs
                    }
                }
                return try await group.reduce(0, +)
            }
            async let pulled: [(Int, Set<RecordID>, Int)] = withThrowingTaskGroup(of: (Int, Set<RecordID>, Int).self) {
                group in
                for (index, puller) in pullers.enumerated() {
                    group.addTask {
                        var held = Set<RecordID>()
                        var cursor: Int64 = 0
                        var pulls = 0
                        // Pull while others push; then until a pull after the last push brings nothing.
                        var quiet = 0
                        while quiet < 2 {
                            let stillPushing = await pushing.isSet
                            let page = try await puller.pull(after: cursor, limit: 7)
                            pulls += 1
                            #expect(page.next >= cursor, "a cursor never moves back")
                            cursor = page.next
                            held.formUnion(page.records.map(\.id))
                            if page.more { continue }
                            if stillPushing {
                                try await Task.sleep(for: .milliseconds(2))
                            } else if page.records.isEmpty {
                                quiet += 1
                            }
                        }
                        return (index, held, pulls)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let pushed = try await withThrowingTaskGroup(of: [RecordID].self) { group in
                for (index, pusher) in pushers.enumerated() {
                    group.addTask {
                        var ids = [RecordID]()
                        for batch in 0..<perPusher / 2 {
                            // Two records a transaction: a little longer in flight, more chances to interleave.
                            let records = (batch * 2..<batch * 2 + 2).map { number in
                                let id = RecordID(
                                    high: 0x019A_C453_8800_7000,
                                    low: 0x8000_0000_0000_0000 | UInt64(index << 16 | number))
                                var state = RecordState()
                                state.write(
                                    [
                                        "name": .string("customer \(index)-\(number)"),
                                        "region": .string(Self.regions[index % Self.regions.count]),
                                    ],
                                    dot: Dot(replica: pusher.replica, counter: UInt64(number + 1)))
                                return WireRecord(id: id, kind: RecordKind.customer.rawValue, state: state)
                            }
                            try await pusher.push(records)
                            ids += records.map(\.id)
                        }
                        return ids
                    }
                }
                return try await group.reduce(into: Set<RecordID>()) { $0.formUnion($1) }
            }
            let agentIDs = try await agentPushed
            await pushing.clear()
            let pullerResults = try await pulled
            let agentSyncs = try await agentPulls
            let elapsed = ContinuousClock.now - started

            let everything = pushed.union(agentIDs.compactMap { RecordID($0) })
            #expect(pushed.count == pushers.count * perPusher)
            #expect(agentIDs.count == 2 * 3 * 8)
            for (index, held, pulls) in pullerResults {
                let missing = everything.subtracting(held)
                #expect(missing.isEmpty, "puller \(index) missed \(missing.count) change(s) in \(pulls) pulls")
            }
            for agent in agentPullers {
                try agent.sync()
                let held = Set(try agent.records().keys.compactMap { RecordID($0) })
                #expect(held == everything, "\(agent.name) missed \(everything.subtracting(held).count) change(s)")
            }
            print(
                "multi-instance: \(everything.count) records, pullers \(pullerResults.map(\.2)) pulls, agents \(agentSyncs) syncs, \(elapsed)"
            )
        }
    }

    /// One record edited on two instances at once by two replicas: both values stand, as a conflict.
    @Test(arguments: StorageBackend.postgresOnly)
    func sameRecordMergedOnTwoInstancesAtOnceKeepsBothSides(_ backend: StorageBackend) async throws {
        let directory = try TemporaryDirectory("e2e-instances-merge")
        defer { directory.remove() }
        try await withServerStore(backend, in: directory) { store in
            let servers = [try ServerProcess(storeArguments: store), try ServerProcess(storeArguments: store)]
            let office = SyncClient(
                server: servers[0], replica: ReplicaID(high: 0xD0, low: 1),
                token: try servers[0].token(role: "office", region: "north", name: "office"))
            let tech = SyncClient(
                server: servers[1], replica: ReplicaID(high: 0xD0, low: 2),
                token: try servers[1].token(role: "technician", region: "north", name: "tech"))
            let hq = SyncClient(
                server: servers[0], replica: ReplicaID(high: 0xD0, low: 3),
                token: try servers[0].token(role: "hq", name: "hq"))

            for round in UInt64(1)...20 {
                let id = RecordID(high: 0x019A_C453_8800_7000, low: 0x8000_0000_0000_0000 | round)
                func customer(_ client: SyncClient, phone: String) -> WireRecord {
                    var state = RecordState()
                    state.write(
                        ["name": "八宝山", "region": "north", "phone": .string(phone)],
                        dot: Dot(replica: client.replica, counter: round))
                    return WireRecord(id: id, kind: RecordKind.customer.rawValue, state: state)
                }
                async let fromOffice: Void = office.push([customer(office, phone: "010-\(round)-office")])
                async let fromTech: Void = tech.push([customer(tech, phone: "010-\(round)-tech")])
                _ = try await (fromOffice, fromTech)
            }
            var records = [WireRecord]()
            var cursor: Int64 = 0
            while true {
                let page = try await hq.pull(after: cursor, limit: 50)
                records += page.records
                cursor = page.next
                if !page.more { break }
            }
            #expect(records.count == 20)
            for record in records {
                let phones = Set(
                    record.state.standing("phone").compactMap { pair -> String? in
                        if case .value(let value) = pair.value { return value.stringValue }
                        return nil
                    })
                #expect(
                    phones.count == 2 && phones.contains { $0.hasSuffix("office") }
                        && phones.contains { $0.hasSuffix("tech") },
                    "\(record.id): both sides stand")
                #expect(record.state.conflicts.map(\.field).contains("phone"))
                #expect(record.state.context.replicas.count == 2)
            }
        }
    }
}

/// A sync client speaking the wire protocol directly, for more concurrency than processes give.
struct SyncClient: Sendable {
    let server: ServerProcess
    let replica: ReplicaID
    let token: String

    func request(_ path: String, method: String, body: Data? = nil) -> URLRequest {
        var request = URLRequest(url: URL(string: server.url + path)!)
        request.httpMethod = method
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue(replica.description, forHTTPHeaderField: SyncHeader.replica)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = body
        return request
    }

    func send(_ request: URLRequest) async throws -> Data {
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard status == 200 else {
            throw ServerProcessError(message: "HTTP \(status): \(String(decoding: data, as: UTF8.self))")
        }
        return data
    }

    func push(_ records: [WireRecord]) async throws {
        let body = try JSONText.data(PushRequest(replica: replica, records: records))
        let response = try JSONDecoder().decode(
            PushResponse.self, from: try await send(request("/v1/push", method: "POST", body: body)))
        guard response.results.allSatisfy({ $0.outcome != .rejected }) else {
            throw ServerProcessError(message: "a record was rejected: \(response.results)")
        }
    }

    func pull(after cursor: Int64, limit: Int) async throws -> PullResponse {
        try JSONDecoder().decode(
            PullResponse.self, from: try await send(request("/v1/pull?after=\(cursor)&limit=\(limit)", method: "GET")))
    }
}

/// Set while the pushers run.
actor Flag {
    private(set) var isSet = true
    func clear() { isSet = false }
}

/// Runs blocking work (a child process) on a thread of its own, off the few threads Swift's tasks share.
func onThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}
