import Foundation

/// Which file a database is: its inode and its full path, as `INODE@PATH`.
///
/// A copy of the file (a new laptop, a restore from a backup, a cloned disk image) is another
/// inode or another path, while the file itself carries the same contents: a replica notices and
/// takes a new id before its next write, so two copies never write under one id; the server's
/// store notices it was put back from a copy and starts a new timeline. The device number is
/// left out: it can change between boots (a disk found in another order) for the very same file.
/// A copy put back over the file in place (the same inode and path) or a rolled-back snapshot is
/// not seen here; the other end sees those at the next sync.
public enum FileIdentity {
    /// The identity of the file at `path`, or `nil` if it cannot be read (the file is missing).
    public static func of(path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        var resolved = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let full = realpath(path, &resolved).map { _ in String(cString: resolved) } ?? path
        return "\(info.st_ino)@\(full)"
    }
}
