import Foundation

/// Bytes that crossed the wire: request bodies sent and response bodies received as they
/// travelled (compressed, when the server compressed them).
final class WireCounter: @unchecked Sendable {
    // Safe to share: every access to the two totals holds `lock`.
    private let lock = NSLock()
    private var sentBytes: Int64 = 0
    private var receivedBytes: Int64 = 0

    func add(sent: Int64, received: Int64) {
        lock.lock()
        sentBytes += sent
        receivedBytes += received
        lock.unlock()
    }

    var totals: (sent: Int64, received: Int64) {
        lock.lock()
        defer { lock.unlock() }
        return (sentBytes, receivedBytes)
    }
}
