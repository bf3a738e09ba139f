import FieldSyncDemo
import FieldSyncServer
import FieldSyncShared
import FieldSyncTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PostgresTestSupport
import Testing

/// Every route of the server with every kind of caller, on a store holding demo records of all
/// five regions: each answers what DESIGN.md's roles allow, and a regional token never sees
/// another region's records on any route (pull, dashboard, drill-down, inspection).
@Suite struct RouteScopeTests {
    /// Every route `buildRouter` registers; `everyRegisteredRouteIsWalked` keeps the list whole.
    enum Route: String, CaseIterable, Sendable {
        case health = "GET /healthz"
        case metrics = "GET /metrics"
        case openAPI = "GET /openapi.yaml"
        case loginPage = "GET /login"
        case login = "POST /login"
        case logout = "GET /logout"
        case dashboard = "GET /dashboard"
        case drillDown = "GET /dashboard/records"
        case inspection = "GET /dashboard/inspection"
        case hello = "POST /v1/hello"
        case push = "POST /v1/push"
        case pull = "GET /v1/pull"
        case records = "POST /v1/records"
        case attachmentUpload = "GET /v1/attachments/{id}/upload"
        case attachmentPut = "PUT /v1/attachments/{id}/content"
        case attachmentGet = "GET /v1/attachments/{id}/content"
        case dashboardAttachment = "GET /dashboard/attachments/{id}"

        /// Whether the route lists records, so that a caller's own must show (the dashboard itself shows figures only).
        var showsRecords: Bool { self == .drillDown || self == .inspection || self == .pull || self == .records }
    }

    /// Who calls: nobody, a bad or revoked token, or a token of each role. Regional ones are the south's.
    enum Caller: String, CaseIterable, Sendable {
        case nobody, malformedToken, revokedToken, technician, office, headquarters, admin

        /// The region a signed-in caller sees (`nil`: every region); not signed in callers have none.
        var scope: Region?? {
            switch self {
            case .nobody, .malformedToken, .revokedToken: .none
            case .technician, .office: .some(.south)
            case .headquarters, .admin: .some(nil)
            }
        }

        var isSignedIn: Bool { scope != nil }
        var isRegional: Bool { self == .technician || self == .office }
    }

    struct Pair: Sendable, CustomTestStringConvertible {
        let route: Route
        let caller: Caller
        static let all = Route.allCases.flatMap { route in Caller.allCases.map { Pair(route: route, caller: $0) } }
        var testDescription: String { "\(route.rawValue) as \(caller)" }
    }

    /// The stretch every pair is walked over: 100 customers in five regions, September to November 2026.
    static let demo = DemoDataGenerator(.init(customers: 100, months: 3, seed: 7, end: DemoMonth(parsing: "2026-11")!))
        .records()
    /// A period that holds the whole stretch, ending with its last month (which the inspection shows).
    static let period = "2026-09-01..2026-11-30"

    // MARK: The walk

    @Test(arguments: StorageBackend.all, Pair.all)
    func routeAnswersWhatTheCallersRoleAllows(_ backend: StorageBackend, _ pair: Pair) async throws {
        var configuration = ServerConfiguration()
        configuration.failedSignInLimit = 1_000  // the walk's bad tokens are not an attack
        try await TestServer.with(backend, configuration: configuration) { server in
            let world = try await World.seed(server)
            let before = try await server.snapshot()
            try await server.test { client in
                for probe in Probe.all(for: pair.route) {
                    let expected = Self.expected(pair.route, pair.caller, probe)
                    let request = world.request(pair.route, probe, as: pair.caller)
                    let response = try await client.execute(
                        uri: request.uri, method: request.method, headers: request.headers, body: request.body)
                    let label = "\(pair.testDescription), \(probe)"
                    try Self.check(
                        response, expected, label: label, world: world,
                        showsOwnRecords: probe == .plain && pair.route.showsRecords)
                }
            }
            // Only a push that was let through changes what the server holds.
            let after = try await server.snapshot()
            let added = Set(after.map(\.id)).subtracting(before.map(\.id))
            let allowed: Set<RecordID> =
                pair.route != .push || !pair.caller.isSignedIn
                ? [] : pair.caller.isRegional ? [World.southProbe] : [World.southProbe, World.northProbe]
            #expect(added == allowed, "\(pair.testDescription): stored \(added.sorted())")
        }
    }

    /// What one request of a route tries.
    enum Probe: String, Sendable, CustomStringConvertible {
        /// The route as its caller uses it.
        case plain
        /// Asks for the north, another region than the south's (a query parameter, or a north record).
        case north
        /// Asks for every region.
        case all

        static func all(for route: Route) -> [Probe] {
            switch route {
            case .dashboard, .drillDown, .inspection: [.plain, .north, .all]
            case .push: [.plain, .north]
            case .pull: [.plain, .north]
            default: [.plain]
            }
        }

        var description: String { rawValue }
    }

