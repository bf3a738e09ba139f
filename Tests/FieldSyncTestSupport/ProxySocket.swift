import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One TCP socket of the ``FaultProxy`` on loopback, with a read buffer for parsing HTTP.
///
/// Used by one thread at a time (the proxy's accept loop or one connection's thread), so it
/// holds its buffer without locking and is deliberately not `Sendable`; other threads only ever
/// see its descriptor, to `shutdown` it when the proxy stops.
final class ProxySocket {
    let descriptor: Int32
    private var buffer = [UInt8]()
    private var closed = false

    init(descriptor: Int32) {
        self.descriptor = descriptor
        // A peer that stops talking must not hold a proxy thread for ever.
        var timeout = timeval(tv_sec: 15, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        #if canImport(Darwin)
            var one: Int32 = 1
            setsockopt(descriptor, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
        #endif
    }

    deinit { close() }

    // MARK: Opening

    /// A listening socket on 127.0.0.1 at `port` (0: a free one).
    static func listen(port: Int) throws -> ProxySocket {
        let socket = ProxySocket(descriptor: try newDescriptor())
        var one: Int32 = 1
        setsockopt(socket.descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = loopback(port: port)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket.descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, posixListen(socket.descriptor, 64) == 0 else { throw FaultProxyError.system("bind/listen") }
        return socket
    }

    /// A connection to 127.0.0.1 at `port`.
    static func connect(port: Int) throws -> ProxySocket {
        let socket = ProxySocket(descriptor: try newDescriptor())
        var address = loopback(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                posixConnect(socket.descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw FaultProxyError.system("connect to port \(port)") }
        return socket
    }

    /// The port the socket is bound to.
    var localPort: Int {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// The next connection, or `nil` once the listening socket is shut down.
    func accept() -> ProxySocket? {
        while true {
            let client = posixAccept(descriptor)
            if client >= 0 { return ProxySocket(descriptor: client) }
            if errno == EINTR || errno == ECONNABORTED { continue }
            return nil
        }
    }

    private static func newDescriptor() throws -> Int32 {
        #if canImport(Glibc)
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw FaultProxyError.system("socket") }
        return descriptor
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    // MARK: Reading

    /// Reads more bytes into the buffer; `false` at the end of the stream.
    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                buffer += chunk[..<count]
                return true
            }
            if count == 0 { return false }
            if errno == EINTR { continue }
            throw FaultProxyError.system("recv")
        }
    }

    /// Everything up to and including the blank line that ends a message's head; `nil` if the
    /// stream ends before its first byte.
    func readHead(limit: Int = 64 * 1024) throws -> [UInt8]? {
        var searched = 0
        while true {
            if let end = Self.blankLine(in: buffer, from: max(0, searched - 3)) {
                let head = Array(buffer[..<end])
                buffer.removeFirst(end)
                return head
            }
            searched = buffer.count
            guard buffer.count < limit else { throw FaultProxyError.malformed("a message head over \(limit) bytes") }
            guard try fill() else {
                if buffer.isEmpty { return nil }
                throw FaultProxyError.malformed("the stream ended inside a message head")
            }
        }
    }

    /// The index just past the first CRLFCRLF at or after `start`.
    private static func blankLine(in bytes: [UInt8], from start: Int) -> Int? {
        guard bytes.count >= 4 else { return nil }
        var index = start
        while index + 3 < bytes.count {
            if bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
                return index + 4
            }
            index += 1
        }
        return nil
    }

    /// Exactly `count` bytes.
    func read(count: Int) throws -> [UInt8] {
        while buffer.count < count {
            guard try fill() else { throw FaultProxyError.malformed("the stream ended inside a body") }
        }
        let bytes = Array(buffer[..<count])
        buffer.removeFirst(count)
        return bytes
    }

    /// One line, its CRLF included.
    func readLine() throws -> [UInt8] {
        while true {
            if let newline = buffer.firstIndex(of: 10) {
                let line = Array(buffer[...newline])
                buffer.removeFirst(newline + 1)
                return line
            }
            guard buffer.count < 64 * 1024, try fill() else {
                throw FaultProxyError.malformed("the stream ended inside a line")
            }
        }
    }

    /// A chunked body as it came (sizes, data, trailers), so it can be passed on unchanged.
    func readChunked() throws -> [UInt8] {
        var raw = [UInt8]()
        while true {
            let sizeLine = try readLine()
            raw += sizeLine
            let text = String(decoding: sizeLine, as: UTF8.self)
            let digits = text.split(separator: ";").first?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            guard let size = Int(digits, radix: 16), size >= 0 else {
                throw FaultProxyError.malformed("a bad chunk size")
            }
            if size == 0 {
                // Trailer fields, then the blank line.
                while true {
                    let line = try readLine()
                    raw += line
                    if line == [13, 10] || line == [10] { return raw }
                }
            }
            raw += try read(count: size + 2)
        }
    }

    /// Everything until the peer closes.
    func readToEnd() throws -> [UInt8] {
        while try fill() {}
        let bytes = buffer
        buffer = []
        return bytes
    }

    // MARK: Writing and closing

    func write(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            #if canImport(Glibc)
                let flags = Int32(MSG_NOSIGNAL)
            #else
                let flags: Int32 = 0
            #endif
            let count = bytes[sent...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, flags) }
            if count < 0 {
                if errno == EINTR { continue }
                throw FaultProxyError.system("send")
            }
            sent += count
        }
    }

    /// Wakes a thread blocked on this socket (used by ``FaultProxy/stop()`` from another thread).
    static func shutdown(descriptor: Int32) {
        _ = posixShutdown(descriptor)
    }

    /// Gives the descriptor up without closing it: another `ProxySocket` now owns it.
    func release() { closed = true }

    /// An orderly close: the peer reads the end of the stream.
    func close() {
        guard !closed else { return }
        closed = true
        _ = posixClose(descriptor)
    }

    /// An abortive close: SO_LINGER 0 makes the kernel send RST instead of FIN.
    func reset() {
        guard !closed else { return }
        var option = linger(l_onoff: 1, l_linger: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
        close()
    }
}

// The socket calls whose names this file's methods reuse, under names that cannot clash with them.
private func posixListen(_ descriptor: Int32, _ backlog: Int32) -> Int32 { listen(descriptor, backlog) }
private func posixConnect(_ descriptor: Int32, _ address: UnsafePointer<sockaddr>, _ length: socklen_t) -> Int32 {
    connect(descriptor, address, length)
}
private func posixAccept(_ descriptor: Int32) -> Int32 { accept(descriptor, nil, nil) }
private func posixShutdown(_ descriptor: Int32) -> Int32 { shutdown(descriptor, Int32(SHUT_RDWR)) }
private func posixClose(_ descriptor: Int32) -> Int32 { close(descriptor) }
