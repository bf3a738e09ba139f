import FieldSyncTestSupport
import PostgresTestSupport

/// Runs `body` with the store options of a fresh server store of `backend` (`--db FILE` in
/// `directory`, or `--database URL` of a new PostgreSQL database, dropped afterwards).
func withServerStore<Value: Sendable>(
    _ backend: StorageBackend, in directory: TemporaryDirectory, _ body: ([String]) async throws -> Value
) async throws -> Value {
    switch backend {
    case .sqlite:
        return try await body(["--db", directory.file("server.sqlite")])
    case .postgres:
        return try await TestDatabase.with { database in try await body(["--database", database.url]) }
    }
}
