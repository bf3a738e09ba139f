import FieldSyncDemo
import FieldSyncServer
import FieldSyncShared
import FieldSyncTestSupport
import Foundation
import HTTPTypes
import NIOCore

extension RouteScopeTests {
    /// The store the walk runs on: the demo stretch, a token of every role, and what names each region's records.
    struct World: Sendable {
        /// The customers the push probes add: one in the caller's own region, one in the north.
        static let southProbe = RecordID.test(900)
        static let northProbe = RecordID.test(901)

        let secrets: [Caller: String]
        let replicas: [Caller: ReplicaID]
        let held: [WireRecord]
        /// Text that can only come from a region's records: their ids, and customer names no other region has.
        let markers: [Region: [String]]

        static func seed(_ server: TestServer) async throws -> World {
            var secrets = [Caller: String]()
            secrets[.technician] = try await server.token("chen jie", role: .technician, region: .south).secret
            secrets[.office] = try await server.token("guangzhou office", role: .office, region: .south).secret
            secrets[.headquarters] = try await server.token("headquarters", role: .hq, region: nil).secret
            secrets[.admin] = try await server.token("admin", role: .admin, region: nil).secret
            secrets[.revokedToken] = try await server.token("lost phone", role: .technician, region: .south).secret
            _ = try await server.store.revokeToken("lost phone", now: TestServer.now)
            secrets[.malformedToken] = "not a token; DROP"
            let seeder = Identity(tokenID: 0, name: "seed-demo", role: .hq, region: nil)
            let summary = try await server.store.push(
                RouteScopeTests.demo, pusher: DemoDataGenerator.replica, identity: seeder, now: TestServer.now)
            precondition(summary.stored == RouteScopeTests.demo.count, "the demo stretch is stored whole")

            let held = try await server.snapshot()
            var names = [Region: Set<String>]()
            for record in held where record.kind == RecordKind.customer.rawValue {
                if let region = record.region, let name = record.state.value(of: "name")?.stringValue {
                    names[region, default: []].insert(name)
                }
            }
            var markers = [Region: [String]]()
            for region in Region.allCases {
                let elsewhere = names.filter { $0.key != region }.values.reduce(into: Set<String>()) {
                    $0.formUnion($1)
                }
                markers[region] =
                    held.filter { $0.region == region }.map(\.id.description)
                    + (names[region] ?? []).subtracting(elsewhere)
            }
            precondition(Region.allCases.allSatisfy { markers[$0]!.count > 5 }, "every region has records")
            let replicas = Dictionary(
                uniqueKeysWithValues: Caller.allCases.enumerated().map {
                    ($1, ReplicaID(high: 0xC0 + UInt64($0), low: 1))
                })
            return World(secrets: secrets, replicas: replicas, held: held, markers: markers)
        }

        /// The request `caller` makes to `route` for `probe`: the API with a Bearer token, the
        /// dashboard with its sign-in cookie, the sign-in form with the token typed in.
        func request(_ route: Route, _ probe: Probe, as caller: Caller) -> HostileRequest {
            let secret = secrets[caller]
            let replica = replicas[caller]!
            var bearer = HTTPFields()
            if let secret { bearer[.authorization] = "Bearer \(secret)" }
            var cookie = HTTPFields()
            if let secret { cookie[.cookie] = "fieldsync_token=\(secret)" }
            let period = "period=\(RouteScopeTests.period)"
            let region =
                switch probe {
                case .plain: ""
                case .north: "&region=north"
                case .all: "&region=all"
                }
            switch route {
            case .health, .metrics, .openAPI, .loginPage:
                return HostileRequest(
                    method: .get, uri: String(route.rawValue.drop { $0 != "/" }), headers: bearer, body: nil)
            case .logout:
                return HostileRequest(method: .get, uri: "/logout", headers: cookie, body: nil)
            case .login:
                let typed = (secret ?? "").addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                return HostileRequest(
                    method: .post, uri: "/login", headers: [.contentType: "application/x-www-form-urlencoded"],
                    body: ByteBuffer(string: secret == nil ? "lang=en" : "token=\(typed)"))
            case .dashboard:
                return HostileRequest(method: .get, uri: "/dashboard?\(period)\(region)", headers: cookie, body: nil)
            case .drillDown:
                return HostileRequest(
                    method: .get, uri: "/dashboard/records?figure=customer_satisfaction&\(period)\(region)",
                    headers: cookie, body: nil)
            case .inspection:
                return HostileRequest(
                    method: .get, uri: "/dashboard/inspection?\(period)\(region)", headers: cookie, body: nil)
            case .push:
                let record =
                    probe == .north
                    ? WireRecord.customer(Self.northProbe, region: .north, name: "Probe North", dot: replica.dot(2))
                    : WireRecord.customer(Self.southProbe, region: .south, name: "Probe South", dot: replica.dot(1))
                var headers = bearer
                headers[.replica] = replica.description
                headers[.contentType] = "application/json"
                let body = JSONText.encode(PushRequest(replica: replica, records: [record]))
                return HostileRequest(method: .post, uri: "/v1/push", headers: headers, body: ByteBuffer(string: body))
            case .pull:
                var headers = bearer
                headers[.replica] = replica.description
                return HostileRequest(
                    method: .get, uri: "/v1/pull?after=0&limit=2000\(region)", headers: headers, body: nil)
            case .hello:
                var headers = bearer
                headers[.replica] = replica.description
                headers[.contentType] = "application/json"
                let body = JSONText.encode(
                    HelloRequest(replica: replica, epoch: nil, counter: 0, confirmed: 0, cursor: 0))
                return HostileRequest(method: .post, uri: "/v1/hello", headers: headers, body: ByteBuffer(string: body))
            case .attachmentUpload, .attachmentPut, .attachmentGet:
                // A north record that is not an attachment: its id opens no bytes.
                let id = held.first { $0.region == .north }!.id
                let path = route == .attachmentUpload ? "upload" : "content?offset=0"
                var headers = bearer
                headers[.contentType] = "application/octet-stream"
                return HostileRequest(
                    method: route == .attachmentPut ? .put : .get, uri: "/v1/attachments/\(id)/\(path)",
                    headers: headers, body: route == .attachmentPut ? ByteBuffer(bytes: [0xFF, 0xD8, 0xFF, 0xE0]) : nil)
            case .dashboardAttachment:
                // A north record that is not an attachment, asked for with the dashboard's cookie.
                let id = held.first { $0.region == .north }!.id
                return HostileRequest(method: .get, uri: "/dashboard/attachments/\(id)", headers: cookie, body: nil)
            case .records:
                // Every record's id, of every region: only those in the token's scope come back.
                var headers = bearer
                headers[.replica] = replica.description
                headers[.contentType] = "application/json"
                let body = JSONText.encode(RecordsRequest(ids: Array(held.map(\.id).prefix(1000))))
                return HostileRequest(
                    method: .post, uri: "/v1/records", headers: headers, body: ByteBuffer(string: body))
            }
        }
    }
}
