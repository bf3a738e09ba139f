import FieldSyncAgent
import Foundation

/// When the push phase of the latest sync ended: the client reports progress after every batch
/// and once more when the push is over.
final class PhaseClock: @unchecked Sendable {
    // Safe to share: `pushEnded` is only touched under `lock`.
    private let lock = NSLock()
    private var pushEnded: ContinuousClock.Instant?

    func note(_ progress: SyncProgress) {
        guard case .pushing = progress else { return }
        let now = ContinuousClock.now
        lock.lock()
        pushEnded = now
        lock.unlock()
    }

    /// The last push report, if the latest sync made one.
    var pushEnd: ContinuousClock.Instant? {
        lock.lock()
        defer { lock.unlock() }
        return pushEnded
    }
}
