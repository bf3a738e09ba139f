import FieldSyncShared
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The headquarters and office dashboard: figures against targets, trends, drill-down.
///
/// Signed in with the same tokens as the API: a form (or a one-time `/login?token=` link)
/// puts the token in an HttpOnly, SameSite=Strict cookie (Secure when the server speaks HTTPS);
/// `Authorization: Bearer` works too. An office
/// sees its own region, headquarters every region.
struct DashboardController {
    static let cookie = "fieldsync_token"

    let store: any ServerStore
    let clock: @Sendable () -> Date
    let limiter: FailedSignInLimiter
    /// Whether the server speaks HTTPS, so the browser must send the cookie over HTTPS only.
    let secureCookie: Bool
    /// The API's attachment routes, whose scope check and byte read the dashboard's photos go through.
    let attachments: AttachmentController

    func addRoutes(to router: Router<SyncRequestContext>) {
        router.get("login", use: loginPage)
        router.post("login", use: login)
        let signOut = signOutCookie
        router.get("logout") { _, _ in Self.redirect("/login", cookie: signOut) }
        router.get("dashboard", use: dashboard)
        router.get("dashboard/records", use: records)
        router.get("dashboard/inspection", use: inspection)
        router.get("dashboard/attachments/:id", use: attachment)
    }

    // MARK: Sign-in

    @Sendable func loginPage(request: Request, context: SyncRequestContext) async throws -> Response {
        let query = FormFields(request.uri.query)
        if let token = query["token"] {
            // A one-time sign-in link (kiosks, scripts): may name the dashboard page to open.
            let next = query["next"] ?? "/dashboard"
            return try await signIn(
                token, next: Self.isDashboardPath(next) ? next : "/dashboard", client: context.client)
        }
        let language: Language = query["lang"] == "en" ? .english : .chinese
        return Self.html(SignInView(language: language, failed: query["failed"] != nil))
    }

