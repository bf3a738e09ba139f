/// Failed sign-ins per client within a sliding window: a pure state machine, so guessing
/// tokens is slow. `FailedSignInLimiter` owns one and reads the clock.
///
/// ```swift
/// var window = FailedSignIns(limit: 3, window: 60)
/// window.recordFailure(client: "10.0.0.7", at: 0)      // …three times
/// window.isBlocked(client: "10.0.0.7", at: 10)         // true until second 60
/// ```
public struct FailedSignIns: Sendable {
    public let limit: Int
    /// Seconds a window lasts from its first failure.
    public let window: Double
    private var entries: [String: (start: Double, count: Int)] = [:]

    public init(limit: Int = 10, window: Double = 60) {
        self.limit = limit
        self.window = window
    }

    /// Whether `client` has used up its failures for the current window at time `now` (seconds).
    public func isBlocked(client: String, at now: Double) -> Bool {
        guard let entry = entries[client], now - entry.start < window else { return false }
        return entry.count >= limit
    }

    public mutating func recordFailure(client: String, at now: Double) {
        if let entry = entries[client], now - entry.start < window {
            entries[client] = (entry.start, entry.count + 1)
        } else {
            entries[client] = (now, 1)
        }
        // Keep memory bounded under a flood of distinct clients.
        if entries.count > 10_000 { entries = entries.filter { now - $0.value.start < window } }
    }
}

/// The server's one shared count of failed sign-ins (an actor: every request task touches it).
public actor FailedSignInLimiter {
    private var state: FailedSignIns
    private let start = ContinuousClock.now

    public init(limit: Int = 10, window: Double = 60) { state = FailedSignIns(limit: limit, window: window) }

    private var now: Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    public func isBlocked(_ client: String) -> Bool { state.isBlocked(client: client, at: now) }

    public func recordFailure(_ client: String) { state.recordFailure(client: client, at: now) }
}
