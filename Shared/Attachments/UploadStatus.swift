/// What the server answers about an upload (`GET /v1/attachments/{id}/upload`, and after each
/// `PUT /v1/attachments/{id}/content`): how many bytes arrived, and whether they are whole and checked.
public struct UploadStatus: Codable, Sendable, Hashable {
    public let id: RecordID
    public let digest: String
    public let size: Int64
    public let received: Int64
    public let complete: Bool

    public init(id: RecordID, digest: String, size: Int64, received: Int64, complete: Bool) {
        self.id = id
        self.digest = digest
        self.size = size
        self.received = received
        self.complete = complete
    }
}
