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
            try db.execute(sql: "CREATE TABLE replica_number (number INTEGER PRIMARY KEY NOT NULL, id TEXT NOT NULL UNIQUE)")
        }
        return migrator
    }
}
