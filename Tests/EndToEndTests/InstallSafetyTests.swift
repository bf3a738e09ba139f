import FieldSyncTestSupport
import Foundation
import Testing

/// What an installed copy must get right before anyone configures it: its version, and
/// refusing to send a token over plain HTTP across the internet.
@Suite("safe by default")
struct InstallSafetyTests {
    let directory: TemporaryDirectory

    init() throws { directory = try TemporaryDirectory("install-safety") }

    func agent(_ name: String) -> BinaryRunner {
        BinaryRunner("fieldsync", environment: ["FIELDSYNC_DB": directory.file("\(name).sqlite")])
    }

    @Test func bothProgramsNameTheirVersion() throws {
        for program in ["fieldsync", "fieldsync-server"] {
            let result = try BinaryRunner(program).run(["--version"])
            #expect(result.status == 0, "\(result.stderr)")
            // A plain build says 0.0.0-dev (commit unknown); scripts/package.sh stamps the real ones.
            #expect(result.stdout.hasPrefix("\(program) "), "\(result.stdout)")
            #expect(result.stdout.contains("(commit "), "\(result.stdout)")
        }
    }

    @Test func plainHTTPToTheInternetIsRefusedUnlessAllowed() throws {
        let refused = try agent("refused").run(["init", "--server", "http://example.com", "--token", "t"])
        #expect(refused.status == 64, "\(refused.stderr)")
        #expect(refused.stderr.contains("--allow-http"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.file("refused.sqlite")), "nothing is created")

        let allowed = try agent("allowed").run([
            "init", "--server", "http://example.com", "--token", "t", "--allow-http",
        ])
        #expect(allowed.status == 0, "\(allowed.stderr)")
    }

    @Test(arguments: ["https://example.com", "http://127.0.0.1:8080", "http://192.168.1.20:8080", "http://sync.lan"])
    func safeAddressesNeedNoFlag(_ server: String) throws {
        let name = String(server.filter { $0.isLetter || $0.isNumber })
        let result = try agent(name).run(["init", "--server", server, "--token", "t"])
        #expect(result.status == 0, "\(server): \(result.stderr)")
    }

    /// Starts `serve` on `host`, stops it with SIGTERM once it listens, and returns what it logged.
    func serveLog(host: String) throws -> String {
        let process = ChildProcess()
        process.executableURL = URL(fileURLWithPath: BinaryRunner("fieldsync-server").executable)
        process.arguments = ["serve", "--db", directory.file("server-\(host).sqlite"), "--host", host, "--port", "0"]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        #expect(String(decoding: line, as: UTF8.self).contains("listening on http://"))
        process.terminate()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "stopped gracefully by SIGTERM")
        return String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    @Test func serveWarnsWhenPlainHTTPListensBeyondLoopback() throws {
        #expect(try serveLog(host: "0.0.0.0").contains("Serving plain HTTP beyond loopback"))
        #expect(try !serveLog(host: "127.0.0.1").contains("Serving plain HTTP beyond loopback"))
    }
}
