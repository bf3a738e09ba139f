import FieldSyncShared
import FieldSyncTestSupport
import Foundation
import Testing

/// What a replica's SQLite file holds, read straight from the file: every record's state and
/// dirty mark, and the replica's own counters.
struct ReplicaSnapshot {
    struct Row: Decodable {
        let id: String
        let kind: String
        let region: String
        /// The counter of the last local change the server has not acknowledged; 0 when clean.
        let dirty: Int64
        let state: RecordState
    }

    let replica: ReplicaID
    /// The counter of the replica's latest write.
    let counter: UInt64
    /// Every write of this replica up to this counter is confirmed stored by the server.
    let confirmed: UInt64
    let records: [String: Row]

    var states: [String: RecordState] { records.mapValues(\.state) }
    var dirtyIDs: Set<String> { Set(records.values.filter { $0.dirty > 0 }.map(\.id)) }
}

extension FieldAgent {
    /// A replica that syncs with the server at `serverURL` (a proxy in front of the real one).
    init(_ name: String, in directory: TemporaryDirectory, serverURL: String, token: String, region: String?) throws {
        self.name = name
        database = directory.file("\(name).sqlite")
        runner = BinaryRunner("fieldsync", environment: ["FIELDSYNC_DB": database])
        var arguments = ["init", "--server", serverURL, "--token", token, "--technician", name]
        if let region { arguments += ["--region", region] }
        let result = try runner.run(arguments)
        #expect(result.status == 0, "\(name): \(result.stderr)")
    }

    /// Reads the replica's file (with Python's sqlite3, as `dirtyIDs()` does).
    func snapshot() throws -> ReplicaSnapshot { try Self.snapshots(of: [self])[0] }

    /// Reads the files of `agents`, with one Python for all of them: per file a line with its
    /// replica numbers (states name replicas by them) and a line with the rest.
    static func snapshots(of agents: [FieldAgent]) throws -> [ReplicaSnapshot] {
        let script = """
            import json, sqlite3, sys
            for path in sys.argv[1:]:
                c = sqlite3.connect(path)
                print(json.dumps(dict((str(n), i) for n, i in c.execute('SELECT number, id FROM replica_number'))))
                replica, counter, confirmed = c.execute('SELECT replica_id, counter, confirmed_counter FROM replica').fetchone()
                rows = []
                for i, k, g, d, s in c.execute('SELECT id, kind, region, dirty, state FROM record'):
                    s = s if isinstance(s, str) else bytes(s).decode()
                    rows.append('{"id":%s,"kind":%s,"region":%s,"dirty":%d,"state":%s}' % (json.dumps(i), json.dumps(k), json.dumps(g), d, s))
                print('{"replica":%s,"counter":%d,"confirmed":%d,"records":[%s]}' % (json.dumps(replica), counter, confirmed, ','.join(rows)))
                c.close()
            """
        let output = try runPython(script, arguments: agents.map(\.database)).output
        struct File: Decodable {
            let replica: ReplicaID
            let counter: UInt64
            let confirmed: UInt64
            let records: [ReplicaSnapshot.Row]
        }
        let lines = output.split(separator: UInt8(ascii: "\n")).map { Data($0) }
        return try stride(from: 0, to: lines.count - 1, by: 2).map { index in
            let numbers = try JSONDecoder().decode([String: ReplicaID].self, from: lines[index])
            let decoder = JSONDecoder()
            decoder.userInfo[.replicaNumbering] = ReplicaNumbering(
                Dictionary(uniqueKeysWithValues: numbers.compactMap { key, id in Int64(key).map { ($0, id) } }))
            let file = try decoder.decode(File.self, from: lines[index + 1])
            return ReplicaSnapshot(
                replica: file.replica, counter: file.counter, confirmed: file.confirmed,
                records: Dictionary(uniqueKeysWithValues: file.records.map { ($0.id, $0) }))
        }
    }
}
