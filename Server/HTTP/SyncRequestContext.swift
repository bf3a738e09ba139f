import FieldSyncShared
import Hummingbird

/// The request context: Hummingbird's core plus the caller the auth middleware found.
public struct SyncRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by `TokenAuthMiddleware` on every `/v1` route.
    public var identity: Identity?
    /// The largest body the server reads; larger ones get 413.
    public var maxUploadSize: Int
    /// The peer's address, for counting failed sign-ins per client.
    public let client: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        identity = nil
        maxUploadSize = ServerConfiguration.defaultMaxBodyBytes
        client = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// The authenticated caller; routes behind the middleware can rely on it.
    func requireIdentity() throws -> Identity {
        guard let identity else { throw ServerError.unauthorized() }
        return identity
    }
}
