import FieldSyncAgent
import Foundation

/// When the push phase of the latest sync ended: the client reports progress after every batch
/// and once more when the push is over.
final class PhaseClock: @unchecked Sendable {
    // Safe to share: `pushEnded` and `pushWire` are only touched under `lock`.
    private let lock = NSLock()
    private var pushEnded: ContinuousClock.Instant?
    private var pushWire: (sent: Int64, received: Int64)?
    /// The agent's wire, read at the end of the push.
    let wire: WireCounter?

    init(wire: WireCounter? = nil) { self.wire = wire }

    func note(_ progress: SyncProgress) {
        guard case .pushing = progress else { return }
        let now = ContinuousClock.now
        let bytes = wire?.totals
        lock.lock()
        pushEnded = now
        pushWire = bytes
        lock.unlock()
    }

    /// The wire bytes (sent, received) at the last push report, if the latest sync made one.
    var pushBytes: (sent: Int64, received: Int64)? {
        lock.lock()
        defer { lock.unlock() }
        return pushWire
    }

    /// The last push report, if the latest sync made one.
    var pushEnd: ContinuousClock.Instant? {
        lock.lock()
        defer { lock.unlock() }
        return pushEnded
    }
}
