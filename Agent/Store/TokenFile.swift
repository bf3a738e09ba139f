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
            throw AgentError(
                .tokenFile,
                Message(
                    "cannot create the token file \(path); check the folder's permissions",
                    zh: "无法创建令牌文件 \(path)，请检查目录权限"))
        }
        defer { close(descriptor) }
        let bytes = Array((token + "\n").utf8)
        guard bytes.withUnsafeBytes({ Glibc.write(descriptor, $0.baseAddress, $0.count) }) == bytes.count else {
            throw AgentError(.tokenFile, Message("cannot write the token file \(path)", zh: "无法写入令牌文件 \(path)"))
        }
    }

    /// Reads the token, refusing a file that others could read.
    public func read() throws -> String {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw AgentError(
                .tokenFile,
                Message(
                    "no token file at \(path); run `fieldsync init` again with --token",
                    zh: "找不到令牌文件 \(path)；请重新运行 `fieldsync init --token`"))
        }
        guard info.st_mode & 0o077 == 0 else {
            throw AgentError(
                .tokenFile,
                Message(
                    "the token file \(path) can be read by others; run `chmod 600 \(path)` and try again",
                    zh: "令牌文件 \(path) 可被他人读取；请运行 `chmod 600 \(path)` 后重试"))
        }
        guard let contents = FileManager.default.contents(atPath: path),
            let text = String(data: contents, encoding: .utf8)?.trimmingWhitespace(), !text.isEmpty
        else {
            throw AgentError(.tokenFile, Message("the token file \(path) is empty", zh: "令牌文件 \(path) 为空"))
        }
        return text
    }
}
