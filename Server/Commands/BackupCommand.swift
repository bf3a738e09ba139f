import ArgumentParser
import FieldSyncShared
import Foundation

/// `fieldsync-server backup --output FILE`: a consistent copy of the embedded store, taken while
/// the server runs.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the embedded SQLite store to a file while the server keeps running.",
        discussion: """
            The copy is consistent (SQLite's VACUUM INTO, on a read connection of its own: syncs go on \
            meanwhile) and marked as a backup. To restore, stop the server, put the copy in place of \
            the store file (delete the old -wal and -shm files beside it) and start the server: it \
            says it was restored, and every replica that synced after the backup notices at its \
            next sync that the server lacks what it once confirmed, sends it again and pulls again. \
            Nobody needs to do anything on the laptops.

            On PostgreSQL (--database), back up with pg_dump, or a base backup with point-in-time \
            recovery; see the README's "Backups and restores". Replicas detect a restore the same way.
            """)

    @OptionGroup var store: StoreOptions
    @Option(help: ArgumentHelp("The new file to write the copy to (must not exist).", valueName: "file")) var output:
        String
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        if try store.postgresLocation() != nil {
            throw ValidationErrorLine(
                "backup copies the embedded SQLite store; on PostgreSQL use pg_dump -Fc (see the README's \"Backups and restores\")"
            )
        }
        // Opening the store first migrates it, so the copy carries the backup marker's table.
        _ = try store.open()
        let report: SQLiteServerStore.BackupReport
        do {
            report = try SQLiteServerStore.backup(from: store.path, to: output)
        } catch let error as ServerError {
            throw ValidationErrorLine(error.message)
        }
        if json {
            print(
                JSONText.encode([
                    "path": JSONValue.string(report.path), "bytes": .int(report.bytes),
                    "seconds": .double(report.seconds),
                ]))
        } else {
            let megabytes = Double(report.bytes) / 1_048_576
            print(
                "backed up \(store.path) to \(report.path): \(String(format: "%.1f", megabytes)) MB in \(String(format: "%.2f", report.seconds)) s"
            )
        }
    }
}
