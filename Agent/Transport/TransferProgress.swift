/// How far a transfer has come, in bytes on the wire.
///
/// Totals are 0 while unknown (for example a chunked download). Downloaded bytes count what
/// arrives on the wire, so a compressed body reports its compressed size.
public struct TransferProgress: Sendable, Equatable {
    /// Body bytes sent so far.
    public var uploaded: Int64
    /// Body bytes to send in all, or 0 when unknown.
    public var uploadTotal: Int64
    /// Body bytes received so far.
    public var downloaded: Int64
    /// Body bytes expected in all (the response's `Content-Length`), or 0 when unknown.
    public var downloadTotal: Int64

    /// A progress report with the given counts.
    public init(uploaded: Int64 = 0, uploadTotal: Int64 = 0, downloaded: Int64 = 0, downloadTotal: Int64 = 0) {
        self.uploaded = uploaded
        self.uploadTotal = uploadTotal
        self.downloaded = downloaded
        self.downloadTotal = downloadTotal
    }
}
