/// Where a host is, as far as its name alone tells: this machine, a private network, or
/// anywhere on the internet. Decides whether a plain-HTTP address is safe for a token.
///
///     NetworkHost("127.0.0.1").reach              // .loopback
///     NetworkHost("192.168.1.20").reach           // .privateNetwork
///     NetworkHost("sync.example.com").reach       // .internet
///     NetworkHost(url: "http://[fd00::5]:8080")?.reach  // .privateNetwork
///
/// Nothing is resolved: a name counts as private only when it is reserved for local use
/// (`localhost`, `*.localhost`, `*.local`, `*.lan`, `*.internal`, `*.home.arpa`). Any other
/// name, even one without a dot (a search domain can make it public), and any address
/// written other than in its usual form (`127.1`, `0x7f.0.0.1`), counts as the internet.
public struct NetworkHost: Sendable, Equatable {
    /// How far traffic to the host travels.
    public enum Reach: Sendable, Equatable {
        /// This machine: 127.0.0.0/8, ::1, `localhost`.
        case loopback
        /// A private or link-local network: 10/8, 172.16/12, 192.168/16, 169.254/16, fc00::/7,
        /// fe80::/10, and names reserved for local use.
        case privateNetwork
        /// Anything else: public addresses and ordinary host names.
        case internet
    }

    /// The host as given, lowercased, without brackets, zone or trailing dot.
    public let name: String
    public let reach: Reach

    /// Classifies a host name or address (`::1` or `[::1]`).
    public init(_ host: String) {
        var name = host.lowercased()
        if name.hasPrefix("["), name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        if let zone = name.firstIndex(of: "%"), name.contains(":") { name = String(name[..<zone]) }
        if name.hasSuffix("."), name.count > 1 { name.removeLast() }
        self.name = name
        if let bytes = Self.ipv4(name) {
            reach = Self.reach(ipv4: bytes)
        } else if let words = Self.ipv6(name) {
            reach = Self.reach(ipv6: words)
        } else {
            reach = Self.reach(hostName: name)
        }
    }

    /// The host of an `http://` or `https://` address, e.g. `http://user@[::1]:8080/x` → `::1`;
    /// nil for another scheme or no host.
    public init?(url: String) {
        let lowered = url.lowercased()
        guard let scheme = ["http://", "https://"].first(where: { lowered.hasPrefix($0) }) else { return nil }
        var authority = url.dropFirst(scheme.count)
        if let end = authority.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) {
            authority = authority[..<end]
        }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        var host = authority
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = authority[...close]
        } else if let colon = authority.firstIndex(of: ":") {
            host = authority[..<colon]
        }
        guard !host.isEmpty else { return nil }
        // A percent-encoded name is not read further: it counts as the internet.
        self.init(host.contains("%") && !host.hasPrefix("[") ? "%" : String(host))
    }

    static func reach(ipv4 bytes: [UInt8]) -> Reach {
        switch (bytes[0], bytes[1]) {
        case (127, _): .loopback
        case (10, _), (172, 16...31), (192, 168), (169, 254): .privateNetwork
        default: .internet
        }
    }

    static func reach(ipv6 words: [UInt16]) -> Reach {
        if words == [0, 0, 0, 0, 0, 0, 0, 1] { return .loopback }
        // ::ffff:a.b.c.d, an IPv4 address written as IPv6.
        if words[0..<5].allSatisfy({ $0 == 0 }), words[5] == 0xFFFF {
            return reach(ipv4: [
                UInt8(words[6] >> 8), UInt8(words[6] & 0xFF), UInt8(words[7] >> 8), UInt8(words[7] & 0xFF),
            ])
        }
        if words[0] & 0xFE00 == 0xFC00 || words[0] & 0xFFC0 == 0xFE80 { return .privateNetwork }
        return .internet
    }

    static func reach(hostName name: String) -> Reach {
        if name == "localhost" || name.hasSuffix(".localhost") { return .loopback }
        let localSuffixes = [".local", ".lan", ".internal", ".home.arpa"]
        if localSuffixes.contains(where: { name.hasSuffix($0) && name.count > $0.count }) { return .privateNetwork }
        return .internet
    }

    /// `a.b.c.d`, four decimal numbers 0–255 without leading zeros (which some resolvers read as octal).
    static func ipv4(_ text: String) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy({ $0.isASCII && $0.isNumber }),
                part == "0" || !part.hasPrefix("0"), let value = UInt8(part)
            else { return nil }
            bytes.append(value)
        }
        return bytes
    }

    /// The eight 16-bit groups of an IPv6 address (`::` shorthand and an IPv4 tail allowed).
    static func ipv6(_ text: String) -> [UInt16]? {
        guard text.contains(":") else { return nil }
        let halves = text.split(separator: "::", omittingEmptySubsequences: false)
        guard halves.count <= 2 else { return nil }
        func groups(_ part: Substring) -> [UInt16]? {
            if part.isEmpty { return [] }
            var words: [UInt16] = []
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (index, piece) in pieces.enumerated() {
                if index == pieces.count - 1, piece.contains("."), let v4 = ipv4(String(piece)) {
                    words.append(UInt16(v4[0]) << 8 | UInt16(v4[1]))
                    words.append(UInt16(v4[2]) << 8 | UInt16(v4[3]))
                } else {
                    guard (1...4).contains(piece.count), let word = UInt16(piece, radix: 16) else { return nil }
                    words.append(word)
                }
            }
            return words
        }
        guard let head = groups(halves[0]) else { return nil }
        if halves.count == 1 { return head.count == 8 ? head : nil }
        guard let tail = groups(halves[1]), head.count + tail.count <= 7 else { return nil }
        return head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
    }
}
