import FieldSyncShared
import Foundation
import GRDB

extension ReplicaStore {
    /// Named, append-only migrations: never edit one that has shipped, add the next.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: replica and records") { db in
            try db.create(table: "replica") { t in
                t.primaryKey("id", .integer).check { $0 == 1 }
                t.column("replica_id", .text).notNull()
                t.column("counter", .integer).notNull().check { $0 >= 0 }
                t.column("server_url", .text).notNull()
                t.column("region", .text)
                t.column("technician", .text)
                t.column("created_at", .text).notNull()
                t.column("pull_cursor", .integer).notNull().defaults(to: 0)
                t.column("last_sync_at", .text)
                t.column("confirmed_counter", .integer).notNull().defaults(to: 0)
            }
            try db.create(table: "record", options: .withoutRowID) { t in
                t.primaryKey("id", .text)
                t.column("kind", .text).notNull()
                t.column("region", .text).notNull()
                t.column("customer", .text)
                t.column("is_deleted", .boolean).notNull()
                t.column("has_conflicts", .boolean).notNull()
                t.column("state", .blob).notNull()
                t.column("dirty", .integer).notNull().defaults(to: 0)
            }
            try db.create(index: "record_kind_region", on: "record", columns: ["kind", "region"])
            try db.create(index: "record_customer", on: "record", columns: ["customer"])
            try db.execute(sql: "CREATE INDEX record_dirty ON record(dirty) WHERE dirty > 0")
            try db.execute(sql: "CREATE INDEX record_conflicts ON record(has_conflicts) WHERE has_conflicts")
        }
        migrator.registerMigration("v2: sync state") { db in
            // Why the server refused a record; it is not pushed again until it is edited.
            try db.alter(table: "record") { t in
                t.add(column: "refusal", .text)
                t.add(column: "seen_epoch", .integer).notNull().defaults(to: 0)
            }
            try db.alter(table: "replica") { t in
                t.add(column: "confirmed_at", .text)
                t.add(column: "rebaseline_epoch", .integer).notNull().defaults(to: 0)
                t.add(column: "rebaselining", .boolean).notNull().defaults(to: false)
            }
        }
        migrator.registerMigration("v3: pending records by id") { db in
            // The push pages through dirty records in id order: without this index SQLite walks the
            // primary key past every clean record, so a sync with nothing to push read them all.
            try db.execute(sql: "CREATE INDEX record_pending ON record(id) WHERE dirty > 0")
        }
        migrator.registerMigration("v4: replica numbers") { db in
            // Stored states name replicas by these numbers rather than their 32-digit ids
            // (`ReplicaNumbering`); states written before keep their ids and read as they are.
            try db.execute(
                sql: "CREATE TABLE replica_number (number INTEGER PRIMARY KEY NOT NULL, id TEXT NOT NULL UNIQUE)")
        }
        migrator.registerMigration("v5: identity") { db in
            // Which file this replica is (`FileIdentity`): a copy, a restore or a move takes a new
            // replica id before its next write. The epoch of its last sync, as the server handed it
            // (`ReplicaHandshake`) and the server timeline its cursor belongs to, and whether it is
            // sending again what a restored server lacks.
            try db.alter(table: "replica") { t in
                t.add(column: "file_identity", .text)
                t.add(column: "epoch", .text)
                t.add(column: "server_timeline", .text)
                t.add(column: "resending", .boolean).notNull().defaults(to: false)
            }
            // The ids this file wrote under before, with the counter up to which the server had
            // confirmed their writes to this copy; their later writes are re-issued (`Reissue`).
            try db.create(table: "former_identity") { t in
                t.primaryKey("replica_id", .text)
                t.column("confirmed", .integer).notNull()
                t.column("reason", .text).notNull()
                t.column("at", .text).notNull()
                t.column("reissued_at", .text)
            }
            // What happened to this replica's identity or to its server, for `fieldsync status`.
            try db.create(table: "identity_event") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("at", .text).notNull()
                t.column("kind", .text).notNull()
                t.column("old_replica", .text)
                t.column("new_replica", .text)
                t.column("count", .integer).notNull().defaults(to: 0)
                t.column("reason", .text)
            }
        }
        migrator.registerMigration("v6: search") { db in
            // `list --search`: the searchable text of each record (`RecordFilter.searchText`), and a
            // trigram index over it so a part of a word, Chinese included, is found without reading
            // every record. The record table has no rowid, so `record_search` numbers the records for
            // the index; the index is contentless (the text stays in `record` only) and triggers keep
            // it in step with every write, local or pulled.
            try db.alter(table: "record") { t in t.add(column: "search_text", .text).notNull().defaults(to: "") }
            try db.execute(sql: "CREATE TABLE record_search (n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE)")
            try db.execute(sql: "CREATE VIRTUAL TABLE record_fts USING fts5(text, content='', tokenize='trigram')")
            try indexHeldRecords(db)
            try db.execute(
                sql: """
                    CREATE TRIGGER record_search_insert AFTER INSERT ON record BEGIN
                        INSERT INTO record_search (id) VALUES (new.id);
                        INSERT INTO record_fts (rowid, text) SELECT n, new.search_text FROM record_search WHERE id = new.id;
                    END;
                    CREATE TRIGGER record_search_update AFTER UPDATE OF search_text ON record
                    WHEN old.search_text IS NOT new.search_text BEGIN
                        INSERT INTO record_fts (record_fts, rowid, text)
                            SELECT 'delete', n, old.search_text FROM record_search WHERE id = old.id;
                        INSERT INTO record_fts (rowid, text) SELECT n, new.search_text FROM record_search WHERE id = new.id;
                    END;
                    CREATE TRIGGER record_search_delete AFTER DELETE ON record BEGIN
                        INSERT INTO record_fts (record_fts, rowid, text)
                            SELECT 'delete', n, old.search_text FROM record_search WHERE id = old.id;
                        DELETE FROM record_search WHERE id = old.id;
                    END;
                    """)
        }
        migrator.registerMigration("v7: attachments", migrate: migrateAttachments)
        migrator.registerMigration("v8: attachment transfer", migrate: migrateAttachmentTransfer)
        return migrator
    }

    /// Fills the search text and the index for the records a replica held before `v6: search`.
    private static func indexHeldRecords(_ db: Database) throws {
        var numbering = ReplicaNumbering()
        for (number, id) in try numberRows(db) { numbering.add(number: number, id: id) }
        var texts = [(id: String, text: String)]()
        for row in try Row.fetchAll(db, sql: "SELECT id, kind, state FROM record") {
            let kind = RecordKind(rawValue: row["kind"])
            // A state this version cannot read is still numbered, with no text: it is found again once rewritten.
            let state = try? RecordState(encoded: row["state"] as Data, numbering: numbering)
            var text = ""
            if let kind, let state { text = RecordFilter.searchText(kind: kind, values: state.values) }
            texts.append((row["id"], text))
        }
        let setText = try db.makeStatement(sql: "UPDATE record SET search_text = ? WHERE id = ?")
        let number = try db.makeStatement(sql: "INSERT INTO record_search (id) VALUES (?)")
        let index = try db.makeStatement(sql: "INSERT INTO record_fts (rowid, text) VALUES (?, ?)")
        for (id, text) in texts {
            if !text.isEmpty { try setText.execute(arguments: [text, id]) }
            try number.execute(arguments: [id])
            try index.execute(arguments: [db.lastInsertedRowID, text])
        }
    }
}
