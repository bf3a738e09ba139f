import FieldSyncTestSupport
import Foundation
import Testing

@testable import FieldSyncAgent

@Suite("Curl transport")
struct CurlTransportTests {
    let transport = CurlTransport()

    @Test func getReturnsStatusBodyAndLowercasedHeaders() throws {
        let server = try LocalHTTPServer()
        defer { server.stop() }
        let response = try transport.send(HTTPRequest(url: server.url("/hello")))
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == "hello, field")
        #expect(response.headers["x-greeting"] == "ni hao")
        #expect(response.headers["content-type"] == "text/plain")
        #expect(response.headers["x-part"] == "valve, pump")
        #expect(response.header("X-Greeting") == "ni hao")
        #expect(response.headers.keys.allSatisfy { $0 == $0.lowercased() })

        let missing = try transport.send(HTTPRequest(url: server.url("/missing")))
        #expect(missing.status == 404)
        #expect(String(decoding: missing.body, as: UTF8.self) == "no such route")
    }

    @Test func postBodyIsEchoedByteForByte() throws {
        let server = try LocalHTTPServer()
        defer { server.stop() }
        let body = Data([0x7B, 0x00, 0xFF, 0x0A]) + Data("电梯维修".utf8)
        let response = try transport.send(
            HTTPRequest(
                method: "POST", url: server.url("/echo"), headers: [("Content-Type", "application/json")], body: body))
        #expect(response.status == 200)
        #expect(response.body == body)
        #expect(response.headers["x-method"] == "POST")
        #expect(response.headers["x-content-type"] == "application/json")

        // Without a Content-Type of ours, libcurl's form type is not sent either.
        let untyped = try transport.send(HTTPRequest(method: "POST", url: server.url("/echo"), body: body))
        #expect(untyped.headers["x-content-type"] == "none")
    }

    @Test func customMethodsAreSent() throws {
        let server = try LocalHTTPServer()
        defer { server.stop() }
        let put = try transport.send(HTTPRequest(method: "PUT", url: server.url("/echo"), body: Data("part".utf8)))
        #expect(put.headers["x-method"] == "PUT")
        #expect(put.body == Data("part".utf8))
        let delete = try transport.send(HTTPRequest(method: "DELETE", url: server.url("/echo")))
        #expect(delete.headers["x-method"] == "DELETE")
        let emptyPost = try transport.send(HTTPRequest(method: "POST", url: server.url("/echo")))
        #expect(emptyPost.headers["x-method"] == "POST")
        #expect(emptyPost.body.isEmpty)
        let head = try transport.send(HTTPRequest(method: "HEAD", url: server.url("/hello")))
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
    }

    @Test func gzipResponseArrivesDecoded() throws {
        let server = try LocalHTTPServer()
        defer { server.stop() }
        let response = try transport.send(HTTPRequest(url: server.url("/gzip")))
        #expect(response.status == 200)
        #expect(response.headers["content-encoding"] == "gzip")
        #expect(String(decoding: response.body, as: UTF8.self) == LocalHTTPServer.gzipText)
    }

    @Test func customHeaderAndUserAgentAreSent() throws {
        let server = try LocalHTTPServer()
        defer { server.stop() }
        let response = try CurlTransport(options: TransportOptions(userAgent: "fieldsync-test/2")).send(
            HTTPRequest(url: server.url("/headers"), headers: [("X-Technician", "Chen Wei")]))
        #expect(String(decoding: response.body, as: UTF8.self) == "Chen Wei")
        #expect(response.headers["x-user-agent"] == "fieldsync-test/2")

        let byDefault = try transport.send(HTTPRequest(url: server.url("/headers")))
        #expect(byDefault.headers["x-user-agent"] == "fieldsync/1")
    }

    @Test func progressEndsWithFinalByteCounts() throws {
        let server = try LocalHTTPServer()
        defer { server.stop() }
        let download = ProgressRecorder()
        let response = try transport.send(HTTPRequest(url: server.url("/big")), progress: download.record)
        #expect(response.body.count == LocalHTTPServer.bigSize)
        let lastDownload = try #require(download.reports.last)
        #expect(lastDownload.downloaded == Int64(LocalHTTPServer.bigSize))
        #expect(lastDownload.downloadTotal == Int64(LocalHTTPServer.bigSize))

        let upload = ProgressRecorder()
        let body = Data(repeating: 0x41, count: 50_000)
        _ = try transport.send(
            HTTPRequest(method: "POST", url: server.url("/echo"), body: body), progress: upload.record)
        let lastUpload = try #require(upload.reports.last)
        #expect(lastUpload.uploaded == 50_000)
        #expect(lastUpload.uploadTotal == 50_000)
        #expect(lastUpload.downloaded == 50_000)
    }

    @Test func refusedConnectionIsOfflineAndHidesSecrets() throws {
        let server = try LocalHTTPServer()
        let url = server.url("/echo")
        server.stop()
        let request = HTTPRequest(
            method: "POST", url: url, headers: [("Authorization", "Bearer tok-SECRET-42")], body: Data("card-BODY".utf8)
        )
        let error = #expect(throws: TransportError.self) { try transport.send(request) }
        #expect(error?.kind == .offline)
        #expect(error?.isRetryable == true)
        #expect(error?.curlCode == 7)
        #expect(error?.message.contains("SECRET") == false)
        #expect(error?.message.contains("BODY") == false)
    }

    @Test func stalledServerIsOfflineWithinSeconds() throws {
        let server = try LocalHTTPServer()
        defer { server.stop() }
        let stallAware = CurlTransport(options: TransportOptions(lowSpeedTime: 2))
        let start = ContinuousClock.now
        let error = #expect(throws: TransportError.self) {
            try stallAware.send(HTTPRequest(url: server.url("/stall")))
        }
        let elapsed = ContinuousClock.now - start
        #expect(error?.kind == .offline)
        // Given up after the 2 s stall limit, not at the server's 60 s or the default limit's 30 s;
        // the bound leaves room for a busy machine.
        #expect(elapsed < .seconds(20))
        #expect(elapsed >= .seconds(1))
    }

    @Test func aCutResponseHandsBackWhatArrivedWithTheError() throws {
        let server = try LocalHTTPServer()
        defer { server.stop() }
        let error = #expect(throws: TransportError.self) { try transport.send(HTTPRequest(url: server.url("/cut"))) }
        #expect(error?.kind == .offline)
        let partial = try #require(error?.partial)
        #expect(partial.status == 206 && partial.header("Content-Range") == "bytes 1000-100999/200000")
        #expect(partial.body == Data(repeating: UInt8(ascii: "y"), count: 40_000))
        // A request that got no response at all has nothing to hand back.
        let refused = #expect(throws: TransportError.self) {
            try transport.send(HTTPRequest(url: "http://127.0.0.1:1/nothing"))
        }
        #expect(refused?.partial == nil)
    }

    @Test(arguments: ["not a url", "http://", "ftp://127.0.0.1/file", "", "http://127.0.0.1:1/\r\nX-Evil: 1"])
    func invalidURLIsRejected(url: String) {
        let error = #expect(throws: TransportError.self) { try transport.send(HTTPRequest(url: url)) }
        #expect(error?.kind == .invalidURL || error?.kind == .other)
    }

    @Test func headerWithLineBreakIsRefusedWithoutItsValue() {
        let request = HTTPRequest(
            url: "http://127.0.0.1:1/", headers: [("Authorization", "Bearer x\r\nX-Evil: SECRET")])
        let error = #expect(throws: TransportError.self) { try transport.send(request) }
        #expect(error?.kind == .other)
        #expect(error?.message.contains("SECRET") == false)
    }

    @Test func tlsFailuresAreTLSAndPointAtTheCertificate() throws {
        let server = try LocalHTTPServer()
        defer { server.stop() }
        // A TLS handshake against a plain HTTP server.
        let url = "https://127.0.0.1:\(server.port)/hello"
        let handshake = #expect(throws: TransportError.self) { try transport.send(HTTPRequest(url: url)) }
        #expect(handshake?.kind == .tls)
        #expect(handshake?.isRetryable == false)
        #expect(handshake?.message.contains("--ca") == true)

        let missingCA = CurlTransport(options: TransportOptions(caFile: "/nonexistent/ca.pem"))
        let badFile = #expect(throws: TransportError.self) { try missingCA.send(HTTPRequest(url: url)) }
        #expect(badFile?.kind == .tls)
    }
}

/// Keeps every progress report of one transfer.
///
/// `@unchecked Sendable` is safe: the only stored state, `stored`, is read and written
/// only while holding `lock`.
private final class ProgressRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [TransferProgress] = []

    var reports: [TransferProgress] { lock.withLock { stored } }

    func record(_ progress: TransferProgress) { lock.withLock { stored.append(progress) } }
}
