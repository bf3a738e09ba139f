import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A child process started with `posix_spawn`, with the part of `Foundation.Process`'s interface
/// the tests use.
///
/// Why not `Process`: on Linux its `run()` lists `/proc/self/fd` to find the descriptors to close
/// in the child, copying each entry's whole 256-byte name, and it crashed a CI run of this suite
/// (which starts thousands of processes from many threads) with a bad pointer inside that copy
/// (swift-corelibs-foundation PR #5472). Here the child closes every descriptor above 2 with
/// `posix_spawn_file_actions_addclosefrom_np`, and its signal mask and dispositions are reset,
/// so a server started from a test thread still stops gracefully on SIGTERM.
public final class ChildProcess: @unchecked Sendable {
    // @unchecked: the launch properties are set before `run()` by one thread; the exit status is
    // guarded by `lock`.
    public var executableURL: URL?
    public var arguments: [String]?
    /// The child's environment; `nil`: this process's.
    public var environment: [String: String]?
    public var currentDirectoryURL: URL?
    /// `Pipe`, `FileHandle`, or `nil` for /dev/null.
    public var standardInput: Any?
    public var standardOutput: Any?
    public var standardError: Any?

    public private(set) var processIdentifier: pid_t = 0
    private let lock = NSLock()
    private var status: Int32?

    public init() {}

    // GNU extensions Swift's Glibc module does not declare (they need _GNU_SOURCE): looked up once.
    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private typealias AddChangeDirectory =
        @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    private static let addCloseFrom: AddCloseFrom? = symbol("posix_spawn_file_actions_addclosefrom_np")
    private static let addChangeDirectory: AddChangeDirectory? = symbol("posix_spawn_file_actions_addchdir_np")

    private static func symbol<T>(_ name: String) -> T? {
        guard let address = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
        return unsafeBitCast(address, to: T.self)
    }

    public func run() throws {
        guard let path = executableURL?.path else { throw ChildProcessError("no executable to run") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (target, channel, reading) in [
            (Int32(0), standardInput, true), (1, standardOutput, false), (2, standardError, false),
        ] {
            if let descriptor = Self.descriptor(channel, childReads: reading) {
                posix_spawn_file_actions_adddup2(&actions, descriptor, target)
            } else {
                posix_spawn_file_actions_addopen(&actions, target, "/dev/null", reading ? O_RDONLY : O_WRONLY, 0)
            }
        }
        guard let closeFrom = Self.addCloseFrom, closeFrom(&actions, 3) == 0 else {
            throw ChildProcessError(
                "this C library has no posix_spawn_file_actions_addclosefrom_np (glibc 2.34 or later has it)")
        }
        if let directory = currentDirectoryURL?.path {
            guard let changeDirectory = Self.addChangeDirectory, changeDirectory(&actions, directory) == 0 else {
                throw ChildProcessError("cannot start \(path) in \(directory)")
            }
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = [path] + (arguments ?? [])
        let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        let cArguments = argv.map { strdup($0) } + [nil]
        let cEnvironment = env.map { strdup($0) } + [nil]
        defer {
            cArguments.forEach { free($0) }
            cEnvironment.forEach { free($0) }
        }
        var pid = pid_t()
        let result = posix_spawn(&pid, path, &actions, &attributes, cArguments, cEnvironment)
        guard result == 0 else { throw ChildProcessError("cannot start \(path): \(String(cString: strerror(result)))") }
        processIdentifier = pid
        // The child holds its ends of the pipes now; the parent's copies would keep them open.
        if let pipe = standardInput as? Pipe { try? pipe.fileHandleForReading.close() }
        if let pipe = standardOutput as? Pipe { try? pipe.fileHandleForWriting.close() }
        if let pipe = standardError as? Pipe { try? pipe.fileHandleForWriting.close() }
    }

    private static func descriptor(_ channel: Any?, childReads: Bool) -> Int32? {
        let descriptor: Int32? =
            switch channel {
            case let pipe as Pipe:
                childReads ? pipe.fileHandleForReading.fileDescriptor : pipe.fileHandleForWriting.fileDescriptor
            case let handle as FileHandle: handle.fileDescriptor
            default: nil
            }
        // `FileHandle.nullDevice` has no descriptor of its own (-1): the child opens /dev/null.
        return descriptor.flatMap { $0 >= 0 ? $0 : nil }
    }

    /// Waits for the child to end and reaps it.
    public func waitUntilExit() {
        lock.lock()
        defer { lock.unlock() }
        guard status == nil, processIdentifier > 0 else { return }
        var raw: Int32 = 0
        while waitpid(processIdentifier, &raw, 0) == -1 && errno == EINTR {}
        status = raw
    }

    public var isRunning: Bool {
        lock.lock()
        defer { lock.unlock() }
        guard status == nil, processIdentifier > 0 else { return false }
        var raw: Int32 = 0
        if waitpid(processIdentifier, &raw, WNOHANG) == processIdentifier {
            status = raw
            return false
        }
        return true
    }

    /// The exit code, or the number of the signal that ended the child (as `Process` reports it).
    public var terminationStatus: Int32 {
        lock.lock()
        defer { lock.unlock() }
        guard let status else { return -1 }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : signal
    }

    /// SIGTERM.
    public func terminate() {
        if processIdentifier > 0 { kill(processIdentifier, SIGTERM) }
    }
}

public struct ChildProcessError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
