import FieldSyncServer
import Foundation
import GRDB

/// SQLite on its own: the rows a scenario stored, inserted straight into a table with the server's
/// record schema (WAL, synchronous=NORMAL, prepared statement reused), in the scenario's batches.
/// Only the insert transactions are timed; reading the rows back is not. The median of three runs.
enum Baseline {
    struct Measurement: Sendable, Codable {
        var rows: Int
        var batch: Int
        var seconds: Double
        var rowsPerSecond: Double

        init(rows: Int, batch: Int, seconds: Double) {
            self.rows = rows
            self.batch = batch
            self.seconds = seconds
            rowsPerSecond = seconds > 0 ? Double(rows) / seconds : 0
        }

        enum CodingKeys: String, CodingKey {
            case rows, batch, seconds
            case rowsPerSecond = "rows_per_second"
        }
    }

    /// The median of `passes` runs of `copy`: SQLite's own rate varies from run to run on a shared machine.
    static func measure(from source: String, region: String? = nil, batch: Int, into path: String, passes: Int = 3)
        throws
        -> Measurement
    {
        var runs = [Measurement]()
        for pass in 0..<passes {
            runs.append(try copy(from: source, region: region, batch: batch, into: "\(path).\(pass)"))
            for suffix in ["", "-wal", "-shm"] {
                try? FileManager.default.removeItem(atPath: "\(path).\(pass)\(suffix)")
            }
        }
        return runs.sorted { $0.seconds < $1.seconds }[runs.count / 2]
    }

    /// Copies the rows of the server store at `source` (only `region`'s, if given), in seq order,
    /// into a new database at `path`, `batch` rows per transaction.
    static func copy(from source: String, region: String? = nil, batch: Int, into path: String) throws -> Measurement {
        var configuration = Configuration()
        configuration.readonly = true
        let reader = try DatabaseQueue(path: source, configuration: configuration)
        var target = Configuration()
        target.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        // The server's own migrations make the table, so the baseline's schema is the server's.
        _ = try SQLiteServerStore(path: path)
        let writer = try DatabasePool(path: path, configuration: target)

        let clock = ContinuousClock()
        var elapsed = Duration.zero
        var rows = 0
        var after: Int64 = 0
        let filter = region == nil ? "" : "region = ? AND "
        while true {
            let page = try reader.read { db in
                try Row.fetchAll(
                    db,
                    sql:
                        "SELECT id, kind, region, seq, is_deleted, has_conflicts, customer, state, pushed_by FROM record WHERE \(filter)seq > ? ORDER BY seq LIMIT ?",
                    arguments: StatementArguments(region.map { [$0] } ?? []) + [after, batch])
            }
            guard let last = page.last else { break }
            after = last["seq"]
            let started = clock.now
            try writer.write { db in
                let insert = try db.cachedStatement(
                    sql:
                        "INSERT INTO record (id, kind, region, seq, is_deleted, has_conflicts, customer, state, pushed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                )
                for row in page {
                    try insert.execute(arguments: StatementArguments(row.databaseValues))
                }
            }
            elapsed += clock.now - started
            rows += page.count
        }
        try writer.close()
        return Measurement(rows: rows, batch: batch, seconds: elapsed / .seconds(1))
    }
}
