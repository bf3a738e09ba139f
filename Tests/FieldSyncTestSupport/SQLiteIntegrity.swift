import Foundation

/// Runs a Python script with `arguments` and returns what it printed: how the tests read SQLite
/// files from outside the processes that write them, as a support engineer would.
public func runPython(_ script: String, arguments: [String]) throws -> (status: Int32, output: Data, errors: String) {
    let python = ChildProcess()
    // The system's Python when there is one: a version manager's shim in PATH costs 0.2 s a call.
    if FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") {
        python.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        python.arguments = ["-c", script] + arguments
    } else {
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c", script] + arguments
    }
    let output = Pipe()
    python.standardOutput = output
    let errors = Pipe()
    python.standardError = errors
    try python.run()
    // Read standard error on another thread: a script that fills one pipe must not block on it.
    let problem = BackgroundRead(errors.fileHandleForReading)
    let data = output.fileHandleForReading.readDataToEndOfFile()
    python.waitUntilExit()
    return (python.terminationStatus, data, String(decoding: problem.wait(), as: UTF8.self))
}

/// `PRAGMA integrity_check` of a SQLite file: `"ok"` when the file is sound, else what is wrong.
public func sqliteIntegrityCheck(_ path: String) throws -> String {
    let result = try runPython(
        "import sqlite3,sys;c=sqlite3.connect(sys.argv[1]);print('\\n'.join(r[0] for r in c.execute('PRAGMA integrity_check')))",
        arguments: [path])
    let text = String(decoding: result.output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    return result.status == 0 ? text : "integrity_check could not run: " + result.errors
}

/// How many iterations a seeded loop runs: `FIELDSYNC_<name>` from the environment (for a
/// long run on demand), else `standard`.
public func iterations(_ name: String, standard: Int) -> Int {
    ProcessInfo.processInfo.environment["FIELDSYNC_\(name)"].flatMap(Int.init).map { max(1, $0) } ?? standard
}

/// Reads a handle to its end on a thread of its own.
final class BackgroundRead: @unchecked Sendable {
    // @unchecked: `data` is written once by the thread before it signals, read after `wait()`.
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }.start()
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}
