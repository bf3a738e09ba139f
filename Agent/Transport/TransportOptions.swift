/// How ``CurlTransport`` connects: trust, pinning and timeouts.
///
/// The defaults suit a phone tethered on a weak mobile link: give up connecting after 10 s,
/// and abort a transfer that moves fewer than 100 bytes a second for 30 s, so the agent
/// reports "offline" instead of hanging. Proxies come from the usual environment variables
/// (`https_proxy`, `no_proxy`, …), read by libcurl itself.
public struct TransportOptions: Sendable {
    /// A PEM file of certificate authorities to trust instead of the system's, or `nil` for the system's.
    public var caFile: String?
    /// A public key the server must present, such as `"sha256//BASE64="`, or `nil` for no pinning.
    public var pinnedPublicKey: String?
    /// Seconds to wait for a connection, TLS handshake included.
    public var connectTimeout: Int
    /// The speed, in bytes per second, below which a transfer counts as stalled.
    public var lowSpeedLimit: Int
    /// Seconds a transfer may stay below ``lowSpeedLimit`` before it is aborted.
    public var lowSpeedTime: Int
    /// Seconds the whole transfer may take, or 0 for no limit.
    public var totalTimeout: Int
    /// The `User-Agent` header sent with every request.
    public var userAgent: String

    /// Options with the given values; every parameter has the documented default.
    public init(
        caFile: String? = nil, pinnedPublicKey: String? = nil, connectTimeout: Int = 10, lowSpeedLimit: Int = 100,
        lowSpeedTime: Int = 30, totalTimeout: Int = 0, userAgent: String = "fieldsync/1"
    ) {
        self.caFile = caFile
        self.pinnedPublicKey = pinnedPublicKey
        self.connectTimeout = connectTimeout
        self.lowSpeedLimit = lowSpeedLimit
        self.lowSpeedTime = lowSpeedTime
        self.totalTimeout = totalTimeout
        self.userAgent = userAgent
    }
}
