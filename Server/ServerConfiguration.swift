/// How the server runs: filled by `fieldsync-server serve` from its flags.
public struct ServerConfiguration: Sendable {
    public static let defaultMaxBodyBytes = 32 * 1024 * 1024

    public var host = "127.0.0.1"
    public var port = 8080
    /// Bodies over this many bytes are refused with 413 before they are read whole.
    public var maxBodyBytes = defaultMaxBodyBytes
    /// The largest attachment (photo or scan) the server takes, in bytes (`serve --max-attachment`).
    public var maxAttachmentBytes: Int64 = 25 * 1024 * 1024
    /// The most records one pull page holds.
    public var maxPageSize = 2000
    /// Responses smaller than this are not worth compressing.
    public var gzipMinimumBytes = 1024
    /// zlib's level for responses: 1 (as nginx's default) compresses record JSON about 4.5×
    /// at ~220 MB/s; 6 about 5.7× at ~90 MB/s. A pull page is compressed for every replica
    /// that asks, so the server's CPU goes further at 1; raise it where links are metered.
    public static let defaultGzipLevel: Int32 = 1
    public var gzipLevel = defaultGzipLevel
    /// PEM files of the server's certificate chain and private key; both set: serve HTTPS.
    public var tlsCertificate: String?
    public var tlsKey: String?
    /// Failed sign-ins a client may make in a minute before it is told to wait (429).
    public var failedSignInLimit = 20
    /// How long, in seconds, failed sign-ins are counted from the first one (a test on a busy
    /// machine lengthens it so its failures fall in one window however slowly they are sent).
    public var failedSignInWindow: Double = 60

    public init() {}
}