    @Sendable func login(request: Request, context: SyncRequestContext) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: 4096)
        let token = FormFields(String(decoding: body.readableBytesView, as: UTF8.self))["token"] ?? ""
        return try await signIn(token, client: context.client)
    }

    func signIn(_ token: String, next: String = "/dashboard", client: String) async throws -> Response {
        if await limiter.isBlocked(client) {
            throw ServerError(.tooManyFailures, "too_many_failures", "too many wrong tokens from here; wait a minute")
        }
        let token = token.trimmingWhitespace()
        guard !token.isEmpty, token.count <= 256,
            (try? await store.identity(forHash: TokenSecret.hash(token))) ?? nil != nil,
            // Every token the server makes is cookie-safe (`fs_` and hex); one that is not cannot sign in here.
            let cookie = try? Cookie.validated(
                name: Self.cookie, value: token, path: "/", secure: secureCookie, httpOnly: true, sameSite: .strict)
        else {
            await limiter.recordFailure(client)
            return Self.redirect("/login?failed=1")
        }
        return Self.redirect(next, cookie: cookie)
    }

    /// Clears the sign-in cookie.
    var signOutCookie: Cookie {
        Cookie(
            name: Self.cookie, value: "", maxAge: 0, path: "/", secure: secureCookie, httpOnly: true, sameSite: .strict)
    }

    /// Whether `next` is a page of the dashboard: a path of this server, with nothing that could
    /// end the `Location` header it goes in.
    static func isDashboardPath(_ next: String) -> Bool {
        (next == "/dashboard" || next.hasPrefix("/dashboard/") || next.hasPrefix("/dashboard?"))
            && next.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value != 0x7F }
    }

    /// The caller, from the cookie or a Bearer header; nil sends them to the sign-in page.
    ///
    /// A wrong or revoked token counts as a failed sign-in of `client`, as on the API, so the
    /// dashboard is no way around the limit on guessing tokens.
    func identity(of request: Request, client: String) async throws -> Identity? {
        let token: String?
        if let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") {
            token = String(header.dropFirst(7)).trimmingWhitespace()
        } else {
            token = request.cookies[Self.cookie]?.value.trimmingWhitespace()
        }
        guard let token, !token.isEmpty else { return nil }
        if await limiter.isBlocked(client) {
            throw ServerError(.tooManyFailures, "too_many_failures", "too many wrong tokens from here; wait a minute")
        }
        do {
            if token.count <= 256, let identity = try await store.identity(forHash: TokenSecret.hash(token)) {
                return identity
            }
        } catch let error as ServerError where error.code == SyncErrorCode.tokenRevoked {}
        await limiter.recordFailure(client)
        return nil
    }

    // MARK: Pages

    /// What every page needs: who asks, in which language, for which period and scope.
    struct View {
        let identity: Identity
        let language: Language
        let period: ReportPeriod
        let scope: ReportScope
        let choices: [ReportScope]
        let records: [WireRecord]
        let now: ServiceTime
    }

    func view(_ request: Request, client: String) async throws -> View? {
        guard let identity = try await identity(of: request, client: client) else { return nil }
        let query = FormFields(request.uri.query)
        let language: Language = query["lang"] == "en" ? .english : .chinese
        let now = ServiceTime.now(clock())
        let period: ReportPeriod
        if let text = query["period"], !text.isEmpty {
            do { period = try ReportPeriod(parsing: text) } catch {
                throw ServerError(.malformed, "invalid_period", error.message.english)
            }
        } else {
            period = .defaultPeriod(at: now)
        }
        let choices: [ReportScope] =
            identity.region.map { [.region($0)] } ?? ([.all] + Region.allCases.map(ReportScope.region))
        var asked = choices[0]
        if let text = query["region"], !text.isEmpty {
            guard let scope = ReportScope(parsing: text) else {
                throw ServerError(
                    .malformed, "invalid_region", "region takes all, north, northwest, southwest, central or south")
            }
            asked = scope
        }
        guard choices.contains(asked) else {
            throw ServerError(.refused, SyncErrorCode.outOfScope, "this token sees \(choices[0]) only")
        }
        let records = try await store.allRecords(scope: identity.region)
        return View(
            identity: identity, language: language, period: period, scope: asked, choices: choices, records: records,
            now: now)
    }

    @Sendable func dashboard(request: Request, context: SyncRequestContext) async throws -> Response {
        guard let view = try await view(request, client: context.client) else { return Self.redirect("/login") }
        let records = ServiceRecords(view.records)
        let report = ServiceReport(records: records, period: view.period, scope: view.scope, asOf: view.now)
        let last = ReportPeriod.month(view.period.last.month, of: view.period.last.year)
        let trend = (last.previousMonths(11) + [last]).map {
            ServiceReport(records: records, period: $0, scope: view.scope, asOf: view.now)
        }
        return Self.html(DashboardView(report: report, trend: trend, language: view.language, choices: view.choices))
    }

    @Sendable func records(request: Request, context: SyncRequestContext) async throws -> Response {
        guard let view = try await view(request, client: context.client) else { return Self.redirect("/login") }
        guard let figureText = FormFields(request.uri.query)["figure"], let kind = FigureKind(rawValue: figureText)
        else {
            throw ServerError(
                .malformed, "invalid_figure",
                "figure takes one of " + FigureKind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let report = ServiceReport(
            records: ServiceRecords(view.records), period: view.period, scope: view.scope, asOf: view.now)
        let figure = report.section(view.scope)?[kind]
        let listed = (figure?.missed ?? []) + (figure?.pending ?? [])
        let attachments = AttachmentSummary.grouped(AttachmentSummary.of(view.records), scope: view.scope)
        let held = try await uploaded(listed.flatMap { attachments[$0] ?? [] })
        return Self.html(
            DrillDownView(
                figure: figure, kind: kind, report: report, records: view.records, uploaded: held,
                language: view.language))
    }

    @Sendable func inspection(request: Request, context: SyncRequestContext) async throws -> Response {
        guard let view = try await view(request, client: context.client) else { return Self.redirect("/login") }
        // The inspection covers one month: a longer period shows its last month.
        let month = ReportPeriod.month(view.period.last.month, of: view.period.last.year)
        let report = try InspectionReport(
            records: ServiceRecords(view.records), month: month, scope: view.scope, asOf: view.now)
        let listed =
            report.sections.flatMap { $0.misses.flatMap { $0.records.flatMap { $0.attachments ?? [] } } }
            + report.complaints.flatMap { $0.attachments ?? [] }
        let held = try await uploaded(listed)
        return Self.html(InspectionView(report: report, uploaded: held, language: view.language))
    }

    /// The bytes of a photo or scan a page shows, for the signed-in caller: the same scope check
    /// and byte read as `GET /v1/attachments/{id}/content`, with the dashboard's sign-in.
    @Sendable func attachment(request: Request, context: SyncRequestContext) async throws -> Response {
        guard let identity = try await identity(of: request, client: context.client) else {
            throw ServerError(
                .unauthenticated, SyncErrorCode.unauthorized,
                "sign in at /login first (or send Authorization: Bearer TOKEN)")
        }
        return try await attachments.content(request, of: context.parameters.get("id"), for: identity)
    }

    /// Which of `attachments` the server holds whole, so a page shows them rather than a broken picture.
    func uploaded(_ shown: [AttachmentSummary]) async throws -> Set<RecordID> {
        guard !shown.isEmpty, let bytes = try? attachments.bytes else { return [] }
        var uploaded = Set<RecordID>()
        var asked = Set<RecordID>()
        // A record may be listed twice (under its office and the company): ask once.
        for attachment in shown where asked.insert(attachment.id).inserted {
            if try await bytes.uploadState(digest: attachment.digest, region: attachment.region).complete {
                uploaded.insert(attachment.id)
            }
        }
        return uploaded
    }

    // MARK: Responses

    static func html(_ page: some PageView) -> Response {
        let text = PageTemplates.render(page)
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func redirect(_ location: String, cookie: Cookie? = nil) -> Response {
        var headers = HTTPFields()
        headers[.location] = location
        var response = Response(status: .seeOther, headers: headers)
        if let cookie { response.setCookie(cookie) }
        return response
    }
}
