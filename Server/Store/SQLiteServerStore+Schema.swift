import GRDB

extension SQLiteServerStore {
    /// Named, append-only migrations of the server's SQLite schema.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: records, change log, tokens, replicas") { db in
            // The latest place of each record in the change log *is* the change log:
            // nothing grows with the number of edits.
            try db.execute(
                sql: """
                    CREATE TABLE record (
                        id TEXT PRIMARY KEY NOT NULL,
                        kind TEXT NOT NULL,
                        region TEXT NOT NULL,
                        seq INTEGER NOT NULL UNIQUE,
                        is_deleted BOOLEAN NOT NULL,
                        has_conflicts BOOLEAN NOT NULL,
                        customer TEXT,
                        state BLOB NOT NULL
                    ) WITHOUT ROWID;
                    CREATE INDEX record_region_seq ON record(region, seq);
                    CREATE INDEX record_tombstones ON record(region, seq) WHERE is_deleted AND NOT has_conflicts;
                    -- A record that moved to another region leaves an exit in the old one's log.
                    CREATE TABLE record_exit (
                        seq INTEGER PRIMARY KEY NOT NULL,
                        id TEXT NOT NULL,
                        region TEXT NOT NULL
                    );
                    CREATE INDEX record_exit_region_seq ON record_exit(region, seq);
                    -- What is left of a purged tombstone: enough to recognise a late edit as a conflict.
                    CREATE TABLE purged (
                        id TEXT PRIMARY KEY NOT NULL,
                        kind TEXT NOT NULL,
                        region TEXT NOT NULL,
                        seq INTEGER NOT NULL,
                        -- Which purge removed it: replicas that started their pull from 0 after it never held it.
                        generation INTEGER NOT NULL,
                        state BLOB NOT NULL
                    ) WITHOUT ROWID;
                    CREATE INDEX purged_region_seq ON purged(region, seq);
                    CREATE TABLE token (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        name TEXT NOT NULL,
                        role TEXT NOT NULL CHECK (role IN ('technician', 'office', 'hq', 'admin')),
                        region TEXT,
                        hash TEXT NOT NULL UNIQUE,
                        created_at TEXT NOT NULL,
                        revoked_at TEXT,
                        CHECK ((role IN ('technician', 'office')) = (region IS NOT NULL))
                    );
                    CREATE TABLE replica (
                        id TEXT PRIMARY KEY NOT NULL,
                        token_id INTEGER NOT NULL REFERENCES token(id),
                        first_seen TEXT NOT NULL,
                        last_sync TEXT,
                        cursor INTEGER NOT NULL DEFAULT 0,
                        -- The purge generation when this replica last pulled from 0.
                        baseline_generation INTEGER NOT NULL DEFAULT 0,
                        retired_at TEXT
                    );
                    CREATE TABLE counter (
                        name TEXT PRIMARY KEY NOT NULL,
                        value INTEGER NOT NULL
                    );
                    INSERT INTO counter (name, value) VALUES ('seq', 0);
                    INSERT INTO counter (name, value) VALUES ('purge_generation', 0);
                    """)
        }
        migrator.registerMigration("v2: replica numbers") { db in
            // Stored states name replicas by these numbers rather than their 32-digit ids
            // (`ReplicaNumbering`); states written before keep their ids and read as they are.
            try db.execute(
                sql: """
                    CREATE TABLE replica_number (
                        number INTEGER PRIMARY KEY NOT NULL,
                        id TEXT NOT NULL UNIQUE
                    );
                    """)
        }
        migrator.registerMigration("v3: replica epochs and restores") { db in
            // What the server remembers of each replica's syncs (`ReplicaHandshake`): the epoch it
            // showed last, the one handed at its last hello, the highest counter it showed or
            // pushed, whether it is sending again what a restore lost, the ids its file wrote under
            // before it took this one, and the server's timeline at its last hello.
            try db.execute(
                sql: """
                    ALTER TABLE replica ADD COLUMN epoch TEXT;
                    ALTER TABLE replica ADD COLUMN pending_epoch TEXT;
                    ALTER TABLE replica ADD COLUMN mark INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE replica ADD COLUMN resending BOOLEAN NOT NULL DEFAULT 0;
                    ALTER TABLE replica ADD COLUMN former TEXT;
                    ALTER TABLE replica ADD COLUMN timeline TEXT;
                    INSERT INTO counter (name, value) VALUES ('epoch', 0);
                    -- The server's timelines: a new one each time it learns it was restored from a backup.
                    CREATE TABLE timeline (
                        number INTEGER PRIMARY KEY,
                        id TEXT NOT NULL UNIQUE,
                        started_at TEXT NOT NULL,
                        reason TEXT NOT NULL
                    );
                    INSERT INTO timeline (id, started_at, reason)
                        VALUES (lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'the store began');
                    -- Which file the store is (FileIdentity): a copy put in its place is a restore.
                    CREATE TABLE store_identity (name TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
                    -- A row only in a copy `fieldsync-server backup` made: put back in place, the store says so.
                    CREATE TABLE backup_marker (taken_at TEXT NOT NULL);
                    """)
        }
        migrator.registerMigration("v4: no echo") { db in
            // The replica whose push a record's change-log entry is exactly (`Echo`), by its number
            // in `replica_number`; NULL when the stored state is anything else. A pull asking
            // `echo=false` passes over that replica's own entries.
            try db.execute(sql: "ALTER TABLE record ADD COLUMN pushed_by INTEGER")
        }
        migrator.registerMigration("v5: attachments", migrate: migrateAttachments)
        return migrator
    }
}
