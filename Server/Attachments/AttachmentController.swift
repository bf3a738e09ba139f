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

    @Sendable func put(request: Request, context: SyncRequestContext) async throws -> Response {
        let attachment = try await attachment(context)
        guard let offset = request.uri.queryParameters.get("offset").flatMap(Int64.init), offset >= 0 else {
            throw ServerError(
                .malformed, "invalid_offset",
                "say where the piece starts: ?offset=N (ask GET /v1/attachments/{id}/upload how much arrived)")
        }
        let bytes = try bytes
        let state = try await bytes.uploadState(digest: attachment.digest, region: attachment.region)
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let piece = Data(body.readableBytesView)
        guard !piece.isEmpty || state.complete else {
            throw ServerError.malformed("the piece is empty; send the bytes from offset \(offset)")
        }
        switch UploadDecision.decide(
            complete: state.complete, received: state.received, offset: offset, length: Int64(piece.count),
            size: attachment.size, limit: maxAttachmentBytes)
        {
        case .complete:
            return try SyncController.json(status(attachment, state))
        case .tooLarge(let limit):
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
        case .append:
            break
        }
        if offset == 0 {
            // Judged by content: a program renamed photo.jpg is refused before anything is stored.
            guard let type = AttachmentMediaType.sniff(piece.prefix(AttachmentMediaType.sniffLength)),
                type == attachment.mediaType
            else {
                throw ServerError(
                    .unsupportedMediaType, "unsupported_attachment",
                    AttachmentError.unsupportedType(name: attachment.fileName ?? "\(attachment.id)").message.english
                        + " (or not the \(attachment.mediaType.rawValue) its record names)")
            }
        }
        switch try await bytes.append(
            digest: attachment.digest, region: attachment.region, size: attachment.size, offset: offset, bytes: piece,
            now: now)
        {
        case .stored(let state),
            .moved(let state) where state.complete:
            return try SyncController.json(status(attachment, state))
        case .moved(let state):
            throw ServerError(
                .outOfStep, "wrong_offset",
                "the upload stands at byte \(state.received), not \(offset); send from there")
        case .mismatch(let actual):
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
        guard let data = try await bytes.content(digest: attachment.digest, region: attachment.region, range: range)
        else {
            throw ServerError(
                .notFound, "bytes_not_uploaded",
                "the bytes of attachment \(attachment.id) have not all reached the server yet; the replica that attached them sends them at its next sync"
            )
        }
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
