import FieldSyncShared
import Foundation
import GRDB

/// One row of the `record` table: the encoded state plus the typed columns that
/// listings and scope checks query, kept in step with the state in every write.
struct RecordRow: Codable, FetchableRecord, PersistableRecord, Sendable {
    static let databaseTableName = "record"

    var id: String
    var kind: String
    var region: String
    var customer: String?
    var isDeleted: Bool
    var hasConflicts: Bool
    /// The compact JSON of the record state.
    var state: Data
    /// The replica counter of the last local change not yet acknowledged by the server; 0 when clean.
    var dirty: Int64
    /// Why the server refused the last push of this record; cleared by the next local change.
    var refusal: String?
    /// The rebaseline pass that last saw this record come from the server.
    var seenEpoch: Int64 = 0
    /// What `list --search` looks in (`RecordFilter.searchText`); triggers keep the search
    /// index (`record_fts`) in step with it on every insert, update and delete.
    var searchText: String = ""

    enum CodingKeys: String, CodingKey {
        case id, kind, region, customer, state, dirty, refusal
        case seenEpoch = "seen_epoch"
        case searchText = "search_text"
        case isDeleted = "is_deleted"
        case hasConflicts = "has_conflicts"
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let kind = Column(CodingKeys.kind)
        static let region = Column(CodingKeys.region)
        static let customer = Column(CodingKeys.customer)
        static let isDeleted = Column(CodingKeys.isDeleted)
        static let hasConflicts = Column(CodingKeys.hasConflicts)
        static let dirty = Column(CodingKeys.dirty)
        static let refusal = Column(CodingKeys.refusal)
    }

    init(
        id: RecordID, kind: String, state: RecordState, dirty: Int64, seenEpoch: Int64 = 0, numbering: ReplicaNumbering
    ) throws {
        self.seenEpoch = seenEpoch
        self.id = id.description
        self.kind = kind
        self.region =
            state.value(of: "region")?.stringValue ?? state.winner(of: "region")?.value.valueOrPrevious.stringValue
            ?? ""
        self.customer = kind == RecordKind.customer.rawValue ? nil : state.value(of: "customer")?.stringValue
        self.isDeleted = state.isDeleted
        self.hasConflicts = state.hasConflicts
        self.state = try state.encoded(numbering: numbering)
        self.dirty = dirty
        self.searchText =
            RecordKind(rawValue: kind).map { RecordFilter.searchText(kind: $0, values: state.values) } ?? ""
    }

    /// Reads the row column by column: a pull reads one row per record, and `Codable`'s row
    /// decoder costs several times more.
    init(row: Row) throws {
        id = row[CodingKeys.id.rawValue]
        kind = row[CodingKeys.kind.rawValue]
        region = row[CodingKeys.region.rawValue]
        customer = row[CodingKeys.customer.rawValue]
        isDeleted = row[CodingKeys.isDeleted.rawValue]
        hasConflicts = row[CodingKeys.hasConflicts.rawValue]
        state = row[CodingKeys.state.rawValue]
        dirty = row[CodingKeys.dirty.rawValue]
        refusal = row[CodingKeys.refusal.rawValue]
        seenEpoch = row[CodingKeys.seenEpoch.rawValue]
        searchText = row[CodingKeys.searchText.rawValue] ?? ""
    }

    /// Writes the row column by column, for the same reason.
    func encode(to container: inout PersistenceContainer) {
        container[CodingKeys.id.rawValue] = id
        container[CodingKeys.kind.rawValue] = kind
        container[CodingKeys.region.rawValue] = region
        container[CodingKeys.customer.rawValue] = customer
        container[CodingKeys.isDeleted.rawValue] = isDeleted
        container[CodingKeys.hasConflicts.rawValue] = hasConflicts
        container[CodingKeys.state.rawValue] = state
        container[CodingKeys.dirty.rawValue] = dirty
        container[CodingKeys.refusal.rawValue] = refusal
        container[CodingKeys.seenEpoch.rawValue] = seenEpoch
        container[CodingKeys.searchText.rawValue] = searchText
    }

    /// Inserts the row through a statement prepared once per connection: a pull inserts one row per record.
    func insertPrepared(_ db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO record (id, kind, region, customer, is_deleted, has_conflicts, state, dirty, refusal, seen_epoch,
                    search_text)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            id, kind, region, customer, isDeleted, hasConflicts, state, dirty, refusal, seenEpoch, searchText,
        ])
    }

    /// Updates the row through a statement prepared once per connection.
    func updatePrepared(_ db: Database) throws {
        try db.cachedStatement(
            sql: """
                UPDATE record SET kind = ?, region = ?, customer = ?, is_deleted = ?, has_conflicts = ?, state = ?, dirty = ?,
                    refusal = ?, seen_epoch = ?, search_text = ?
                WHERE id = ?
                """
        ).execute(arguments: [
            kind, region, customer, isDeleted, hasConflicts, state, dirty, refusal, seenEpoch, searchText, id,
        ])
    }

    /// The rows of these records, by id: a statement per 500 ids rather than one per id.
    static func fetchAll(_ db: Database, ids: [String]) throws -> [String: RecordRow] {
        var rows = [String: RecordRow]()
        var start = 0
        while start < ids.count {
            let chunk = Array(ids[start..<min(ids.count, start + 500)])
            start += chunk.count
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
            for row in try RecordRow.fetchAll(
                db, sql: "SELECT * FROM record WHERE id IN (\(marks))", arguments: StatementArguments(chunk))
            {
                rows[row.id] = row
            }
        }
        return rows
    }

    /// The row of record `id`, through a statement prepared once per connection.
    static func fetch(_ db: Database, id: String) throws -> RecordRow? {
        try fetchOne(db.cachedStatement(sql: "SELECT * FROM record WHERE id = ?"), arguments: [id])
    }

    /// The stored state, read with the replica's numbering. `UnknownReplicaNumber` (another
    /// process numbered a replica since this one read the table) passes through: the store
    /// reads the table again and runs the operation again.
    func decodedState(_ numbering: ReplicaNumbering) throws -> RecordState {
        do {
            return try RecordState(encoded: state, numbering: numbering)
        } catch let error as UnknownReplicaNumber {
            throw error
        } catch {
            throw AgentError.damagedRecord(id: id.description)
        }
    }
}

/// A record as the agent hands it to its commands.
public struct StoredRecord: Sendable, Hashable {
    public let id: RecordID
    /// `nil` for a kind this version does not know (kept and passed on, never shown).
    public let kind: RecordKind?
    public let kindName: String
    public let state: RecordState
    /// Whether the record holds local changes the server has not acknowledged.
    public let isDirty: Bool
    /// Why the server refused this record's last push, if it did.
    public let refusal: String?

    init(row: RecordRow, numbering: ReplicaNumbering) throws {
        self.refusal = row.refusal
        guard let id = RecordID(row.id) else {
            throw AgentError.damagedRecordID()
        }
        self.id = id
        self.kind = RecordKind(rawValue: row.kind)
        self.kindName = row.kind
        self.state = try row.decodedState(numbering)
        self.isDirty = row.dirty > 0
    }
}
