import FieldSyncShared
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The sync token, in a file beside the replica that only its owner can read.
public struct TokenFile: Sendable {
    public let path: String

    /// The token file that goes with the replica at `databasePath`.
    public init(databasePath: String) { path = databasePath + ".token" }

    /// Writes the token with mode 0600 from the first byte, so it is never readable by others.
    public func write(_ token: String) throws {
        unlink(path)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw AgentError.tokenFileNotCreated(path: path)
        }
        defer { close(descriptor) }
        let bytes = Array((token + "\n").utf8)
        guard bytes.withUnsafeBytes({ Glibc.write(descriptor, $0.baseAddress, $0.count) }) == bytes.count else {
            throw AgentError.tokenFileNotWritten(path: path)
        }
    }

    /// Reads the token, refusing a file that others could read.
    public func read() throws -> String {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw AgentError.noTokenFile(path: path)
        }
        guard info.st_mode & 0o077 == 0 else {
            throw AgentError.tokenFileReadableByOthers(path: path)
        }
        guard let contents = FileManager.default.contents(atPath: path),
            let text = String(data: contents, encoding: .utf8)?.trimmingWhitespace(), !text.isEmpty
        else {
            throw AgentError.tokenFileEmpty(path: path)
        }
        return text
    }
}
