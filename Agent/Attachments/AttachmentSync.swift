import FieldSyncShared
import Foundation

/// What moving attachment bytes did, beside the records' sync.
public struct AttachmentSyncSummary: Sendable, Codable, Hashable {
    public struct Failure: Sendable, Codable, Hashable {
        public let id: RecordID
        public let reason: String
    }

    public var mode: AttachmentMode
    public var uploaded = 0
    public var uploadedBytes: Int64 = 0
    public var downloaded = 0
    public var downloadedBytes: Int64 = 0
    /// Attachments whose bytes the server does not hold whole yet (another replica still has to send them).
    public var notOnServer = 0
    public var evicted = 0
    /// One bad attachment never stops the others: each failure is noted and the next goes on.
    public var failed: [Failure] = []

    public init(mode: AttachmentMode) { self.mode = mode }

    enum CodingKeys: String, CodingKey {
        case mode, uploaded, downloaded, evicted, failed
        case uploadedBytes = "uploaded_bytes"
        case downloadedBytes = "downloaded_bytes"
        case notOnServer = "not_on_server"
    }
}

/// The bytes' own track, after the records: up first (what this replica attached), then down
/// (what `mode` wants), in pieces, each resumed at the byte where a dropped link stopped, and
/// checked against the digest on both ends. A record whose bytes have not arrived is still a
/// whole record; nothing here holds the records back.
public struct AttachmentSync: Sendable {
    let store: ReplicaStore
    let transport: any HTTPTransport
    let token: String
    /// One request's bytes. Large, since a cut piece resumes at the byte where it stopped (no piece
    /// is sent twice) and each piece costs a round trip and a commit on both ends: 4 MiB, not
    /// 256 KiB, measured in the README's attachment benchmark.
    public var pieceSize = 4 << 20
    /// The smallest piece the size falls to on a link that keeps dropping.
    public var smallestPiece = 16 << 10
    public var retries = 3
    public var retryDelay: Double = 1
    /// Keep at most this many bytes of attachments here (evicting, oldest first, only what the server holds).
    public var budget: Int64?

    public init(store: ReplicaStore, transport: any HTTPTransport, token: String) {
        self.store = store
        self.transport = transport
        self.token = token
    }

    public func run(mode: AttachmentMode) throws -> AttachmentSyncSummary {
        var summary = AttachmentSyncSummary(mode: mode)
        let info = try store.info()
        let base = info.serverURL.hasSuffix("/") ? String(info.serverURL.dropLast()) : info.serverURL
        let attachments = try store.attachments()
        // The server keeps bytes per region, so held bytes count as on the server only once every
        // region their records here name holds them whole: one region's upload never vouches for
        // another's (the same photo attached at HQ to a north and a south record).
        for (digest, records) in Self.uploadsByDigest(attachments) {
            var whole = true
            for record in records {
                do {
                    if let sent = try upload(record, base: base, info: info) {
                        summary.uploaded += 1
                        summary.uploadedBytes += sent
                    }
                } catch let error as AgentError where error.code != .offline {
                    whole = false
                    summary.failed.append(.init(id: record.id, reason: error.message.english))
                }
            }
            if whole { try store.markOnServer(digest: digest) }
        }
        let technicians = mode == .own ? try visitTechnicians() : [:]
        for attachment in attachments where !attachment.held {
            let record = attachment.record
            let visitTechnician = record.parentKind == .visit ? technicians[record.parent] : nil
            guard mode.wants(record, technician: info.technician, visitTechnician: visitTechnician) else { continue }
            do {
                if try download(record, base: base, info: info) {
                    summary.downloaded += 1
                    summary.downloadedBytes += record.size
                } else {
                    summary.notOnServer += 1
                }
            } catch let error as AgentError where error.code != .offline {
                summary.failed.append(.init(id: record.id, reason: error.message.english))
            }
        }
        if let budget { summary.evicted = try store.evictAttachments(budget: budget).count }
        return summary
    }

    /// The uploads to make: for each held digest not yet known whole on the server, in the order
    /// first met, one record per region that names it.
    static func uploadsByDigest(_ attachments: [LocalAttachment]) -> [(digest: String, records: [AttachmentRecord])] {
        var uploads = [(digest: String, records: [AttachmentRecord])]()
        var index = [String: Int]()
        for attachment in attachments where attachment.held && !attachment.onServer {
            let record = attachment.record
            if let at = index[record.digest] {
                if !uploads[at].records.contains(where: { $0.region == record.region }) {
                    uploads[at].records.append(record)
                }
            } else {
                index[record.digest] = uploads.count
                uploads.append((digest: record.digest, records: [record]))
            }
        }
        return uploads
    }

