import FieldSyncServer
import Foundation
import NIOCore
import PostgresNIO

/// PostgreSQL on its own: the rows a scenario stored, read from the server's database and
/// inserted straight into an empty `record` table of the server's schema (made by the server's
/// own migrations, in a database of its own), in transactions of the push's batch size: once as
/// multi-row `INSERT … VALUES`, once as `COPY … FROM STDIN` (postgres-nio's `copyFrom`, text
/// format). Only the inserts are timed; the median of three runs each.
enum PostgresBaseline {
    struct Figures: Sendable, Codable {
        var insert: Baseline.Measurement
        var copy: Baseline.Measurement
    }

    typealias Row = (
        id: String, kind: String, region: String, seq: Int64, isDeleted: Bool, hasConflicts: Bool, customer: String?,
        state: ByteBuffer
    )

    static func measure(
        _ cluster: BenchCluster, from source: String, into target: String, batch: Int, passes: Int = 3
    ) async throws -> Figures {
        let rows = try await cluster.admin(database: source) { connection in
            var rows = [Row]()
            for try await row in try await connection.query(
                "SELECT id, kind, region, seq, is_deleted, has_conflicts, customer, state FROM record ORDER BY seq",
                logger: BenchCluster.logger
            ).decode((String, String, String, Int64, Bool, Bool, String?, ByteBuffer).self) {
                rows.append(row)
            }
            return rows
        }
        try await cluster.createDatabase(target)
        let store = PostgresServerStore(
            location: try PostgresLocation(url: cluster.url(database: target)), logger: BenchCluster.logger)
        try await store.prepare()
        var inserts = [Baseline.Measurement]()
        var copies = [Baseline.Measurement]()
        try await cluster.admin(database: target) { connection in
            for _ in 0..<passes {
                try await connection.query("TRUNCATE record", logger: BenchCluster.logger)
                inserts.append(try await insert(rows, batch: batch, connection))
                try await connection.query("TRUNCATE record", logger: BenchCluster.logger)
                copies.append(try await copy(rows, batch: batch, connection))
            }
        }
        await cluster.dropDatabase(target)
        func median(_ runs: [Baseline.Measurement]) -> Baseline.Measurement {
            runs.sorted { $0.seconds < $1.seconds }[runs.count / 2]
        }
        return Figures(insert: median(inserts), copy: median(copies))
    }

    /// Multi-row `INSERT … VALUES (…), (…)`, one statement and one transaction per batch.
    static func insert(_ rows: [Row], batch: Int, _ connection: PostgresConnection) async throws
        -> Baseline.Measurement
    {
        let clock = ContinuousClock()
        var elapsed = Duration.zero
        var start = 0
        while start < rows.count {
            let slice = rows[start..<min(start + batch, rows.count)]
            var bindings = PostgresBindings(capacity: slice.count * 8)
            var values = [String]()
            values.reserveCapacity(slice.count)
            for (index, row) in slice.enumerated() {
                let base = index * 8
                values.append("(" + (1...8).map { "$\(base + $0)" }.joined(separator: ", ") + ")")
                bindings.append(row.id)
                bindings.append(row.kind)
                bindings.append(row.region)
                bindings.append(row.seq)
                bindings.append(row.isDeleted)
                bindings.append(row.hasConflicts)
                bindings.append(row.customer)
                bindings.append(row.state)
            }
            let query = PostgresQuery(
                unsafeSQL:
                    "INSERT INTO record (id, kind, region, seq, is_deleted, has_conflicts, customer, state) VALUES "
                    + values.joined(separator: ", "), binds: bindings)
            let started = clock.now
            try await connection.query("BEGIN", logger: BenchCluster.logger)
            try await connection.query(query, logger: BenchCluster.logger)
            try await connection.query("COMMIT", logger: BenchCluster.logger)
            elapsed += clock.now - started
            start += slice.count
        }
        return Baseline.Measurement(rows: rows.count, batch: batch, seconds: elapsed / .seconds(1))
    }

    /// `COPY record FROM STDIN` (text format), one COPY and one transaction per batch.
    static func copy(_ rows: [Row], batch: Int, _ connection: PostgresConnection) async throws -> Baseline.Measurement {
        let clock = ContinuousClock()
        var elapsed = Duration.zero
        var start = 0
        while start < rows.count {
            let slice = rows[start..<min(start + batch, rows.count)]
            var text = ""
            for row in slice {
                text += [
                    escaped(row.id), escaped(row.kind), escaped(row.region), String(row.seq), row.isDeleted ? "t" : "f",
                    row.hasConflicts ? "t" : "f", row.customer.map(escaped) ?? "\\N", "\\\\x" + hex(row.state),
                ].joined(separator: "\t")
                text += "\n"
            }
            let buffer = ByteBuffer(string: text)
            let started = clock.now
            try await connection.query("BEGIN", logger: BenchCluster.logger)
            try await connection.copyFrom(
                table: "record",
                columns: ["id", "kind", "region", "seq", "is_deleted", "has_conflicts", "customer", "state"],
                logger: BenchCluster.logger
            ) { writer in
                try await writer.write(buffer)
            }
            try await connection.query("COMMIT", logger: BenchCluster.logger)
            elapsed += clock.now - started
            start += slice.count
        }
        return Baseline.Measurement(rows: rows.count, batch: batch, seconds: elapsed / .seconds(1))
    }

    /// A value in COPY's text format: backslash, tab, newline and carriage return escaped.
    static func escaped(_ value: String) -> String {
        var result = ""
        for character in value {
            switch character {
            case "\\": result += "\\\\"
            case "\t": result += "\\t"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            default: result.append(character)
            }
        }
        return result
    }

    static func hex(_ buffer: ByteBuffer) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var bytes = [UInt8]()
        bytes.reserveCapacity(buffer.readableBytes * 2)
        for byte in buffer.readableBytesView {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