    /// What a request must get back.
    enum Expected: Equatable {
        /// 200, showing the records of this region only (`nil`: any region), or none at all.
        case shows(Region?)
        /// 200, showing the records of this region only and naming no other region: a regional token's view.
        case confinedTo(Region)
        /// 200, naming no record.
        case showsNoRecords
        /// A JSON error.
        case error(HTTPResponse.Status, String)
        case redirect(String)
    }

    /// The answers DESIGN.md's roles give: anyone may read health, metrics and the API description
    /// and reach the sign-in; the dashboard and the API need a valid token; a technician's or
    /// office's token sees and writes its own region only, headquarters and admin every region.
    static func expected(_ route: Route, _ caller: Caller, _ probe: Probe) -> Expected {
        switch route {
        case .health, .metrics, .openAPI, .loginPage: return .showsNoRecords
        case .logout: return .redirect("/login")
        case .login: return caller.isSignedIn ? .redirect("/dashboard") : .redirect("/login?failed=1")
        case .dashboard, .drillDown, .inspection:
            guard let scope = caller.scope else { return .redirect("/login") }
            guard let region = scope else { return .shows(probe == .north ? .north : nil) }
            return probe == .plain ? .confinedTo(region) : .error(.forbidden, SyncErrorCode.outOfScope)
        case .attachmentUpload, .attachmentPut, .attachmentGet:
            // The walk's records hold no attachment: naming another record opens nothing, in any
            // region (AttachmentRouteTests walks real attachments in and out of scope).
            guard caller.scope != nil else {
                return .error(
                    .unauthorized, caller == .revokedToken ? SyncErrorCode.tokenRevoked : SyncErrorCode.unauthorized)
            }
            return .error(.notFound, "unknown_attachment")
        case .dashboardAttachment:
            // The dashboard's sign-in: a wrong or revoked cookie is no sign-in at all.
            guard caller.scope != nil else { return .error(.unauthorized, SyncErrorCode.unauthorized) }
            return .error(.notFound, "unknown_attachment")
        case .push, .pull, .hello, .records:
            guard let scope = caller.scope else {
                return .error(
                    .unauthorized, caller == .revokedToken ? SyncErrorCode.tokenRevoked : SyncErrorCode.unauthorized)
            }
            if route == .hello { return .showsNoRecords }
            // Asking for every record by id: a regional token gets its own region's only.
            if route == .records, let region = scope { return .confinedTo(region) }
            if route == .push, caller.isRegional, probe == .north {
                return .error(.forbidden, SyncErrorCode.outOfScope)
            }
            // A pull ignores a region parameter: the token decides.
            if route == .pull, let region = scope { return .confinedTo(region) }
            return .shows(nil)
        }
    }

