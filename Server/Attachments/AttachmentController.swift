import CoreMetrics
import FieldSyncShared
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The bytes of attachments: `GET /v1/attachments/{id}/upload`, `PUT /v1/attachments/{id}/content?offset=N`,
/// `GET /v1/attachments/{id}/content` (with `Range`).
///
/// Every route names an attachment *record*, which must be in the token's scope: bytes are read
/// and taken only through a record one may see, and only the bytes its region holds (sent whole by
/// a token of that scope), so knowing a digest opens nothing; an upload is taken only for the
/// digest such a record names, checked whole before it is served.
struct AttachmentController {
    let store: any ServerStore
    let maxAttachmentBytes: Int64
    let metrics: SyncMetrics
    let clock: @Sendable () -> Date

    func addRoutes(to group: RouterGroup<SyncRequestContext>) {
        group.get("attachments/:id/upload", use: upload)
        group.put("attachments/:id/content", use: put)
        group.get("attachments/:id/content", use: get)
    }

    var bytes: any AttachmentByteStore {
        get throws {
            guard let bytes = store as? any AttachmentByteStore else {
                throw ServerError(.broken, "no_attachment_store", "this store keeps no attachment bytes")
            }
            return bytes
        }
    }

    /// The attachment record the path names, if the token may see it and it is not deleted.
    func attachment(_ context: SyncRequestContext) async throws -> AttachmentRecord {
        try await attachment(named: context.parameters.get("id"), for: context.requireIdentity())
    }

    /// The attachment record `text` names, if `identity` may see it and it is not deleted: the one
    /// scope check of every route that reads or takes bytes, the API's and the dashboard's.
    func attachment(named text: String?, for identity: Identity) async throws -> AttachmentRecord {
        guard let text, let id = RecordID(text) else {
            throw ServerError(.malformed, "invalid_id", "name the attachment by its record id (8-4-4-4-12 hex)")
        }
        // Out of scope and unknown answer alike: a token learns nothing of other regions.
        guard let record = try await store.records(ids: [id], scope: identity.region).first,
            record.kind == RecordKind.attachment.rawValue, !record.state.isDeleted,
            let attachment = AttachmentRecord(id: id, values: record.state.values)
        else {
            throw ServerError(
                .notFound, "unknown_attachment",
                "no attachment with this id in this token's scope; push its record first, or sync to see whether it was deleted"
            )
        }
        return attachment
    }

    var now: String { ServiceTime(clock(), offset: 0).description }

    @Sendable func upload(request: Request, context: SyncRequestContext) async throws -> Response {
        let attachment = try await attachment(context)
        let state = try await bytes.uploadState(digest: attachment.digest, region: attachment.region)
        return try SyncController.json(status(attachment, state))
    }

    func status(_ attachment: AttachmentRecord, _ state: UploadState) -> UploadStatus {
        UploadStatus(
            id: attachment.id, digest: attachment.digest, size: attachment.size,
            received: state.complete ? attachment.size : state.received, complete: state.complete)
    }

    /// Bytes of a piece kept together before they are appended (one transaction each): a server
    /// killed mid-piece loses at most this much of what reached it (a dropped link loses none: what
    /// arrived is appended then), and a 20 MB piece is never held whole in memory. 1 MiB rather
    /// than 64 KiB: fewer commits, measured in the README's attachment benchmark.
    static let flushBytes = 1 << 20

