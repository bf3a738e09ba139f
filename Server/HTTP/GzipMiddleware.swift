import CZlib
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Compresses responses with gzip when the client asks for it (`Accept-Encoding: gzip`).
struct GzipMiddleware<Context: RequestContext>: RouterMiddleware {
    let minimumBytes: Int
    /// zlib's level, 1 (fastest) to 9 (smallest).
    var level: Int32 = ServerConfiguration.defaultGzipLevel

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        guard let accepted = request.headers[.acceptEncoding], accepted.lowercased().contains("gzip"),
            response.headers[.contentEncoding] == nil
        else { return response }
        // Collect the body; our routes answer with whole buffers, never endless streams.
        let collector = BodyCollector()
        let body = response.body
        try await body.write(collector)
        let bytes = collector.buffer.readableBytesView
        guard bytes.count >= minimumBytes, let compressed = Self.gzip(Array(bytes), level: level) else {
            response.body = ResponseBody(byteBuffer: collector.buffer)
            return response
        }
        response.headers[.contentEncoding] = "gzip"
        response.headers[.vary] = "Accept-Encoding"
        response.headers[.contentLength] = nil
        response.body = ResponseBody(byteBuffer: ByteBuffer(bytes: compressed))
        return response
    }

    static func gzip(_ input: [UInt8], level: Int32 = ServerConfiguration.defaultGzipLevel) -> [UInt8]? {
        var output: UnsafeMutablePointer<UInt8>?
        var length = 0
        let status = input.withUnsafeBufferPointer { fieldsync_gzip($0.baseAddress, $0.count, level, &output, &length) }
        guard status == 0, let output else { return nil }
        defer { free(output) }
        return Array(UnsafeBufferPointer(start: output, count: length))
    }
}

/// A response body writer that keeps what is written, for re-encoding.
final class BodyCollector: ResponseBodyWriter {
    // A class so the buffer outlives the consuming `write`; used by one request's task only.
    var buffer = ByteBuffer()

    func write(_ buffer: ByteBuffer) async throws {
        var copy = buffer
        self.buffer.writeBuffer(&copy)
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
