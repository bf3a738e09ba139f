import FieldSyncShared
import Foundation
import GRDB
import HTTPTypes

/// The server's embedded store: one SQLite file in WAL mode, no setup.
///
/// SQLite runs one writer at a time, so change-log numbers commit in the order they
/// are taken and a puller can never skip one still in flight.
public struct SQLiteServerStore: ServerStore {
    let pool: DatabasePool

    /// Opens (creating and migrating) the store at `path`.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.label = "fieldsync.server"
        configuration.prepareDatabase { db in
            // WAL with NORMAL sync: a commit survives a crash of the process; the
            // server answers a push only after its commit.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            if try pool.read({ try Self.migrator.hasBeenSuperseded($0) }) {
                throw ServerError(.internalServerError, "schema_newer", "\(path) was written by a newer fieldsync-server; run that version")
            }
            try Self.migrator.migrate(pool)
        } catch let error as ServerError {
            throw error
        } catch {
            throw ServerError(.internalServerError, "storage", "cannot open the database \(path): \(Self.reason(error))")
        }
    }

    static func reason(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "SQLite error \(error.resultCode.rawValue)" }
        if let error = error as? ServerError { return error.message }
        return String(describing: type(of: error))
    }

    /// Runs a write transaction, translating storage failures at the boundary.
    func write<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws -> T {
        do {
            return try await pool.write(body)
        } catch let error as ServerError {
            throw error
        } catch {
            throw ServerError(.serviceUnavailable, "storage", "the server could not store the change (\(Self.reason(error))); try again later")
        }
    }

    func read<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws -> T {
        do {
            return try await pool.read(body)
        } catch let error as ServerError {
            throw error
        } catch {
            throw ServerError(.serviceUnavailable, "storage", "the server could not read its store (\(Self.reason(error))); try again later")
        }
    }

    static func nextSeq(_ db: Database) throws -> Int64 {
        // Cached statements: a push takes one number per record it stores.
        try db.cachedStatement(sql: "UPDATE counter SET value = value + 1 WHERE name = 'seq'").execute()
        return try Int64.fetchOne(db.cachedStatement(sql: "SELECT value FROM counter WHERE name = 'seq'")) ?? 0
    }

    static func decodeState(_ data: Data) throws -> RecordState {
        try JSONText.decode(RecordState.self, from: data)
    }

    // MARK: Push

    public func push(_ records: [WireRecord], pusher: ReplicaID, identity: Identity, now: String) async throws -> PushSummary {
        try await write { db in
            var decisions = [(WireRecord, PushDecision, previousRegion: String?, wasPurged: Bool)]()
            var refused = [RecordID]()
            var refusal: (code: String, reason: String)?
            for record in records {
                var existing: (kind: String, state: RecordState)?
                var previousRegion: String?
                var wasPurged = false
                if let row = try Row.fetchOne(
                    db.cachedStatement(sql: "SELECT kind, region, state FROM record WHERE id = ?"), arguments: [record.id.description])
                {
                    existing = (row["kind"], try Self.decodeState(row["state"]))
                    previousRegion = row["region"]
                } else if let row = try Row.fetchOne(
                    db.cachedStatement(sql: "SELECT kind, region, state FROM purged WHERE id = ?"), arguments: [record.id.description])
                {
                    existing = (
                        row["kind"],
                        TombstoneMarker.resurrectable(try Self.decodeState(row["state"]), region: row["region"], against: record.state)
                    )
                    wasPurged = true
                }
                let decision = PushDecision.decide(pushed: record, existing: existing, pusher: pusher, identity: identity)
                if case .refuse(let code, let reason) = decision {
                    refused.append(record.id)
                    if refusal == nil { refusal = (code, reason) }
                }
                decisions.append((record, decision, previousRegion, wasPurged))
            }
            if let refusal {
                throw ServerError(
                    .forbidden, refusal.code,
                    "\(refusal.reason). \(refused.count) record(s) refused; nothing of this push was stored",
                    records: refused)
            }
            var summary = PushSummary(results: [], stored: 0, conflictsOpened: 0)
            for (record, decision, previousRegion, wasPurged) in decisions {
                if case .store(let state, let region, _, _) = decision {
                    let seq = try Self.nextSeq(db)
                    if let previousRegion, previousRegion != region.rawValue {
                        let exitSeq = try Self.nextSeq(db)
                        try db.execute(
                            sql: "INSERT INTO record_exit (seq, id, region) VALUES (?, ?, ?)",
                            arguments: [exitSeq, record.id.description, previousRegion])
                    }
                    if wasPurged {
                        try db.execute(sql: "DELETE FROM purged WHERE id = ?", arguments: [record.id.description])
                    }
                    try db.cachedStatement(
                        sql: """
                            INSERT INTO record (id, kind, region, seq, is_deleted, has_conflicts, customer, state)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                            ON CONFLICT(id) DO UPDATE SET region = excluded.region, seq = excluded.seq,
                                is_deleted = excluded.is_deleted, has_conflicts = excluded.has_conflicts,
                                customer = excluded.customer, state = excluded.state
                            """
                    ).execute(
                        arguments: [
                            record.id.description, record.kind, region.rawValue, seq, state.isDeleted, state.hasConflicts,
                            state.value(of: "customer")?.stringValue, try JSONText.data(state),
                        ])
                }
                summary.note(decision, for: record.id)
            }
            return summary
        }
    }
}