    /// Takes a piece as it streams in, appending every `flushBytes`; when the client drops
    /// mid-piece, what arrived is appended still (it is checked whole with the rest against the
    /// digest once the upload reaches its size, and only then served), so the next piece starts
    /// at the byte where the link stopped.
    @Sendable func put(request: Request, context: SyncRequestContext) async throws -> Response {
        let attachment = try await attachment(context)
        guard let offset = request.uri.queryParameters.get("offset").flatMap(Int64.init), offset >= 0 else {
            throw ServerError(
                .malformed, "invalid_offset",
                "say where the piece starts: ?offset=N (ask GET /v1/attachments/{id}/upload how much arrived)")
        }
        let bytes = try bytes
        var state = try await bytes.uploadState(digest: attachment.digest, region: attachment.region)
        if state.complete {
            // A piece has bytes, even for an upload already whole (the body is required).
            var request = request
            guard try await request.collectBody(upTo: context.maxUploadSize).readableBytes > 0 else {
                throw ServerError.malformed("the piece is empty; send the bytes from offset \(offset)")
            }
            return try SyncController.json(status(attachment, state))
        }
        // Judged on the declared length before a byte is read, when the client declares one.
        if let declared = request.headers[.contentLength].flatMap(Int64.init) {
            guard declared > 0 else {
                throw ServerError.malformed("the piece is empty; send the bytes from offset \(offset)")
            }
            try refusal(attachment, state: state, offset: offset, length: declared)
        }
        var piece = PieceStream(offset: offset)
        do {
            for try await buffer in request.body {
                piece.pending.append(contentsOf: buffer.readableBytesView)
                guard piece.read <= Int64(context.maxUploadSize) else {
                    throw ServerError(
                        .tooLarge, "body_too_large",
                        "the piece is over \(context.maxUploadSize) bytes; send smaller pieces")
                }
                if piece.pending.count >= Self.flushBytes {
                    state = try await flush(&piece, attachment, bytes)
                }
            }
        } catch let error as ServerError {
            throw error
        } catch {
            // The link dropped mid-piece. Keep what arrived, in a task of its own so that the
            // request's cancellation does not stop it; a first piece too short to show its type
            // is left (there is nothing to resume from).
            if !piece.pending.isEmpty, piece.at > 0 || piece.pending.count >= AttachmentMediaType.sniffLength {
                let arrived = piece
                _ = try? await Task {
                    var kept = arrived
                    return try await flush(&kept, attachment, bytes)
                }.value
            }
            throw error
        }
        if !piece.pending.isEmpty {
            state = try await flush(&piece, attachment, bytes)
        } else if piece.at == offset {
            throw ServerError.malformed("the piece is empty; send the bytes from offset \(offset)")
        }
        return try SyncController.json(status(attachment, state))
    }

    /// A piece being read: where its unappended bytes start, and those bytes.
    struct PieceStream: Sendable {
        /// Where `pending` starts in the attachment's bytes.
        var at: Int64
        var pending = Data()
        let offset: Int64

        init(offset: Int64) {
            self.offset = offset
            at = offset
        }

        /// Bytes of the piece read so far.
        var read: Int64 { at - offset + Int64(pending.count) }
    }

    /// Throws the refusal of a piece of `length` bytes at `offset`, if it is refused.
    func refusal(_ attachment: AttachmentRecord, state: UploadState, offset: Int64, length: Int64) throws {
        switch UploadDecision.decide(
            complete: state.complete, received: state.received, offset: offset, length: length,
            size: attachment.size, limit: maxAttachmentBytes)
        {
        case .complete, .append:
            return
        case .tooLarge(let limit):
            metrics.attachmentTooLarge.increment()
            throw ServerError(
                .tooLarge, "attachment_too_large",
                AttachmentError.tooLarge(
                    name: attachment.fileName ?? "\(attachment.id)", size: attachment.size, limit: limit
                ).message.english)
        case .wrongOffset(let received):
            throw ServerError(
                .outOfStep, "wrong_offset", "the upload stands at byte \(received), not \(offset); send from there")
        case .overrun:
            throw ServerError(
                .malformed, "upload_overrun", "the piece runs past the \(attachment.size) bytes the record names")
        }
    }

