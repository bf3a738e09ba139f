internal import CCurl
import Foundation

/// What one transfer collects while libcurl runs it: the body, the header fields and the
/// last progress report.
///
/// libcurl gets it as an unretained pointer for its callbacks; ``CurlTransport`` keeps it
/// alive until `curl_easy_perform` returns. It is used by one thread only, inside `send`,
/// so it needs no locking and is deliberately not `Sendable`.
final class CurlTransferContext {
    /// The decoded response body so far.
    private(set) var body = Data()
    /// Header fields of the latest response, by lowercased name.
    private(set) var headers: [String: String] = [:]
    /// The buffer libcurl writes its detailed error message into (`CURLOPT_ERRORBUFFER`).
    let errorBuffer: UnsafeMutablePointer<CChar>

    private var lastHeaderName: String?
    private let progress: (@Sendable (TransferProgress) -> Void)?
    private var lastProgress: TransferProgress?

    init(progress: (@Sendable (TransferProgress) -> Void)?) {
        self.progress = progress
        let size = Int(CURL_ERROR_SIZE)
        errorBuffer = .allocate(capacity: size)
        errorBuffer.initialize(repeating: 0, count: size)
    }

    deinit { errorBuffer.deallocate() }

    /// libcurl's detailed message for the last failure, or "" when it left none.
    var errorDetail: String { String(cString: errorBuffer) }

    /// The pointer handed to libcurl as callback data.
    var opaque: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    /// The context behind a callback's data pointer.
    static func from(_ pointer: UnsafeMutableRawPointer?) -> CurlTransferContext {
        // Every callback is registered together with the context's pointer, so it is never nil here.
        Unmanaged<CurlTransferContext>.fromOpaque(pointer!).takeUnretainedValue()
    }

    /// Appends a chunk of the (already decoded) body.
    func appendBody(_ buffer: UnsafeRawPointer, count: Int) {
        body.append(buffer.assumingMemoryBound(to: UInt8.self), count: count)
    }

    /// Takes one raw header line, status lines included.
    func appendHeaderLine(_ buffer: UnsafeRawPointer, count: Int) {
        var bytes = UnsafeRawBufferPointer(start: buffer, count: count)[...]
        // Trim the line ending as bytes: in a String, "\r\n" is one Character, not "\r" then "\n".
        while let last = bytes.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") {
            bytes = bytes.dropLast()
        }
        let line = String(decoding: bytes, as: UTF8.self)
        if line.hasPrefix("HTTP/") {
            // A new response begins (after 100 Continue, a proxy's CONNECT reply or a redirect):
            // only the last one's headers describe the body.
            headers = [:]
            lastHeaderName = nil
        } else if line.first == " " || line.first == "\t" {
            // An obsolete folded continuation of the previous field.
            if let name = lastHeaderName, let value = headers[name] {
                headers[name] = value + " " + line.trimmingCharacters(in: .whitespaces)
            }
        } else if let colon = line.firstIndex(of: ":") {
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers[name] = headers[name].map { "\($0), \(value)" } ?? value
            lastHeaderName = name
        }
    }

    /// Forwards a progress report if it differs from the last one.
    func report(_ now: TransferProgress) {
        guard let progress, now != lastProgress else { return }
        lastProgress = now
        progress(now)
    }
}
