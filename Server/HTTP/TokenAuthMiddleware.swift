import FieldSyncShared
import HTTPTypes
import Hummingbird
import Logging

/// Finds the caller from `Authorization: Bearer TOKEN` and puts it in the context.
struct TokenAuthMiddleware: RouterMiddleware {
    typealias Context = SyncRequestContext
    let store: any ServerStore
    let limiter: FailedSignInLimiter

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        if await limiter.isBlocked(context.client) {
            throw ServerError(
                .tooManyFailures, "too_many_failures", "too many requests with a wrong token from here; wait a minute")
        }
        do {
            return try await authenticated(request, context: context, next: next)
        } catch let error as ServerError where error.kind == .unauthenticated {
            await limiter.recordFailure(context.client)
            throw error
        }
    }

    private func authenticated(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        // The scheme is case-insensitive (RFC 9110 §11.1).
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else {
            throw ServerError.unauthorized()
        }
        let token = header.dropFirst("bearer ".count).trimmingWhitespace()
        guard !token.isEmpty, token.count <= 256,
            let identity = try await store.identity(forHash: TokenSecret.hash(token))
        else {
            throw ServerError.unauthorized()
        }
        var context = context
        context.identity = identity
        context.logger[metadataKey: "token.id"] = .stringConvertible(identity.tokenID)
        return try await next(request, context)
    }
}
