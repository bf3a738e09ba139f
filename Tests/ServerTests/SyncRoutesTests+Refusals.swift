import FieldSyncServer
import FieldSyncShared
import FieldSyncTestSupport
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PostgresTestSupport
import Testing

/// Requests the server refuses: each answers a JSON error with the right status and stores nothing.
extension SyncRoutesTests {
    /// Two south customers pushed to `server`, and the people who sync with it.
    static func seed(_ server: TestServer) async throws -> (people: People, seeded: [WireRecord]) {
        let people = try await Self.people(server)
        let seeded = Self.southCustomers(2, people: people)
        try await server.test { client in
            try await client.pushed(seeded, token: people.south, replica: people.southReplica)
        }
        return (people, seeded)
    }

    @Test(arguments: StorageBackend.all)
    func pushOutsideTheRegionIsRefusedWhole(_ backend: StorageBackend) async throws {
        try await TestServer.with(backend) { server in
            let (people, seeded) = try await Self.seed(server)
            let before = try await server.snapshot()
            #expect(before == seeded)
            let own = WireRecord.customer(.test(10), region: .south, dot: people.southReplica.dot(10))
            let north = WireRecord.customer(.test(11), region: .north, dot: people.southReplica.dot(11))
            try await server.test { client in
                let response = try await client.push([own, north], token: people.south, replica: people.southReplica)
                #expect(response.status == .forbidden)
                #expect(response.isJSON)
                #expect(response.error?.code == SyncErrorCode.outOfScope)
                #expect(response.error?.records == [north.id])
                #expect(try await server.snapshot() == before)
                let everything = try await client.pullAll(token: people.hq, replica: people.hqReplica)
                #expect(!everything.records.contains { $0.id == own.id || $0.id == north.id })
            }
        }
    }

    @Test(arguments: StorageBackend.all)
    func forgedDotIsRefusedWhole(_ backend: StorageBackend) async throws {
        try await TestServer.with(backend) { server in
            let (people, _) = try await Self.seed(server)
            let before = try await server.snapshot()
            let own = WireRecord.customer(.test(10), region: .south, dot: people.southReplica.dot(10))
            let forged = WireRecord.customer(.test(11), region: .south, dot: people.northReplica.dot(1))
            try await server.test { client in
                let response = try await client.push([own, forged], token: people.south, replica: people.southReplica)
                #expect(response.status == .forbidden && response.isJSON)
                #expect(response.error?.code == SyncErrorCode.forgedDot)
                #expect(response.error?.records == [forged.id])
                #expect(try await server.snapshot() == before)
            }
        }
    }

    /// Pushes the server cannot read; each is a 400 with this code.
    enum BadPush: String, CaseIterable, Sendable {
        case malformedJSON, wrongTypes, missingReplicaHeader, replicaDiffersFromBody, recordTwiceInBatch

        var code: String {
            switch self {
            case .malformedJSON, .wrongTypes, .recordTwiceInBatch: "malformed_request"
            case .missingReplicaHeader: "missing_replica"
            case .replicaDiffersFromBody: "replica_mismatch"
            }
        }
    }

    @Test(arguments: StorageBackend.all, BadPush.allCases)
    func unreadablePushIsABadRequest(_ backend: StorageBackend, _ bad: BadPush) async throws {
        try await TestServer.with(backend) { server in
            let (people, _) = try await Self.seed(server)
            let before = try await server.snapshot()
            let replica = people.southReplica
            let record = WireRecord.customer(.test(10), region: .south, dot: replica.dot(10))
            try await server.test { client in
                let response: TestResponse
                switch bad {
                case .malformedJSON:
                    response = try await client.pushRaw(
                        ByteBuffer(string: "{\"replica\": \"\(replica)\", \"records\": [{"), token: people.south,
                        replica: replica)
                case .wrongTypes:
                    response = try await client.pushRaw(
                        ByteBuffer(string: "{\"replica\": \"\(replica)\", \"records\": 5}"), token: people.south,
                        replica: replica)
                case .missingReplicaHeader:
                    response = try await client.push([record], token: people.south, replica: nil, bodyReplica: replica)
                case .replicaDiffersFromBody:
                    response = try await client.push(
                        [record], token: people.south, replica: replica, bodyReplica: TestReplicas.first)
                case .recordTwiceInBatch:
                    response = try await client.push([record, record], token: people.south, replica: replica)
                }
                #expect(response.status == .badRequest, "\(bad)")
                #expect(response.isJSON, "\(bad)")
                #expect(response.error?.code == bad.code, "\(bad): \(response.text)")
                #expect(response.error?.message.isEmpty == false, "\(bad)")
                #expect(try await server.snapshot() == before, "\(bad)")
            }
        }
    }

    /// JSON that parses but that FieldSync will not read: the answer says what and where.
    @Test func repeatedKeysAndDeepNestingAreExplained() async throws {
        try await TestServer.with(.sqlite) { server in
            let (people, _) = try await Self.seed(server)
            let replica = people.southReplica
            let state =
                #"{"c":[["\#(replica)",1]],"f":{"name":[[0,1,"A"]],"region":[[0,1,"south"]],"region":[[0,1,"north"]]}}"#
            let repeated =
                #"{"replica":"\#(replica)","records":[{"id":"\#(RecordID.test(900))","kind":"customer","state":\#(state)}]}"#
            let deep =
                #"{"replica":"\#(replica)","records":[],"x":"# + String(repeating: "[", count: 200)
                + String(repeating: "]", count: 200) + "}"
            try await server.test { client in
                let first = try await client.pushRaw(
                    ByteBuffer(string: repeated), token: people.south, replica: replica)
                #expect(first.status == .badRequest && first.error?.code == "malformed_request")
                #expect(
                    first.error?.message.contains(
                        #"the key "region" appears twice in the object at records[0].state.f"#) == true, "\(first.text)"
                )
                let second = try await client.pushRaw(ByteBuffer(string: deep), token: people.south, replica: replica)
                #expect(second.status == .badRequest && second.error?.code == "malformed_request")
                #expect(second.error?.message.contains("nested more than 100 levels") == true, "\(second.text)")
            }
        }
    }

