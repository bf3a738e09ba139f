import Foundation

/// `PRAGMA integrity_check` of a SQLite file, run by Python's sqlite3 module (a separate
/// process, as a support engineer would run it): `"ok"` when the file is sound, else what is wrong.
public func sqliteIntegrityCheck(_ path: String) throws -> String {
    let query = ChildProcess()
    query.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    query.arguments = [
        "python3", "-c",
        "import sqlite3,sys;c=sqlite3.connect(sys.argv[1]);print('\\n'.join(r[0] for r in c.execute('PRAGMA integrity_check')))",
        path,
    ]
    let output = Pipe()
    query.standardOutput = output
    let errors = Pipe()
    query.standardError = errors
    try query.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    let problem = errors.fileHandleForReading.readDataToEndOfFile()
    query.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    return query.terminationStatus == 0 ? text : "integrity_check could not run: " + String(decoding: problem, as: UTF8.self)
}

/// How many iterations a seeded loop runs: `FIELDSYNC_<name>` from the environment (for a
/// long run on demand), else `standard`.
public func iterations(_ name: String, standard: Int) -> Int {
    ProcessInfo.processInfo.environment["FIELDSYNC_\(name)"].flatMap(Int.init).map { max(1, $0) } ?? standard
}
