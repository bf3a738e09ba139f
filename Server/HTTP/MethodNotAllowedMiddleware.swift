import HTTPTypes
import Hummingbird

/// Answers 405 with an `Allow` header when a route exists but not for the request's method,
/// where the router alone answers 404 (RFC 9110 §15.5.6).
///
/// `buildRouter` adds it after every route: Hummingbird runs a middleware only for the
/// routes added after it, and for the requests that match no route, so this one sees
/// exactly the requests no route took.
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The methods each route path takes, keyed by the path without its slashes.
    let methods: [String: [HTTPRequest.Method]]

    init(routes: [Router<Context>.RouteDescription]) {
        var methods = [String: [HTTPRequest.Method]]()
        for route in routes { methods[Self.key(route.path.description), default: []].append(route.method) }
        self.methods = methods
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard let allowed = methods[Self.key(request.uri.path)], !allowed.contains(request.method) else {
            return try await next(request, context)
        }
        let list = allowed.map(\.rawValue).sorted().joined(separator: ", ")
        var response = ErrorMiddleware<Context>.response(
            ServerError(.wrongMethod, "method_not_allowed", "this route takes \(list) only; see /openapi.yaml"))
        response.headers[.allow] = list
        return response
    }

    private static func key(_ path: String) -> String { path.split(separator: "/").joined(separator: "/") }
}
