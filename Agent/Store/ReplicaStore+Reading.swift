import FieldSyncShared
import Foundation
import GRDB

/// Reading records: by id or a unique end of one, by kind and region, for export and for status.
extension ReplicaStore {
    static func row(_ db: Database, kind: RecordKind, id: RecordID) throws -> RecordRow {
        guard let row = try RecordRow.fetchOne(db, key: id.description), row.kind == kind.rawValue else {
            throw AgentError.unknownRecord(kind: kind, id: id.description)
        }
        return row
    }

    /// Finds a record by its full id or a unique beginning or end of it (as people read ids off a table).
    public func resolveID(_ text: String, kind: RecordKind) throws -> RecordID {
        let key = text.trimmingWhitespace().lowercased()
        if let id = RecordID(key) {
            _ = try record(kind: kind, id: id)
            return id
        }
        let unknown = AgentError.unknownRecord(kind: kind, id: key)
        guard key.count >= 4, key.allSatisfy({ $0.isHexDigit || $0 == "-" }) else { throw unknown }
        let matches = try translatingErrors {
            try pool.read { db in
                try String.fetchAll(
                    db,
                    sql: "SELECT id FROM record WHERE kind = ? AND (id LIKE ? OR id LIKE ?) LIMIT 3",
                    arguments: [kind.rawValue, key + "%", "%" + key])
            }
        }
        guard let first = matches.first, let id = RecordID(first) else { throw unknown }
        if matches.count > 1 {
            throw AgentError.ambiguousID(kind: kind, key: key)
        }
        return id
    }

    public func record(kind: RecordKind, id: RecordID) throws -> StoredRecord {
        try translatingErrors {
            try pool.read { db in try StoredRecord(row: try Self.row(db, kind: kind, id: id), numbering: numbering) }
        }
    }

    /// The records of one kind (all kinds when `nil`), oldest first; deleted ones only when asked.
    public func records(kind: RecordKind?, region: Region? = nil, includeDeleted: Bool = false) throws -> [StoredRecord]
    {
        try translatingErrors {
            try pool.read { db in
                var request = RecordRow.order(RecordRow.Columns.id)
                if let kind { request = request.filter(RecordRow.Columns.kind == kind.rawValue) }
                if let region { request = request.filter(RecordRow.Columns.region == region.rawValue) }
                // A deleted record with a conflict stays visible: someone edited it meanwhile.
                if !includeDeleted {
                    request = request.filter(
                        RecordRow.Columns.isDeleted == false || RecordRow.Columns.hasConflicts == true)
                }
                return try request.fetchAll(db).map { try StoredRecord(row: $0, numbering: numbering) }
            }
        }
    }

    /// Customer names by id, for listings that show whose record it is.
    public func customerNames() throws -> [String: String] {
        try translatingErrors {
            try pool.read { db in
                var names = [String: String]()
                for row in try RecordRow.filter(RecordRow.Columns.kind == RecordKind.customer.rawValue).fetchAll(db) {
                    names[row.id] = try row.decodedState(numbering).winner(of: "name")?.value.valueOrPrevious
                        .stringValue
                }
                return names
            }
        }
    }

    /// Every record as it would travel, deleted ones included, for reports and due lists.
    public func wireRecords() throws -> [WireRecord] {
        try translatingErrors {
            try pool.read { db in
                try RecordRow.order(RecordRow.Columns.id).fetchAll(db).map { row in
                    let stored = try StoredRecord(row: row, numbering: numbering)
                    return WireRecord(id: stored.id, kind: row.kind, state: stored.state)
                }
            }
        }
    }

    /// Every record with at least one field in conflict.
    public func conflictedRecords() throws -> [StoredRecord] {
        try translatingErrors {
            try pool.read { db in
                try RecordRow.filter(RecordRow.Columns.hasConflicts == true).order(RecordRow.Columns.id)
                    .fetchAll(db).map { try StoredRecord(row: $0, numbering: numbering) }
            }
        }
    }

    /// Counts for `fieldsync status`.
    public func counts() throws -> (byKind: [String: Int], pending: Int, conflicts: Int) {
        try translatingErrors {
            try pool.read { db in
                var byKind = [String: Int]()
                for row in try Row.fetchAll(
                    db, sql: "SELECT kind, COUNT(*) AS n FROM record WHERE NOT is_deleted GROUP BY kind")
                {
                    byKind[row["kind"]] = row["n"]
                }
                let pending = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM record WHERE dirty > 0") ?? 0
                let conflicts = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM record WHERE has_conflicts") ?? 0
                return (byKind, pending, conflicts)
            }
        }
    }
}
