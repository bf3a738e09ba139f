import FieldSyncShared
import Foundation

/// How far the upload of one digest's bytes has come on the server.
public struct UploadState: Sendable, Hashable {
    /// Bytes received so far, from the start, in order.
    public let received: Int64
    /// Whether the whole upload arrived and matched its digest: only then are the bytes served.
    public let complete: Bool

    public init(received: Int64, complete: Bool) {
        self.received = received
        self.complete = complete
    }
}

/// What becomes of an appended piece.
public enum AppendOutcome: Sendable, Hashable {
    /// Stored; the upload stands at `state`.
    case stored(UploadState)
    /// Another request moved the upload meanwhile: nothing was stored; it stands at `state`.
    case moved(UploadState)
    /// The whole upload arrived but did not match its digest: all of it was discarded.
    case mismatch(actual: String)
}

/// The bytes of attachments, named by digest within a region, kept in the database itself on both
/// stores (so any server instance serves any request, with no shared file system). The routes
/// check scope through the attachment records first; the byte store never decides who may read.
///
/// Bytes are kept per region: a record of one region naming a digest of another's bytes opens
/// nothing, since its region holds those bytes only once a token of its scope sent them whole
/// (Sync Gateway's `proveAttachment` problem, solved by never sharing bytes across regions).
public protocol AttachmentByteStore: Sendable {
    func uploadState(digest: String, region: Region) async throws -> UploadState

    /// Appends `bytes` at `offset` if the upload stands there, in one transaction; when that
    /// brings it to `size`, checks the whole against `digest` before marking it complete, and
    /// discards it all if it does not match.
    func append(digest: String, region: Region, size: Int64, offset: Int64, bytes: Data, now: String) async throws
        -> AppendOutcome

    /// Bytes `range` of a complete upload; `nil` when the server does not hold them whole.
    func content(digest: String, region: Region, range: ByteRange) async throws -> Data?

    /// Removes the bytes of (digest, region) pairs that no attachment record names, live or
    /// tombstoned-but-kept (garbage collection after a purge); returns how many were removed.
    func collectUnnamedBytes() async throws -> Int
}
