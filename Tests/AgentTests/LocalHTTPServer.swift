import FieldSyncTestSupport
import Foundation

/// A small HTTP server in a Python child process on 127.0.0.1, for testing the transport on real sockets.
///
/// Routes: `/hello` (text and headers), `/echo` (the request body back, with the method and
/// content type in `X-Method` and `X-Content-Type`), `/headers` (the `X-Technician` and
/// `User-Agent` it received), `/gzip` (a gzip-encoded body), `/big` (300 000 bytes),
/// `/stall` (headers, then nothing), `/cut` (a 206 whose
/// body stops at 40 000 of its 100 000 bytes), `/missing` (404). The child exits when its stdin closes,
/// so it cannot outlive a crashed test process.
final class LocalHTTPServer {
    /// The ephemeral port the server listens on.
    let port: Int
    private let process: ChildProcess
    private let input: Pipe
    private let directory: TemporaryDirectory

    static let bigSize = 300_000
    static let gzipText = String(repeating: "visit ", count: 2_000)

    init() throws {
        directory = try TemporaryDirectory("http-server")
        let script = directory.file("server.py")
        try Self.script.write(toFile: script, atomically: true, encoding: .utf8)
        process = ChildProcess()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-u", script]
        input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            line.append(chunk)
        }
        guard let text = String(data: line, encoding: .utf8),
            let port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
        else {
            process.terminate()
            directory.remove()
            throw CocoaError(.fileReadCorruptFile)
        }
        self.port = port
    }

    /// The URL of `path` on this server.
    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Stops the server and waits for it, so its port is closed when this returns.
    func stop() {
        try? input.fileHandleForWriting.close()
        process.terminate()
        process.waitUntilExit()
        directory.remove()
    }

    private static let script = """
        import gzip, os, sys, threading, time
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def reply(self, status, body, headers=()):
                self.send_response(status)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

            def handle_any(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.path == "/hello":
                    self.reply(200, b"hello, field", [("Content-Type", "text/plain"), ("X-Greeting", "ni hao"),
                                                      ("X-Part", "valve"), ("X-Part", "pump")])
                elif self.path == "/echo":
                    self.reply(200, body, [("X-Method", self.command),
                                           ("X-Content-Type", self.headers.get("Content-Type", "none"))])
                elif self.path == "/headers":
                    self.reply(200, self.headers.get("X-Technician", "").encode(),
                               [("X-User-Agent", self.headers.get("User-Agent", ""))])
                elif self.path == "/gzip":
                    self.reply(200, gzip.compress(b"visit " * 2000), [("Content-Encoding", "gzip")])
                elif self.path == "/big":
                    self.reply(200, b"x" * 300000)
                elif self.path == "/cut":
                    self.send_response(206)
                    self.send_header("Content-Range", "bytes 1000-100999/200000")
                    self.send_header("Content-Length", "100000")
                    self.end_headers()
                    self.wfile.write(b"y" * 40000)
                    self.wfile.flush()
                    self.close_connection = True
                    self.connection.shutdown(2)
                elif self.path == "/stall":
                    self.send_response(200)
                    self.send_header("Content-Length", "100000")
                    self.end_headers()
                    time.sleep(60)
                else:
                    self.reply(404, b"no such route")

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = handle_any

        class Server(ThreadingHTTPServer):
            daemon_threads = True

        def exit_when_stdin_closes():
            sys.stdin.read()
            os._exit(0)

        server = Server(("127.0.0.1", 0), Handler)
        threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """
}
