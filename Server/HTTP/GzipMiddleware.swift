import CompressNIO
import HTTPTypes
import Hummingbird
import NIOCore

/// Compresses responses with gzip (compress-nio over zlib) when the client asks for it
/// (`Accept-Encoding: gzip`) and the body is worth it.
struct GzipMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Bodies smaller than this go as they are.
    let minimumBytes: Int
    /// zlib's level, 1 (fastest) to 9 (smallest).
    var level: Int32 = ServerConfiguration.defaultGzipLevel

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var response = try await next(request, context)
        guard let accepted = request.headers[.acceptEncoding], accepted.lowercased().contains("gzip"),
            response.headers[.contentEncoding] == nil
        else { return response }
        // Collect the body; our routes answer with whole buffers, never endless streams.
        let collector = BodyCollector()
        try await response.body.write(collector)
        guard collector.buffer.readableBytes >= minimumBytes, let compressed = Self.gzip(collector.buffer, level: level)
        else {
            response.body = ResponseBody(byteBuffer: collector.buffer)
            return response
        }
        response.headers[.contentEncoding] = "gzip"
        response.headers[.vary] = "Accept-Encoding"
        response.headers[.contentLength] = nil
        response.body = ResponseBody(byteBuffer: compressed)
        return response
    }

    /// `buffer` as one gzip member at zlib `level`; nil if zlib fails (the body then goes as it is).
    static func gzip(_ buffer: ByteBuffer, level: Int32 = ServerConfiguration.defaultGzipLevel) -> ByteBuffer? {
        var input = buffer
        return try? input.compress(with: .gzip, configuration: ZlibConfiguration(compressionLevel: level))
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
