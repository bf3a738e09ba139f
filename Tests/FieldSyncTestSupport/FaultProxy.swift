import FieldSyncShared
import Foundation

/// A fault-injecting HTTP/1.1 proxy on loopback, for putting a bad network between agents and
/// the server.
///
/// Every request the proxy reads draws a ``Fault`` from a seeded ``Schedule``: it is passed on,
/// delayed, dropped or reset before or after the server saw it, sent to the server twice, or
/// answered with a truncated response. The proxy uses one upstream connection per request and
/// answers each client connection once, with `Connection: close`. What it injected is counted
/// and logged, so a test can check that each fault really happened.
///
/// ```swift
/// let proxy = try FaultProxy(upstreamPort: server.port, schedule: .everyFault(seed: 7, probability: 0.05))
/// defer { proxy.stop() }
/// // point agents at proxy.url; later:
/// proxy.heal()
/// #expect(FaultProxy.Fault.allCases.allSatisfy { proxy.count(of: $0) > 0 })
/// ```
public final class FaultProxy: @unchecked Sendable {
    // @unchecked: every `var` is read and written only while holding `lock`; `port` and
    // `upstreamPort` never change; the group, semaphore and lock are thread-safe; `listener`
    // (not Sendable) is used by the accept thread alone, except that `stop` shuts its immutable
    // descriptor down and closes it once that thread has ended.

    /// What the proxy does to one request.
    public enum Fault: String, CaseIterable, Sendable {
        /// Forwarded and answered faithfully.
        case pass
        /// Held for a few milliseconds (``Schedule/delay``) before it is forwarded.
        case delay
        /// The client connection is closed without the server ever seeing the request.
        case dropBeforeForward = "drop-before-forward"
        /// The server handles the request (and commits), but the client gets no answer.
        case dropAfterForward = "drop-after-forward"
        /// The request reaches the server twice, one copy after the other or both at once; the
        /// client gets the answer to the copy sent last.
        case duplicate
        /// The client gets the response's head and only part of its body.
        case truncate
        /// The client connection is reset (RST) without the server seeing the request.
        case resetBeforeForward = "reset-before-forward"
        /// The server handles the request, then the client connection is reset.
        case resetAfterForward = "reset-after-forward"
    }

    /// Which fault each request gets: a seeded random draw, with a probability per fault.
    public struct Schedule: Sendable {
        /// The seed of the draws; put it in failure messages.
        public var seed: UInt64
        /// The probability of each fault; what is left over passes. `.pass` here is ignored.
        public var probabilities: [Fault: Double]
        /// How long a delayed request is held, in milliseconds.
        public var delay: ClosedRange<Int>
        /// Only requests whose `METHOD PATH` starts with this get faults (`nil`: every request).
        public var only: String?

        public init(seed: UInt64, probabilities: [Fault: Double], delay: ClosedRange<Int> = 2...200) {
            self.seed = seed
            self.probabilities = probabilities
            self.delay = delay
        }

        /// Every fault with the same `probability`.
        public static func everyFault(seed: UInt64, probability: Double) -> Schedule {
            let faults = Fault.allCases.filter { $0 != .pass }
            return Schedule(
                seed: seed, probabilities: Dictionary(uniqueKeysWithValues: faults.map { ($0, probability) }))
        }
    }

    /// One request the proxy handled.
    public struct Injection: Sendable, CustomStringConvertible {
        /// The request's method and path (query included; never headers or body).
        public let request: String
        public let fault: Fault
        /// The status the server answered with, or `nil` when it was never asked or did not answer.
        public let upstreamStatus: Int?

        public var description: String { "\(request) \(fault.rawValue) \(upstreamStatus.map(String.init) ?? "-")" }
    }

    /// The port the proxy listens on.
    public let port: Int
    /// The server's port on 127.0.0.1.
    public let upstreamPort: Int
    /// The base URL to give agents instead of the server's.
    public var url: String { "http://127.0.0.1:\(port)" }

    private let listener: ProxySocket
    private let lock = NSLock()
    private var schedule: Schedule
    private var random: SplitMix64
    private var injections = [Injection]()
    private var open = Set<Int32>()
    private var stopped = false
    private let connections = DispatchGroup()
    private let acceptLoopDone = DispatchSemaphore(value: 0)

    /// Starts a proxy on a free port of 127.0.0.1 in front of the server on `upstreamPort`.
    public init(upstreamPort: Int, schedule: Schedule) throws {
        self.upstreamPort = upstreamPort
        self.schedule = schedule
        random = SplitMix64(seed: schedule.seed)
        listener = try ProxySocket.listen(port: 0)
        port = listener.localPort
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "fault-proxy-accept"
        thread.start()
    }

    // MARK: Control and results

    /// From now on every request passes (the draws go on, so the schedule stays reproducible).
    public func heal() {
        locked { schedule.probabilities = [:] }
    }

    /// Injects faults again with `probabilities`, into the requests whose `METHOD PATH` starts
    /// with `only` (every request when `nil`).
    public func resume(_ probabilities: [Fault: Double], only: String? = nil) {
        locked {
            schedule.probabilities = probabilities
            schedule.only = only
        }
    }

    /// Every request handled so far, in the order their faults were drawn.
    public var log: [Injection] { locked { injections } }

    /// How many requests got `fault`.
    public func count(of fault: Fault) -> Int { locked { injections.filter { $0.fault == fault }.count } }

