import Foundation

/// Runs blocking work (the agent's syncs, SQLite, a child process) on threads of its own, so it
/// never holds the cooperative threads the in-process server's requests run on.
enum Threads {
    /// `body` on a new thread.
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await all(count: 1) { _ in try body() }[0]
    }

    /// `body(0)` … `body(count - 1)`, each on its own thread, released together once all exist.
    /// Every call runs to its end; the first error (by index) is thrown after all are done.
    static func all<T: Sendable>(count: Int, _ body: @escaping @Sendable (Int) throws -> T) async throws -> [T] {
        guard count > 0 else { return [] }
        let results = ResultSlots<T>(count: count)
        let start = DispatchSemaphore(value: 0)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            results.onComplete = { continuation.resume() }
            for index in 0..<count {
                let thread = Thread {
                    start.wait()
                    let result = Result { try body(index) }
                    results.set(index, result)
                }
                thread.stackSize = 8 << 20
                thread.start()
            }
            for _ in 0..<count { start.signal() }
        }
        return try results.values()
    }
}

/// One result per thread; calls `onComplete` when the last arrives.
private final class ResultSlots<T: Sendable>: @unchecked Sendable {
    // Safe to share: `slots`, `remaining` and `onComplete` are only touched under `lock`, and
    // `onComplete` is set before any thread starts.
    private let lock = NSLock()
    private var slots: [Result<T, any Error>?]
    private var remaining: Int
    var onComplete: (@Sendable () -> Void)?

    init(count: Int) {
        slots = Array(repeating: nil, count: count)
        remaining = count
    }

    func set(_ index: Int, _ result: Result<T, any Error>) {
        lock.lock()
        slots[index] = result
        remaining -= 1
        let done = remaining == 0
        let complete = onComplete
        lock.unlock()
        if done { complete?() }
    }

    func values() throws -> [T] {
        lock.lock()
        defer { lock.unlock() }
        return try slots.map { try $0!.get() }
    }
}
