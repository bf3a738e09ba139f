import FieldSyncTestSupport
import Foundation
import Testing

/// One `fieldsync` replica in a test: its database, and its commands run as the real binary.
struct FieldAgent {
    let name: String
    let database: String
    let runner: BinaryRunner

    init(_ name: String, in directory: TemporaryDirectory, server: ServerProcess, token: String, region: String?) throws
    {
        self.name = name
        database = directory.file("\(name).sqlite")
        runner = BinaryRunner("fieldsync", environment: ["FIELDSYNC_DB": database])
        var arguments = ["init", "--server", server.url, "--token", token, "--technician", name]
        if let region { arguments += ["--region", region] }
        let result = try runner.run(arguments)
        #expect(result.status == 0, "\(name): \(result.stderr)")
    }

    /// An agent on a file that already holds a replica (a copy of another's).
    private init(name: String, database: String) {
        self.name = name
        self.database = database
        runner = BinaryRunner("fieldsync", environment: ["FIELDSYNC_DB": database])
    }

    /// The replica's file and its token file copied to a new laptop, used from there on as `name`.
    func copy(as name: String, in directory: TemporaryDirectory) throws -> FieldAgent {
        let copy = directory.file("\(name).sqlite")
        try FileManager.default.copyItem(atPath: database, toPath: copy)
        try FileManager.default.copyItem(atPath: database + ".token", toPath: copy + ".token")
        return FieldAgent(name: name, database: copy)
    }

    /// The replica's file replaced by `backup`: written over the file itself (the same inode, as
    /// `cp` does) or put in its place as a new file.
    func restore(from backup: String, inPlace: Bool) throws {
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: backup))
        if inPlace {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: database))
            try handle.truncate(atOffset: 0)
            try handle.write(contentsOf: bytes)
            try handle.close()
        } else {
            try FileManager.default.removeItem(atPath: database)
            try bytes.write(to: URL(fileURLWithPath: database))
        }
    }

    @discardableResult
    func run(_ arguments: [String]) throws -> BinaryRunner.Result { try runner.run(arguments) }

    /// `fieldsync sync`, expecting done (0) or done-with-conflicts (3).
    @discardableResult
    func sync(_ extra: [String] = []) throws -> BinaryRunner.Result {
        let result = try runner.run(["sync", "--retries", "0"] + extra)
        #expect(result.status == 0 || result.status == 3, "\(name) sync: \(result.status) \(result.stderr)")
        return result
    }

    /// `fieldsync sync --retries 0` started in the background, its output discarded: for the
    /// tests that kill it, or the server, part way.
    func startSync(_ extra: [String] = []) throws -> ChildProcess {
        let process = ChildProcess()
        process.executableURL = URL(fileURLWithPath: runner.executable)
        process.arguments = ["sync", "--retries", "0"] + extra
        process.environment = runner.environment
        try process.run()
        return process
    }

    /// Every record this replica holds, by id, as `export --format json` writes it.
    func records() throws -> [String: [String: Any]] {
        let result = try runner.run(["export", "--format", "json"])
        let array = (try? result.json()) as? [[String: Any]] ?? []
        return Dictionary(
            uniqueKeysWithValues: array.compactMap { object in (object["id"] as? String).map { ($0, object) } })
    }

    func importRecords(_ items: [[String: Any]]) throws -> [String] {
        let file = database + ".import.json"
        try JSONSerialization.data(withJSONObject: items).write(to: URL(fileURLWithPath: file))
        let result = try runner.run(["import", "--file", file, "--json"])
        #expect(result.status == 0, "\(name) import: \(result.stderr)")
        return ((try? result.json()) as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }

    func conflicts() throws -> [[String: Any]] {
        (try runner.run(["conflicts", "--json"]).json() as? [[String: Any]]) ?? []
    }

    /// Ids of records the replica has not had acknowledged by the server (read from its file).
    func dirtyIDs() throws -> Set<String> {
        let result = try runPython(
            "import sqlite3,sys;c=sqlite3.connect(sys.argv[1]);print('\\n'.join(r[0] for r in c.execute('SELECT id FROM record WHERE dirty > 0')))",
            arguments: [database])
        return Set(String(decoding: result.output, as: UTF8.self).split(separator: "\n").map(String.init))
    }
}

/// A day's offline work for one region: customers, each with a repair visit; a card and a complaint.
func regionWork(_ region: String, customers: Int, tag: String) -> [[String: Any]] {
    var items = [[String: Any]]()
    for index in 0..<customers {
        let customer = items.count + 1
        items.append([
            "record_kind": "customer", "name": "\(tag) customer \(index)", "region": region, "phone": "0\(index)",
        ])
        items.append([
            "record_kind": "visit", "customer": "#\(customer)", "kind": "repair", "region": region, "status": "open",
            "called_at": "2026-11-2\(index % 9)T09:00:00+08:00",
        ])
    }
    items.append(["record_kind": "card", "customer": "#1", "visit": "#2", "region": region, "rating": "satisfied"])
    items.append([
        "record_kind": "complaint", "customer": "#1", "region": region, "channel": "phone", "severity": "general",
        "received_at": "2026-11-27T10:00:00+08:00", "description": "\(tag): door hinge squeaks", "status": "open",
    ])
    return items
}