    /// How many requests got each fault.
    public var counts: [Fault: Int] {
        locked { Dictionary(grouping: injections, by: \.fault).mapValues(\.count) }
    }

    /// Stops accepting, wakes every connection still open and waits for their threads to end.
    /// Call it when done: until then the accept thread keeps the proxy (and its port) alive.
    public func stop() {
        // Under the lock: a connection's thread closes its sockets under it too, so no descriptor
        // here can have been closed and reused meanwhile.
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

    // MARK: Serving

    private func acceptLoop() {
        while let client = listener.accept() {
            let accepted = locked { () -> Bool in
                guard !stopped else { return false }
                open.insert(client.descriptor)
                connections.enter()
                return true
            }
            guard accepted else {
                client.close()
                break
            }
            // The thread owns the socket from here; only its descriptor is shared, for `stop`.
            let descriptor = client.descriptor
            client.release()
            let thread = Thread { [self] in
                let socket = ProxySocket(descriptor: descriptor)
                let ending = serve(socket)
                locked {
                    open.remove(descriptor)
                    if ending == .reset { socket.reset() } else { socket.close() }
                }
                connections.leave()
            }
            thread.name = "fault-proxy-connection"
            thread.start()
        }
        acceptLoopDone.signal()
    }

    /// The fault for the next request, with its delay and how much of a response to keep.
    private func draw(for request: String) -> (fault: Fault, delay: Int, keep: Double) {
        locked {
            let roll = Double(random.next() >> 11) / Double(1 << 53)
            let delay = Int(random.next() % UInt64(schedule.delay.count)) + schedule.delay.lowerBound
            let keep = Double(random.next() >> 11) / Double(1 << 53)
            if let only = schedule.only, !request.hasPrefix(only) { return (.pass, delay, keep) }
            var threshold = 0.0
            for fault in Fault.allCases where fault != .pass {
                threshold += schedule.probabilities[fault] ?? 0
                if roll < threshold { return (fault, delay, keep) }
            }
            return (.pass, delay, keep)
        }
    }

    private func note(_ request: ProxiedMessage, _ fault: Fault, status: Int?) {
        let line = request.requestLine
        locked {
            injections.append(Injection(request: "\(line.method) \(line.target)", fault: fault, upstreamStatus: status))
        }
    }

    /// How a client connection ends once its request is handled.
    private enum Ending { case close, reset }

    /// Handles the one request of a client connection; the caller closes it as returned.
    private func serve(_ client: ProxySocket) -> Ending {
        guard let request = try? ProxiedMessage.readRequest(from: client) else { return .close }
        let line = request.requestLine
        let (fault, delay, keep) = draw(for: "\(line.method) \(line.target)")
        let upstreamRequest = request.closingConnection()
        switch fault {
        case .dropBeforeForward:
            note(request, fault, status: nil)
        case .resetBeforeForward:
            note(request, fault, status: nil)
            return .reset
        case .pass, .delay:
            if fault == .delay { usleep(UInt32(delay) * 1000) }
            let response = forward(upstreamRequest)
            note(request, fault, status: response?.status)
            if let response { try? client.write(response.closingConnection().bytes) }
        case .duplicate:
            let response: ProxiedMessage?
            if keep < 0.5 {
                _ = forward(upstreamRequest)
                response = forward(upstreamRequest)
            } else {
                // The copies overlap, as a client's retry can race its original.
                let original = DispatchGroup()
                original.enter()
                DispatchQueue.global().async { [self] in
                    _ = forward(upstreamRequest)
                    original.leave()
                }
                response = forward(upstreamRequest)
                original.wait()
            }
            note(request, fault, status: response?.status)
            if let response { try? client.write(response.closingConnection().bytes) }
        case .dropAfterForward:
            note(request, fault, status: forward(upstreamRequest)?.status)
        case .resetAfterForward:
            note(request, fault, status: forward(upstreamRequest)?.status)
            return .reset
        case .truncate:
            let response = forward(upstreamRequest)
            note(request, fault, status: response?.status)
            if let response = response?.closingConnection() {
                // Part of the body; a response without one loses part of its head instead.
                let head = response.headBytes
                let bytes =
                    response.body.isEmpty
                    ? Array(head.prefix(Int(Double(head.count - 1) * keep)))
                    : head + response.body.prefix(Int(Double(response.body.count - 1) * keep))
                try? client.write(bytes)
            }
        }
        return .close
    }

    /// Sends `request` to the server on a connection of its own; `nil` if it did not answer.
    private func forward(_ request: ProxiedMessage) -> ProxiedMessage? {
        guard let upstream = try? ProxySocket.connect(port: upstreamPort) else { return nil }
        let registered = locked { () -> Bool in
            guard !stopped else { return false }
            open.insert(upstream.descriptor)
            return true
        }
        defer {
            locked {
                open.remove(upstream.descriptor)
                upstream.close()
            }
        }
        guard registered else { return nil }
        do {
            try upstream.write(request.bytes)
            return try ProxiedMessage.readResponse(from: upstream, method: request.requestLine.method)
        } catch {
            return nil
        }
    }
}

/// What went wrong inside the proxy: a system call failed or a peer spoke broken HTTP.
public struct FaultProxyError: Error, CustomStringConvertible {
    public let description: String

    static func system(_ call: String) -> FaultProxyError {
        FaultProxyError(description: "\(call) failed: errno \(errno)")
    }
    static func malformed(_ what: String) -> FaultProxyError { FaultProxyError(description: "malformed HTTP: \(what)") }
}