    /// Checks `response` against `expected`; `showsOwnRecords`: the caller's own records must be on it,
    /// so that finding no other region's is not for want of showing any.
    static func check(
        _ response: TestResponse, _ expected: Expected, label: String, world: World, showsOwnRecords: Bool
    ) throws {
        let text = response.text
        switch expected {
        case .shows, .confinedTo:
            var region: Region?
            if case .shows(let shown) = expected { region = shown }
            if case .confinedTo(let own) = expected {
                region = own
                let others = Region.allCases.filter { $0 != own }.flatMap {
                    [$0.rawValue, $0.name(in: .chinese), $0.name(in: .english)]
                }
                #expect(
                    !others.contains { text.contains($0) },
                    "\(label): names another region: \(others.filter { text.contains($0) })")
            }
            #expect(response.status == .ok, "\(label): \(response.status) \(text.prefix(200))")
            if let region {
                let foreign = world.markers.filter { $0.key != region }.values.joined()
                let leaked = foreign.filter { text.contains($0) }
                #expect(leaked.isEmpty, "\(label): shows \(leaked.count) marks of other regions: \(leaked.prefix(5))")
                if showsOwnRecords {
                    #expect(
                        world.markers[region]!.contains { text.contains($0) }, "\(label): shows none of its own records"
                    )
                }
            } else if showsOwnRecords {
                let shown = world.markers.filter { marks in marks.value.contains { text.contains($0) } }.keys
                #expect(shown.count >= 3, "\(label): shows records of \(shown.sorted()) only")
            }
            if response.headers[.contentType]?.hasPrefix("application/json") == true,
                let pull = try? response.json(PullResponse.self)
            {
                let expectedIDs = Set(world.held.filter { region == nil || $0.region == region }.map(\.id))
                #expect(
                    Set(pull.records.map(\.id)) == expectedIDs,
                    "\(label): pulled \(pull.records.count) of \(expectedIDs.count)")
                #expect(!pull.more, "\(label)")
            }
            if response.headers[.contentType]?.hasPrefix("application/json") == true,
                let lookup = try? response.json(RecordsResponse.self)
            {
                let asked = Set(world.held.prefix(1000).map(\.id))
                let expectedIDs = Set(
                    world.held.filter { asked.contains($0.id) && (region == nil || $0.region == region) }.map(\.id))
                #expect(
                    Set(lookup.records.map(\.id)) == expectedIDs,
                    "\(label): looked up \(lookup.records.count) of \(expectedIDs.count)")
            }
        case .showsNoRecords:
            #expect(response.status == .ok, "\(label): \(response.status)")
            let leaked = world.markers.values.joined().filter { text.contains($0) }
            #expect(leaked.isEmpty, "\(label): shows records: \(leaked.prefix(5))")
        case .error(let status, let code):
            #expect(response.status == status, "\(label): \(response.status) \(text.prefix(200))")
            #expect(response.isJSON && response.error?.code == code, "\(label): \(text.prefix(200))")
            let leaked = world.markers.values.joined().filter { text.contains($0) }
            #expect(leaked.isEmpty, "\(label): the error names records: \(leaked.prefix(5))")
        case .redirect(let location):
            #expect(response.status == .seeOther, "\(label): \(response.status) \(text.prefix(200))")
            #expect(response.headers[.location] == location, "\(label)")
            if location.hasPrefix("/login") {
                // Signing out clears the cookie; nothing else sets one.
                let cookies = response.headers[values: .setCookie]
                #expect(cookies.allSatisfy { $0.hasPrefix("fieldsync_token=;") }, "\(label): \(cookies)")
            }
        }
    }

    // MARK: The route list

    /// The walk's list is every route the router has: a new route must be added to the walk.
    @Test func everyRegisteredRouteIsWalked() async throws {
        try await TestServer.with { server in
            let router = buildRouter(store: server.store, configuration: server.configuration, metrics: server.metrics)
            let registered = router.routes.map {
                "\($0.method.rawValue) /" + $0.path.description.split(separator: "/").joined(separator: "/")
            }
            #expect(Set(registered) == Set(Route.allCases.map(\.rawValue)), "\(registered.sorted())")
            #expect(registered.count == Route.allCases.count)
        }
    }

    // MARK: Beside the walk

    /// `/metrics` is open, as a Prometheus scrape is: it holds totals only, no region and no record.
    @Test func metricsHoldNoRegionOrRecord() async throws {
        try await TestServer.with { server in
            let world = try await World.seed(server)
            try await server.test { client in
                _ = try await client.pullAll(token: world.secrets[.technician]!, replica: world.replicas[.technician]!)
                let metrics = try await client.execute(uri: "/metrics", method: .get)
                #expect(metrics.status == .ok)
                let names = Region.allCases.flatMap { [$0.rawValue, $0.name(in: .chinese)] }
                #expect(!names.contains { metrics.text.contains($0) }, "metrics name a region")
                #expect(!world.markers.values.joined().contains { metrics.text.contains($0) })
            }
        }
    }

    /// Guessing tokens on the dashboard counts against the same limit as on the API.
    @Test func wrongTokensOnTheDashboardCountAsFailedSignIns() async throws {
        var configuration = ServerConfiguration()
        configuration.failedSignInLimit = 3
        try await TestServer.with(configuration: configuration) { server in
            let hq = try await server.token("headquarters", role: .hq, region: nil).secret
            try await server.test { client in
                for guess in 0..<3 {
                    let headers: HTTPFields =
                        guess == 0
                        ? [.cookie: "fieldsync_token=fs_guess"] : [.authorization: "Bearer fs_guess_\(guess)"]
                    let response = try await client.execute(
                        uri: "/dashboard", method: .get, headers: headers, body: nil)
                    #expect(response.status == .seeOther && response.headers[.location] == "/login")
                }
                let blocked = try await client.execute(
                    uri: "/dashboard", method: .get, headers: [.authorization: "Bearer \(hq)"], body: nil)
                #expect(
                    blocked.status == .tooManyRequests && blocked.error?.code == "too_many_failures",
                    "\(blocked.status)")
                let api = try await client.send(.get, "/v1/pull", token: hq, replica: ReplicaID(high: 1, low: 1))
                #expect(api.status == .tooManyRequests)
            }
        }
    }

    /// A Bearer header on the dashboard is held to the same scope as the cookie.
    @Test func bearerHeaderOnTheDashboardIsScopedLikeTheCookie() async throws {
        try await TestServer.with { server in
            let world = try await World.seed(server)
            try await server.test { client in
                let headers: HTTPFields = [.authorization: "Bearer \(world.secrets[.office]!)"]
                let own = try await client.execute(
                    uri: "/dashboard/inspection?period=\(Self.period)", method: .get, headers: headers, body: nil)
                #expect(own.status == .ok)
                let leaked = world.markers.filter { $0.key != .south }.values.joined().filter { own.text.contains($0) }
                #expect(leaked.isEmpty)
                #expect(world.markers[.south]!.contains { own.text.contains($0) }, "the south's own records are shown")
                let other = try await client.execute(
                    uri: "/dashboard/inspection?region=north", method: .get, headers: headers, body: nil)
                #expect(other.status == .forbidden && other.error?.code == SyncErrorCode.outOfScope)
            }
        }
    }
}
