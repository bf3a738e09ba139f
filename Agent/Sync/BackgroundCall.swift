import Foundation

/// One blocking call run on a thread of its own, so the caller can do other work meanwhile and
/// then wait for its result: the sync client reads and encodes the next push batch while the
/// server merges the current one.
///
/// ```swift
/// let call = BackgroundCall { try transport.send(request) }
/// let next = try prepareNextBatch()
/// let response = try call.wait()
/// ```
final class BackgroundCall<Value: Sendable>: @unchecked Sendable {
    // Safe to share: `result` is written once by the thread before it signals `done`, and read
    // only after `wait()` has received that signal.
    private var result: Result<Value, any Error>?
    private let done = DispatchSemaphore(value: 0)

    init(_ body: @escaping @Sendable () throws -> Value) {
        let thread = Thread { [self] in
            result = Result { try body() }
            done.signal()
        }
        // libcurl, JSON and SQLite need more than the 512 KB some platforms give new threads.
        thread.stackSize = 4 << 20
        thread.start()
    }

    /// Waits for the call to end and returns what it returned, or throws what it threw.
    func wait() throws -> Value {
        done.wait()
        return try result!.get()
    }
}
