import FieldSyncShared
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// Turns every failure into `{"error": {"code", "message"}}` with the right status,
/// so no route leaks a stack, a statement or a 500 for bad input.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as ServerError {
            if error.status.code >= 500 {
                context.logger.error("request failed", metadata: ["error.code": .string(error.code)])
            }
            return Self.response(error)
        } catch let error as any HTTPResponseError {
            // Hummingbird's own refusals: `HTTPError`, and `NIOTooManyBytesError` from a body read
            // past its limit when no Content-Length announced it (chunked).
            let status = error.status
            let code: String
            let message: String
            switch status {
            case .contentTooLarge:
                code = "body_too_large"
                message = "the request body is larger than the server accepts; push fewer records at a time"
            case .notFound:
                code = "not_found"
                message = "no such route; see /openapi.yaml"
            case .methodNotAllowed:
                code = "method_not_allowed"
                message = "this route does not take that method; see /openapi.yaml"
            default:
                code = status.code >= 500 ? "internal" : "bad_request"
                message =
                    status.code >= 500
                    ? "the server failed; try again later" : "the request was not understood; see /openapi.yaml"
            }
            return Self.response(status: status, body: ErrorBody(code: code, message: message))
        } catch {
            context.logger.error(
                "unexpected failure", metadata: ["error.type": .string(String(describing: type(of: error)))])
            return Self.response(ServerError(.broken, "internal", "the server failed; try again later"))
        }
    }

    static func response(_ error: ServerError) -> Response {
        response(status: error.status, body: error.body)
    }

    private static func response(status: HTTPResponse.Status, body: ErrorBody) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        let data = (try? JSONText.data(body)) ?? Data(#"{"error":{"code":"internal","message":""}}"#.utf8)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
