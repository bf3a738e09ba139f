import FieldSyncShared
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
import ServiceLifecycle

/// Wires every route and middleware of the sync server in one place.
public func buildRouter(
    store: any ServerStore, configuration: ServerConfiguration, metrics: SyncMetrics,
    clock: @escaping @Sendable () -> Date = { Date() }
) -> Router<SyncRequestContext> {
    let router = Router(context: SyncRequestContext.self)
    router.add(middleware: ErrorMiddleware())
    router.add(middleware: BodyLimitMiddleware(limit: configuration.maxBodyBytes))
    router.add(middleware: GzipMiddleware(minimumBytes: configuration.gzipMinimumBytes, level: configuration.gzipLevel))

    router.get("healthz") { _, _ in
        try SyncController.json(["status": "ok"])
    }
    router.get("metrics") { _, _ in
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; version=0.0.4"
        return Response(
            status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: metrics.render())))
    }
    router.get("openapi.yaml") { _, _ in
        var headers = HTTPFields()
        headers[.contentType] = "application/yaml"
        return Response(
            status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: OpenAPIDocument.yaml)))
    }

    let limiter = FailedSignInLimiter(limit: configuration.failedSignInLimit, window: configuration.failedSignInWindow)
    let https = configuration.tlsCertificate != nil && configuration.tlsKey != nil
    let attachments = AttachmentController(
        store: store, maxAttachmentBytes: configuration.maxAttachmentBytes, metrics: metrics, clock: clock)
    DashboardController(store: store, clock: clock, limiter: limiter, secureCookie: https, attachments: attachments)
        .addRoutes(to: router)

    let v1 = router.group("v1").add(middleware: TokenAuthMiddleware(store: store, limiter: limiter))
    SyncController(store: store, configuration: configuration, metrics: metrics, clock: clock).addRoutes(to: v1)
    attachments.addRoutes(to: v1)
    // Last, so it wraps only the requests no route took: 405 where the path exists.
    router.add(middleware: MethodNotAllowedMiddleware(routes: router.routes))
    return router
}

/// The sync server as a Hummingbird application, listening where `configuration` says.
///
/// `services` run beside the server (PostgreSQL's connection pool); the store is prepared
/// (reachable, migrated) before the server accepts a connection, and a failure stops the start.
public func buildApplication(
    store: any ServerStore, configuration: ServerConfiguration, metrics: SyncMetrics = SyncMetrics(), logger: Logger,
    services: [any Service] = [], onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) throws -> some ApplicationProtocol {
    let router = buildRouter(store: store, configuration: configuration, metrics: metrics)
    var server = HTTPServerBuilder.http1()
    if let certificate = configuration.tlsCertificate, let key = configuration.tlsKey {
        do {
            let chain = try NIOSSLCertificate.fromPEMFile(certificate).map { NIOSSLCertificateSource.certificate($0) }
            let tls = TLSConfiguration.makeServerConfiguration(
                certificateChain: chain, privateKey: .privateKey(try NIOSSLPrivateKey(file: key, format: .pem)))
            server = try .tls(.http1(), tlsConfiguration: tls)
        } catch {
            throw ServerError(
                .broken, "tls",
                "cannot use \(certificate) and \(key) for TLS: give a PEM certificate chain and its PEM private key")
        }
    }
    var app = Application(
        router: router,
        server: server,
        configuration: .init(
            address: .hostname(configuration.host, port: configuration.port), serverName: "fieldsync-server"),
        services: services,
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger)
    app.beforeServerStarts { try await store.prepare() }
    return app
}

/// Sets the body limit on the context, so every route reads at most `limit` bytes (413 beyond).
struct BodyLimitMiddleware: RouterMiddleware {
    typealias Context = SyncRequestContext
    let limit: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw ServerError(
                .tooLarge, "body_too_large", "the request body is over \(limit) bytes; push fewer records at a time")
        }
        var context = context
        context.maxUploadSize = limit
        return try await next(request, context)
    }
}
