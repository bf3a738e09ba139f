import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A TCP relay on loopback that cuts the link every `cutEvery` bytes in a direction, at exactly
/// that byte, wherever it falls (mid-body, mid-header), and counts the bytes it relayed each way.
///
/// Unlike ``FaultProxy``, which reads a whole request before deciding its fate, this one streams:
/// a piece of an upload or a ranged download is cut part-way, which is what a link dropping on a
/// long transfer does. The counts show how much was sent in all, so a test can bound what went twice.
///
/// ```swift
/// let proxy = try CuttingProxy(upstreamPort: server.port, cutEvery: 1 << 20)
/// defer { proxy.stop() }
/// // point an agent at proxy.url, move 20 MB, then check proxy.bytesUp and proxy.cuts
/// ```
public final class CuttingProxy: @unchecked Sendable {
    // @unchecked: every `var` is read and written only while holding `lock`; `port`, `cutEvery`
    // and `upstreamPort` never change; `listener` is used by the accept thread alone, except that
    // `stop` shuts its descriptor down and closes it once that thread has ended.

    public let port: Int
    public let cutEvery: Int
    private let upstreamPort: Int
    private let listener: ProxySocket
    private let lock = NSLock()
    private var sinceCut = [0, 0]
    private var relayed = [0, 0]
    private var cutCount = 0
    private var cutting = true
    private var open = Set<Int32>()
    private var stopped = false
    private let connections = DispatchGroup()
    private let acceptLoopDone = DispatchSemaphore(value: 0)

    /// Starts a relay on a free port of 127.0.0.1 in front of the server on `upstreamPort`.
    public init(upstreamPort: Int, cutEvery: Int) throws {
        precondition(cutEvery > 0)
        self.upstreamPort = upstreamPort
        self.cutEvery = cutEvery
        listener = try ProxySocket.listen(port: 0)
        port = listener.localPort
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "cutting-proxy-accept"
        thread.start()
    }

    /// The base URL agents use to reach the server through the relay.
    public var url: String { "http://127.0.0.1:\(port)" }
    /// Bytes relayed from clients to the server.
    public var bytesUp: Int { locked { relayed[0] } }
    /// Bytes relayed from the server to clients.
    public var bytesDown: Int { locked { relayed[1] } }
    /// How many times the link was cut.
    public var cuts: Int { locked { cutCount } }

    /// Starts counting afresh (bytes and cuts), with the next cut `cutEvery` bytes away.
    public func resetCounts() {
        locked {
            sinceCut = [0, 0]
            relayed = [0, 0]
            cutCount = 0
        }
    }

    /// Stops cutting (bytes are still counted).
    public func heal() { locked { cutting = false } }

    /// Stops accepting, ends every connection still open and waits for their threads.
    public func stop() {
        let wasStopped = locked { () -> Bool in
            defer { stopped = true }
            guard !stopped else { return true }
            ProxySocket.shutdown(descriptor: listener.descriptor)
            for descriptor in open { ProxySocket.shutdown(descriptor: descriptor) }
            return false
        }
        guard !wasStopped else { return }
        acceptLoopDone.wait()
        connections.wait()
        listener.close()
    }

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    private func acceptLoop() {
        while let client = listener.accept() {
            guard let upstream = try? ProxySocket.connect(port: upstreamPort) else {
                client.close()
                continue
            }
            let accepted = locked { () -> Bool in
                guard !stopped else { return false }
                open.insert(client.descriptor)
                open.insert(upstream.descriptor)
                connections.enter()
                connections.enter()
                return true
            }
            guard accepted else {
                client.close()
                upstream.close()
                break
            }
            let pair = (client: client.descriptor, upstream: upstream.descriptor)
            client.release()
            upstream.release()
            // Both directions end together; the last one out closes the two descriptors.
            let ended = DispatchGroup()
            ended.enter()
            ended.enter()
            for direction in 0..<2 {
                let (from, to) = direction == 0 ? (pair.client, pair.upstream) : (pair.upstream, pair.client)
                let thread = Thread { [self] in
                    relay(from: from, to: to, direction: direction, pair: pair)
                    ended.leave()
                    connections.leave()
                }
                thread.name = "cutting-proxy-relay"
                thread.start()
            }
            DispatchQueue.global().async { [self] in
                ended.wait()
                locked {
                    open.remove(pair.client)
                    open.remove(pair.upstream)
                    _ = close(pair.client)
                    _ = close(pair.upstream)
                }
            }
        }
        acceptLoopDone.signal()
    }

    /// Copies `from` to `to` until either ends or the budget of the direction runs out.
    private func relay(from: Int32, to: Int32, direction: Int, pair: (client: Int32, upstream: Int32)) {
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        defer {
            ProxySocket.shutdown(descriptor: pair.client)
            ProxySocket.shutdown(descriptor: pair.upstream)
        }
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(from, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return }
            let (allowed, cut) = locked { () -> (Int, Bool) in
                guard cutting else {
                    relayed[direction] += count
                    return (count, false)
                }
                let allowed = min(count, cutEvery - sinceCut[direction])
                sinceCut[direction] += allowed
                relayed[direction] += allowed
                guard sinceCut[direction] == cutEvery else { return (allowed, false) }
                sinceCut[direction] = 0
                cutCount += 1
                return (allowed, true)
            }
            guard sendAll(to, buffer, allowed) else { return }
            if cut { return }
        }
    }

    private func sendAll(_ descriptor: Int32, _ bytes: [UInt8], _ count: Int) -> Bool {
        var sent = 0
        while sent < count {
            #if canImport(Glibc)
                let flags = Int32(MSG_NOSIGNAL)
            #else
                let flags: Int32 = 0
            #endif
            let written = bytes.withUnsafeBytes { send(descriptor, $0.baseAddress! + sent, count - sent, flags) }
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            sent += written
        }
        return true
    }
}
