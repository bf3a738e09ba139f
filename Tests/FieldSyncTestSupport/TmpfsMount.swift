import Foundation

/// A small tmpfs mounted for one test: a disk that really fills up, or that really turns
/// read-only, under the real binaries. Needs root (CAP_SYS_ADMIN), as CI and this machine have.
public struct TmpfsMount: Sendable {
    public let path: String

    /// Whether this process may mount a tmpfs at all (tried once, on a throwaway folder).
    public static let available: Bool = {
        guard let probe = try? TmpfsMount(kilobytes: 64) else { return false }
        probe.unmount()
        return true
    }()

    /// Mounts a fresh tmpfs of `kilobytes` on a new temp folder.
    public init(kilobytes: Int) throws {
        path = (NSTemporaryDirectory() as NSString).appendingPathComponent(
            "fieldsync-disk-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try Self.mount(["-t", "tmpfs", "-o", "size=\(kilobytes)k,mode=0755", "tmpfs", path])
    }

    public func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    /// Remounts read-only (`true`) or read-write (`false`), keeping the files.
    public func remount(readOnly: Bool) throws {
        try Self.mount(["-o", "remount,\(readOnly ? "ro" : "rw")", path])
    }

    /// Writes a filler file until the disk is full; returns its path (remove it to free the space).
    @discardableResult
    public func fill() -> String {
        let filler = file("filler")
        FileManager.default.createFile(atPath: filler, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: filler) else { return filler }
        let chunk = Data(repeating: 0x2E, count: 4096)
        while (try? handle.write(contentsOf: chunk)) != nil {}
        try? handle.close()
        return filler
    }

    /// Fills the disk, then gives back `bytes` of it: room for a little, not for a lot.
    @discardableResult
    public func fill(leaving bytes: Int) -> String {
        let filler = fill()
        let size = (try? FileManager.default.attributesOfItem(atPath: filler)[.size] as? Int) ?? 0
        _ = truncate(filler, off_t(max(0, size - bytes)))
        return filler
    }

    public func unmount() {
        _ = try? Self.run("/bin/umount", ["-l", path])
        try? FileManager.default.removeItem(atPath: path)
    }

    private static func mount(_ arguments: [String]) throws {
        let status = try run("/bin/mount", arguments)
        guard status == 0 else {
            throw ServerProcessError(message: "mount \(arguments.joined(separator: " ")) failed with status \(status)")
        }
    }

    private static func run(_ executable: String, _ arguments: [String]) throws -> Int32 {
        let process = ChildProcess()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
