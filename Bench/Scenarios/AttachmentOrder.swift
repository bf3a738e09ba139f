import FieldSyncAgent
import Foundation

/// Whether a sync sent every record, acknowledged, before the first byte of an attachment:
/// the records of a technician's day must never wait behind 90 MB of photos.
enum AttachmentOrder: Equatable, Sendable {
    /// Every record was acknowledged (none pending) before the first piece of bytes went up.
    case recordsFirst
    /// The first piece went up while `pending` records still waited, or before the last ack.
    case bytesFirst(pending: Int)
    /// No piece went up at all.
    case noUpload
    /// No push was acknowledged: there is nothing to order.
    case noAck

    /// Judges the order from what the transport saw: when the last push was acknowledged, when
    /// the first piece was sent, and how many records the replica still had pending then.
    static func judge(
        lastAck: ContinuousClock.Instant?, firstPut: ContinuousClock.Instant?, pendingAtFirstPut: Int?
    ) -> AttachmentOrder {
        guard let firstPut else { return .noUpload }
        guard let lastAck else { return .noAck }
        let pending = pendingAtFirstPut ?? 0
        return lastAck < firstPut && pending == 0 ? .recordsFirst : .bytesFirst(pending: pending)
    }

    /// How fast moving `bytes` took `seconds` beside a raw copy of them taking `rawSeconds`, as
    /// a share of the raw copy's speed; `nil` when either took no measurable time.
    static func shareOfRawCopy(seconds: Double, rawSeconds: Double) -> Double? {
        guard seconds > 0, rawSeconds > 0 else { return nil }
        return rawSeconds / seconds
    }
}

/// The agent's transport, noting when the last push was acknowledged and when the first piece
/// of attachment bytes went up (and how many records the replica then still had pending).
struct OrderingTransport: HTTPTransport {
    let inner: any HTTPTransport
    let probe: OrderingProbe

    func send(_ request: HTTPRequest, progress: (@Sendable (TransferProgress) -> Void)?) throws(TransportError)
        -> HTTPResponse
    {
        if request.method == "PUT", request.url.contains("/content?offset=") { probe.putting() }
        let response = try inner.send(request, progress: progress)
        if request.method == "POST", request.url.hasSuffix("/v1/push"), response.status == 200 { probe.acknowledged() }
        return response
    }
}

/// What `OrderingTransport` saw.
final class OrderingProbe: @unchecked Sendable {
    // Safe to share: every member is touched only under `lock`.
    private let lock = NSLock()
    private var lastAck: ContinuousClock.Instant?
    private var firstPut: ContinuousClock.Instant?
    private var pendingAtFirstPut: Int?
    /// Counts the records the replica still has to push, read when the first piece goes up.
    let pending: @Sendable () -> Int

    init(pending: @escaping @Sendable () -> Int) { self.pending = pending }

    func acknowledged() {
        let now = ContinuousClock.now
        lock.lock()
        lastAck = now
        lock.unlock()
    }

    func putting() {
        lock.lock()
        let first = firstPut == nil
        lock.unlock()
        guard first else { return }
        let waiting = pending()
        let now = ContinuousClock.now
        lock.lock()
        if firstPut == nil {
            firstPut = now
            pendingAtFirstPut = waiting
        }
        lock.unlock()
    }

    var order: AttachmentOrder {
        lock.lock()
        defer { lock.unlock() }
        return AttachmentOrder.judge(lastAck: lastAck, firstPut: firstPut, pendingAtFirstPut: pendingAtFirstPut)
    }

    /// Seconds from the last acknowledgement to the first piece, if both happened.
    var gapSeconds: Double? {
        lock.lock()
        defer { lock.unlock() }
        guard let lastAck, let firstPut else { return nil }
        return (firstPut - lastAck) / .seconds(1)
    }
}
