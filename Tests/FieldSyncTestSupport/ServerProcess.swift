import Foundation

/// A real `fieldsync-server` on a loopback port, for end-to-end tests.
public final class ServerProcess: @unchecked Sendable {
    // @unchecked: `process` is set in init and only read afterwards; tests use one
    // instance from one task.
    /// The store's options, as every store-using subcommand takes them: `--db PATH` or `--database URL`.
    public let storeArguments: [String]
    public private(set) var port: Int
    private var process: ChildProcess
    private let admin: BinaryRunner

    /// Starts a server on the SQLite file `database` (port 0: a free one, read from its first line).
    public convenience init(database: String, port: Int = 0) throws {
        try self.init(storeArguments: ["--db", database], port: port)
    }

    /// Starts a server on the store `storeArguments` name (`["--database", "postgres://…"]`).
    public init(storeArguments: [String], port: Int = 0) throws {
        self.storeArguments = storeArguments
        admin = BinaryRunner("fieldsync-server")
        (process, self.port) = try Self.launch(storeArguments: storeArguments, port: port, runner: admin)
    }

    /// The SQLite file or the PostgreSQL URL.
    public var database: String { storeArguments.last ?? "" }

    private static func launch(storeArguments: [String], port: Int, runner: BinaryRunner) throws -> (ChildProcess, Int)
    {
        let process = ChildProcess()
        process.executableURL = URL(fileURLWithPath: runner.executable)
        process.arguments = ["serve"] + storeArguments + ["--port", String(port), "--log-level", "warning"]
        process.environment = runner.environment
        let output = Pipe()
        process.standardOutput = output
        // Kept for the failure message when the server does not start.
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        // The server prints "fieldsync-server listening on http://HOST:PORT" once it accepts connections.
        var line = Data()
        let handle = output.fileHandleForReading
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let portText = text.split(separator: ":").last?.split(separator: "\n").first, let actual = Int(portText)
        else {
            process.terminate()
            process.waitUntilExit()
            let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw ServerProcessError(message: "the server did not start: \(text) \(stderr)")
        }
        // Drain the server's standard error so a chatty server never blocks on a full pipe.
        errors.fileHandleForReading.readabilityHandler = { handle in _ = handle.availableData }
        return (process, actual)
    }

    public var url: String { "http://127.0.0.1:\(port)" }

    /// Creates a token with the server's own command and returns it.
    public func token(role: String, region: String? = nil, name: String) throws -> String {
        var arguments = ["token", "create"] + storeArguments + ["--role", role, "--name", name]
        if let region { arguments += ["--region", region] }
        let result = try admin.run(arguments)
        guard result.status == 0 else { throw ServerProcessError(message: result.stderr) }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    public func admin(_ arguments: [String]) throws -> BinaryRunner.Result {
        try admin.run(arguments + storeArguments)
    }

    /// SIGKILL: no chance to finish anything.
    public func kill() {
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Starts again on the same database and port after `kill()` or `stop()`.
    public func restart() throws {
        var lastError: (any Error)?
        for _ in 0..<50 {
            do {
                (process, port) = try Self.launch(storeArguments: storeArguments, port: port, runner: admin)
                return
            } catch {
                lastError = error
                usleep(100_000)  // the port may linger a moment
            }
        }
        throw lastError!
    }

    /// SIGTERM, and wait for the graceful shutdown.
    public func stop() {
        process.terminate()
        process.waitUntilExit()
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }
}

public struct ServerProcessError: Error, CustomStringConvertible {
    public let message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}
