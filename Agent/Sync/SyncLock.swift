import FieldSyncShared
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One sync of a replica at a time (a nightly timer and a person's `fieldsync sync` may meet):
/// an exclusive `flock` on `DATABASE.sync-lock`, released when the sync ends or its process dies.
///
/// Two syncs of one file at once would each get an epoch from the server, and the second would
/// make the first look like another copy of the file.
struct SyncLock {
    private let descriptor: Int32

    init(databasePath: String) throws {
        let path = databasePath + ".sync-lock"
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        // A folder that cannot hold the lock file cannot hold the replica's writes either; the
        // sync then fails where it writes, with the store's own message.
        guard descriptor >= 0 else { return }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            close(descriptor)
            throw AgentError.syncRunning(databasePath: databasePath)
        }
    }

    func release() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