    func visitTechnicians() throws -> [RecordID: String] {
        var technicians = [RecordID: String]()
        for visit in try store.records(kind: .visit) {
            if let name = visit.state.value(of: "technician")?.stringValue { technicians[visit.id] = name }
        }
        return technicians
    }

    // MARK: Up

    /// Sends the bytes from where the server's upload stands; `nil` when the server already held
    /// them, else how many bytes went up. The caller marks the digest on the server once every
    /// region's upload is whole.
    func upload(_ attachment: AttachmentRecord, base: String, info: ReplicaInfo) throws -> Int64? {
        guard let data = try store.attachmentBytes(digest: attachment.digest) else { return nil }
        let url = base + "/v1/attachments/\(attachment.id)"
        var status = try uploadStatus(url: url, info: info)
        var piece = pieceSize
        var sent: Int64 = 0
        var failures = 0
        let startedComplete = status.complete
        while !status.complete {
            let start = Int(status.received)
            let end = min(data.count, start + piece)
            guard start < end else { throw failure(attachment, "the server's upload stands past the bytes' end") }
            let request = HTTPRequest(
                method: "PUT", url: url + "/content?offset=\(start)",
                headers: headers(info) + [(name: "Content-Type", value: "application/octet-stream")],
                body: data.subdata(in: start..<end))
            let response: HTTPResponse
            do {
                response = try transport.send(request)
            } catch {
                // The link dropped mid-piece: the server kept what arrived, so ask where it stands
                // and go on from that byte, in smaller pieces. Only a drop that moved nothing counts
                // against the retries.
                guard error.isRetryable else { throw offline(info, error.message) }
                piece = max(smallestPiece, piece / 2)
                Thread.sleep(forTimeInterval: retryDelay)
                status = try uploadStatus(url: url, info: info)
                let kept = status.complete ? Int64(end - start) : max(0, status.received - Int64(start))
                sent += kept
                failures = kept > 0 ? 0 : failures + 1
                guard failures <= retries + 4 else { throw offline(info, error.message) }
                continue
            }
            switch response.status {
            case 200:
                failures = 0
                sent += Int64(end - start)
                piece = min(pieceSize, piece * 2)
                status = try decode(UploadStatus.self, response)
            case 409:
                // Another request moved the upload: go on from where it stands (bounded, in case a
                // server kept answering so without moving).
                failures += 1
                guard failures <= retries + 4 else { throw failure(attachment, reason(response)) }
                status = try uploadStatus(url: url, info: info)
            case 413 where piece > smallestPiece:
                // A server with a smaller --max-body than our piece: halve until it fits.
                piece = max(smallestPiece, piece / 2)
                status = try uploadStatus(url: url, info: info)
            case 500...:
                failures += 1
                guard failures <= retries else { throw failure(attachment, reason(response)) }
                Thread.sleep(forTimeInterval: retryDelay)
                status = try uploadStatus(url: url, info: info)
            default:
                throw failure(attachment, reason(response))
            }
        }
        return startedComplete ? nil : sent
    }

    func uploadStatus(url: String, info: ReplicaInfo) throws -> UploadStatus {
        let response = try send(HTTPRequest(url: url + "/upload", headers: headers(info)), info: info)
        guard response.status == 200 else {
            throw AgentError.uploadStatusRefused(reason: reason(response))
        }
        return try decode(UploadStatus.self, response)
    }

    // MARK: Down