    /// Appends the piece's pending bytes where they belong, after the checks a piece gets.
    func flush(_ piece: inout PieceStream, _ attachment: AttachmentRecord, _ bytes: any AttachmentByteStore)
        async throws -> UploadState
    {
        let data = piece.pending
        let state = try await bytes.uploadState(digest: attachment.digest, region: attachment.region)
        if state.complete { return state }
        try refusal(attachment, state: state, offset: piece.at, length: Int64(data.count))
        if piece.at == 0 {
            // Judged by content: a program renamed photo.jpg is refused before anything is stored.
            guard let type = AttachmentMediaType.sniff(data.prefix(AttachmentMediaType.sniffLength)),
                type == attachment.mediaType
            else {
                metrics.attachmentUnsupportedType.increment()
                throw ServerError(
                    .unsupportedMediaType, "unsupported_attachment",
                    AttachmentError.unsupportedType(name: attachment.fileName ?? "\(attachment.id)").message.english
                        + " (or not the \(attachment.mediaType.rawValue) its record names)")
            }
        }
        switch try await bytes.append(
            digest: attachment.digest, region: attachment.region, size: attachment.size, offset: piece.at,
            bytes: data, now: now)
        {
        case .stored(let state):
            metrics.attachmentBytesReceived.increment(by: data.count)
            if state.complete { metrics.attachmentsUploaded.increment() }
            piece.at += Int64(data.count)
            piece.pending = Data()
            return state
        case .moved(let state) where state.complete:
            return state
        case .moved(let state):
            throw ServerError(
                .outOfStep, "wrong_offset",
                "the upload stands at byte \(state.received), not \(piece.at); send from there")
        case .mismatch(let actual):
            metrics.attachmentDigestMismatches.increment()
            throw ServerError(
                .malformed, "digest_mismatch",
                AttachmentError.digestMismatch(expected: attachment.digest, actual: actual).message.english)
        }
    }

    @Sendable func get(request: Request, context: SyncRequestContext) async throws -> Response {
        try await content(request, of: context.parameters.get("id"), for: context.requireIdentity())
    }

    /// The bytes of the attachment `id` names, whole or the `Range` asked for, if `identity` may
    /// see its record: `GET /v1/attachments/{id}/content` with a token, and the dashboard's
    /// `GET /dashboard/attachments/{id}` with its sign-in cookie.
    func content(_ request: Request, of id: String?, for identity: Identity) async throws -> Response {
        let attachment = try await attachment(named: id, for: identity)
        var range = ByteRange(start: 0, end: attachment.size - 1)
        var partial = false
        if let header = request.headers[.range] {
            guard let asked = ByteRange.parse(header, size: attachment.size) else {
                var headers = HTTPFields()
                headers[.contentRange] = "bytes */\(attachment.size)"
                headers[.contentType] = "application/json; charset=utf-8"
                let body = ErrorBody(
                    code: "range_not_satisfiable", message: "ask for bytes within 0-\(attachment.size - 1)")
                return Response(
                    status: .rangeNotSatisfiable, headers: headers,
                    body: ResponseBody(byteBuffer: ByteBuffer(bytes: try JSONText.data(body))))
            }
            range = asked
            partial = true
        }
        // Only bytes of the size the record names: a record naming a held digest with another size
        // (more bytes than there are, up to 2^63) is answered as one whose bytes have not arrived.
        let bytes = try bytes
        let held = try await bytes.uploadState(digest: attachment.digest, region: attachment.region)
        guard held.complete, held.received == attachment.size,
            let data = try await bytes.content(digest: attachment.digest, region: attachment.region, range: range),
            Int64(data.count) == range.length
        else {
            throw ServerError(
                .notFound, "bytes_not_uploaded",
                "the bytes of attachment \(attachment.id) have not all reached the server yet; the replica that attached them sends them at its next sync"
            )
        }
        metrics.attachmentBytesSent.increment(by: data.count)
        // A whole download is counted once, when its last byte goes.
        if range.end == attachment.size - 1 { metrics.attachmentsDownloaded.increment() }
        var headers = HTTPFields()
        headers[.contentType] = attachment.mediaType.rawValue
        // Bytes go as they are: a range counts stored bytes, and photos do not compress.
        headers[.contentEncoding] = "identity"
        headers[.acceptRanges] = "bytes"
        headers[HTTPField.Name("FieldSync-Digest")!] = attachment.digest
        // The type is the one judged from the bytes at upload; a browser must not guess another.
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        if partial { headers[.contentRange] = "bytes \(range.start)-\(range.end)/\(attachment.size)" }
        return Response(
            status: partial ? .partialContent : .ok, headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
