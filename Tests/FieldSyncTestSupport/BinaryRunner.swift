import Foundation

/// Runs the package's built executables as a user would, capturing output and exit status.
public struct BinaryRunner: Sendable {
    /// What one run printed and how it ended.
    public struct Result: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String

        /// The standard output parsed as JSON.
        public func json() throws -> Any {
            try JSONSerialization.jsonObject(with: Data(stdout.utf8), options: [.fragmentsAllowed])
        }
    }

    /// The folder holding the built products: `FIELDSYNC_BIN_DIR`, else the test bundle's own folder.
    public static var productsDirectory: String {
        if let dir = ProcessInfo.processInfo.environment["FIELDSYNC_BIN_DIR"], !dir.isEmpty { return dir }
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        while url.path != "/" && !FileManager.default.fileExists(atPath: url.appendingPathComponent("fieldsync").path) {
            url.deleteLastPathComponent()
        }
        return url.path
    }

    public let executable: String
    public var environment: [String: String]

    public init(_ name: String, environment: [String: String] = [:]) {
        executable = (Self.productsDirectory as NSString).appendingPathComponent(name)
        var base = ProcessInfo.processInfo.environment
        base["LANG"] = "C.UTF-8"
        base["LC_ALL"] = nil
        base["LC_MESSAGES"] = nil
        self.environment = base.merging(environment) { _, new in new }
    }

    /// A program outside the package (a system tool), by its full path.
    public init(path: String, environment: [String: String] = [:]) {
        executable = path
        self.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
    }

    /// Runs to completion.
    @discardableResult
    public func run(_ arguments: [String]) throws -> Result {
        let process = ChildProcess()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read before waiting so a large output cannot fill the pipe and block the child.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }
}