    /// Fetches the bytes into the replica, resuming a download in progress; `false` when the
    /// server does not hold them whole yet.
    public func download(_ attachment: AttachmentRecord, base: String, info: ReplicaInfo) throws -> Bool {
        let url = base + "/v1/attachments/\(attachment.id)/content"
        var have = try store.downloaded(digest: attachment.digest)
        var piece = Int64(pieceSize)
        var failures = 0
        while true {
            let end = min(attachment.size, have + piece) - 1
            let request = HTTPRequest(
                url: url, headers: headers(info) + [(name: "Range", value: "bytes=\(have)-\(end)")])
            let response: HTTPResponse
            do {
                response = try transport.send(request)
            } catch {
                guard error.isRetryable else { throw offline(info, error.message) }
                // Keep what arrived of the cut piece: the next range asks from the exact byte where
                // the link stopped. Only a drop that brought nothing counts against the retries.
                var kept: Int64 = 0
                if let partial = error.partial, let body = bytes(of: partial, from: have, attachment), !body.isEmpty {
                    guard
                        let now = try store.appendDownload(
                            digest: attachment.digest, size: attachment.size, offset: have,
                            piece: body.prefix(Int(attachment.size - have)))
                    else { return true }
                    kept = now - have
                    have = now
                }
                failures = kept > 0 ? 0 : failures + 1
                guard failures <= retries + 4 else { throw offline(info, error.message) }
                piece = max(Int64(smallestPiece), piece / 2)
                Thread.sleep(forTimeInterval: retryDelay)
                continue
            }
            var body: Data
            switch response.status {
            case 200, 206:
                body = bytes(of: response, from: have, attachment) ?? Data()
            case 404 where errorCode(response) == "bytes_not_uploaded":
                return false
            case 500...:
                failures += 1
                guard failures <= retries else { throw failure(attachment, reason(response)) }
                Thread.sleep(forTimeInterval: retryDelay)
                continue
            default:
                throw failure(attachment, reason(response))
            }
            failures = 0
            piece = min(Int64(pieceSize), piece * 2)
            if have + Int64(body.count) > attachment.size { body = body.prefix(Int(attachment.size - have)) }
            guard !body.isEmpty else { throw failure(attachment, "the server sent no bytes") }
            guard
                let now = try store.appendDownload(
                    digest: attachment.digest, size: attachment.size, offset: have, piece: body)
            else { return true }
            have = now
        }
    }

    /// The bytes of a content response (whole or cut short) that follow the `have` bytes held:
    /// a 206 counts only when its range starts there; a server that ignores ranges sends the
    /// whole (200), of which what is past `have` is kept. `nil` for anything else.
    func bytes(of response: HTTPResponse, from have: Int64, _ attachment: AttachmentRecord) -> Data? {
        switch response.status {
        case 206:
            guard let range = response.header("Content-Range"),
                range.hasPrefix("bytes \(have)-"), range.hasSuffix("/\(attachment.size)")
            else { return nil }
            return response.body
        case 200:
            return response.body.count > Int(have) ? response.body.subdata(in: Int(have)..<response.body.count) : Data()
        default:
            return nil
        }
    }

    // MARK: HTTP

    func headers(_ info: ReplicaInfo) -> [(name: String, value: String)] {
        [
            (name: "Authorization", value: "Bearer \(token)"),
            (name: SyncHeader.replica, value: info.replicaID.description),
        ]
    }

    /// Sends with retries on a dropped link or a failing server.
    func send(_ request: HTTPRequest, info: ReplicaInfo) throws -> HTTPResponse {
        var attempt = 0
        var delay = retryDelay
        while true {
            do {
                let response = try transport.send(request)
                if response.status >= 500 && attempt < retries {
                    attempt += 1
                    Thread.sleep(forTimeInterval: delay)
                    delay *= 2
                    continue
                }
                return response
            } catch {
                guard error.isRetryable, attempt < retries + 4 else { throw offline(info, error.message) }
                attempt += 1
                Thread.sleep(forTimeInterval: delay)
                delay = min(delay * 2, 8)
            }
        }
    }

    func errorCode(_ response: HTTPResponse) -> String? { response.serverError?.code }

    func reason(_ response: HTTPResponse) -> String {
        response.serverError?.message ?? "the server answered \(response.status)"
    }

    func decode<T: Decodable>(_ type: T.Type, _ response: HTTPResponse) throws -> T {
        do {
            return try JSONText.decode(type, from: response.body)
        } catch {
            throw AgentError.unreadableAttachmentAnswer()
        }
    }

    func failure(_ attachment: AttachmentRecord, _ reason: String) -> AgentError {
        AgentError.attachmentTransferFailed(id: attachment.id, reason: reason)
    }

    func offline(_ info: ReplicaInfo, _ message: String) -> AgentError {
        AgentError.offlineMovingAttachments(reason: message)
    }
}