    /// Callers the server does not let in.
    enum BadToken: String, CaseIterable, Sendable {
        case missing, wrong, revoked, notBearer
    }

    @Test(arguments: StorageBackend.all, BadToken.allCases)
    func requestWithoutAValidTokenIsUnauthorized(_ backend: StorageBackend, _ bad: BadToken) async throws {
        try await TestServer.with(backend) { server in
            let (people, _) = try await Self.seed(server)
            let revoked = try await server.token("lost phone", region: .south).secret
            #expect(try await server.store.revokeToken("lost phone", now: TestServer.now).count == 1)
            let before = try await server.snapshot()
            let replica = ReplicaID(high: 0x77, low: 1)
            let record = WireRecord.customer(.test(10), region: .south, dot: replica.dot(1))
            try await server.test { client in
                var responses = [TestResponse]()
                switch bad {
                case .missing, .wrong, .revoked:
                    let token: String? = bad == .missing ? nil : bad == .wrong ? "fs_not_a_token" : revoked
                    responses.append(try await client.push([record], token: token, replica: replica))
                    responses.append(try await client.send(.get, "/v1/pull", token: token, replica: replica))
                case .notBearer:
                    var headers = HTTPFields()
                    headers[.authorization] = "Basic \(people.south)"
                    responses.append(
                        try await client.send(.get, "/v1/pull", token: nil, replica: replica, headers: headers))
                }
                for response in responses {
                    #expect(response.status == .unauthorized, "\(bad)")
                    #expect(response.isJSON, "\(bad)")
                    #expect(response.headers[.wwwAuthenticate] == "Bearer", "\(bad)")
                    let code = bad == .revoked ? SyncErrorCode.tokenRevoked : SyncErrorCode.unauthorized
                    #expect(response.error?.code == code, "\(bad): \(response.text)")
                    #expect(
                        !response.text.contains(revoked) && !response.text.contains(people.south),
                        "no token in error text")
                }
                #expect(try await server.snapshot() == before, "\(bad)")
            }
        }
    }

    @Test(arguments: StorageBackend.all)
    func bodyOverTheLimitIsTooLarge(_ backend: StorageBackend) async throws {
        var configuration = ServerConfiguration()
        configuration.maxBodyBytes = 4096
        try await TestServer.with(backend, configuration: configuration) { server in
            let (people, _) = try await Self.seed(server)
            let before = try await server.snapshot()
            let many = Self.southCustomers(60, from: 10, people: people)
            try await server.test { client in
                let response = try await client.push(many, token: people.south, replica: people.southReplica)
                #expect(response.status == .contentTooLarge)
                #expect(response.isJSON)
                #expect(response.error?.code == "body_too_large")
                #expect(try await server.snapshot() == before)
                // A batch under the limit still goes through.
                let few = Array(many.prefix(3))
                #expect(try await client.pushed(few, token: people.south, replica: people.southReplica).count == 3)
            }
        }
    }

    @Test(arguments: StorageBackend.all)
    func replicaBoundToAnotherTokenIsRefused(_ backend: StorageBackend) async throws {
        try await TestServer.with(backend) { server in
            let (people, _) = try await Self.seed(server)
            let colleague = try await server.token("south colleague", region: .south).secret
            let before = try await server.snapshot()
            let record = WireRecord.customer(.test(10), region: .south, dot: people.southReplica.dot(10))
            try await server.test { client in
                let push = try await client.push([record], token: colleague, replica: people.southReplica)
                #expect(push.status == .forbidden && push.isJSON)
                #expect(push.error?.code == SyncErrorCode.replicaBound)
                let pull = try await client.send(.get, "/v1/pull", token: colleague, replica: people.southReplica)
                #expect(pull.status == .forbidden && pull.error?.code == SyncErrorCode.replicaBound)
                #expect(try await server.snapshot() == before)
                // The replica's own token still syncs with it.
                #expect(try await client.pushed([record], token: people.south, replica: people.southReplica).count == 1)
            }
        }
    }

    @Test(arguments: StorageBackend.all, ["after=-1", "after=x", "limit=0", "limit=abc", "limit=2001"])
    func pullWithABadParameterIsABadRequest(_ backend: StorageBackend, _ query: String) async throws {
        try await TestServer.with(backend) { server in
            let (people, _) = try await Self.seed(server)
            try await server.test { client in
                let response = try await client.send(
                    .get, "/v1/pull?\(query)", token: people.south, replica: people.southReplica)
                #expect(response.status == .badRequest && response.isJSON, "\(query)")
                #expect(response.error?.code == "invalid_parameter", "\(query)")
                let missingReplica = try await client.send(.get, "/v1/pull", token: people.south, replica: nil)
                #expect(missingReplica.status == .badRequest && missingReplica.error?.code == "missing_replica")
            }
        }
    }
}
