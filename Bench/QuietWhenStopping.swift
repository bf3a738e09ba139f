import Foundation
import Logging

/// Set once the server is being stopped.
final class StopFlag: @unchecked Sendable {
    // Safe to share: `value` is only touched under `lock`.
    private let lock = NSLock()
    private var value = false

    func set() {
        lock.lock()
        value = true
        lock.unlock()
    }

    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}

/// A log handler that passes messages on until the server is stopping, then drops them.
struct QuietWhenStopping: LogHandler {
    var inner: any LogHandler
    let stopping: StopFlag

    var logLevel: Logger.Level {
        get { inner.logLevel }
        set { inner.logLevel = newValue }
    }

    var metadata: Logger.Metadata {
        get { inner.metadata }
        set { inner.metadata = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { inner[metadataKey: key] }
        set { inner[metadataKey: key] = newValue }
    }

    func log(event: LogEvent) {
        guard !stopping.isSet else { return }
        inner.log(event: event)
    }
}
