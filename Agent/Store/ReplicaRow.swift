import FieldSyncShared
import Foundation
import GRDB

/// The single row of the `replica` table: who this replica is and where its sync stands.
struct ReplicaRow: Codable, FetchableRecord, PersistableRecord, Sendable {
    static let databaseTableName = "replica"

    var id: Int64 = 1
    var replicaID: String
    /// The highest dot counter this replica has used; moves in the same transaction as the write.
    var counter: Int64
    var serverURL: String
    var region: String?
    var technician: String?
    var createdAt: String
    /// The server's change-log position this replica has pulled up to.
    var pullCursor: Int64 = 0
    var lastSyncAt: String?
    /// The counter up to which the server has confirmed it durably holds this replica's writes.
    var confirmedCounter: Int64 = 0
    /// When the server last confirmed it holds every write up to `confirmedCounter`.
    var confirmedAt: String?
    var rebaselineEpoch: Int64 = 0
    /// A pull from 0 is under way after the server purged deletions this replica had not seen.
    var rebaselining: Bool = false
    /// Which file this replica is (`FileIdentity`); `nil` until first recorded.
    var fileIdentity: String?
    /// The epoch of this replica's current or last sync, as the server's hello handed it.
    var epoch: String?
    /// Sending everything again to a server that was restored from a backup.
    var resending: Bool = false
    /// The server timeline the pull cursor and the confirmations belong to.
    var serverTimeline: String?

    enum CodingKeys: String, CodingKey {
        case id, counter, region, technician, rebaselining, epoch, resending
        case fileIdentity = "file_identity"
        case serverTimeline = "server_timeline"
        case confirmedAt = "confirmed_at"
        case rebaselineEpoch = "rebaseline_epoch"
        case replicaID = "replica_id"
        case serverURL = "server_url"
        case createdAt = "created_at"
        case pullCursor = "pull_cursor"
        case lastSyncAt = "last_sync_at"
        case confirmedCounter = "confirmed_counter"
    }
}

/// What `fieldsync status` and the sync client need to know about this replica.
public struct ReplicaInfo: Sendable, Codable, Hashable {
    public let replicaID: ReplicaID
    public let counter: UInt64
    public let serverURL: String
    public let region: Region?
    public let technician: String?
    public let createdAt: String
    public let pullCursor: Int64
    public let lastSyncAt: String?
    public let confirmedCounter: UInt64
    public let confirmedAt: String?
    /// The epoch of the sync in progress or the last one; shown on every request of a sync.
    public let epoch: Epoch?
    /// Sending everything again to a server restored from a backup.
    public let resending: Bool

    init(row: ReplicaRow) throws {
        epoch = row.epoch.flatMap(Epoch.init)
        resending = row.resending
        confirmedAt = row.confirmedAt
        guard let id = ReplicaID(row.replicaID) else {
            throw AgentError.damagedReplicaIDInDatabase()
        }
        replicaID = id
        counter = UInt64(row.counter)
        serverURL = row.serverURL
        region = row.region.flatMap(Region.init(rawValue:))
        technician = row.technician
        createdAt = row.createdAt
        pullCursor = row.pullCursor
        lastSyncAt = row.lastSyncAt
        confirmedCounter = UInt64(row.confirmedCounter)
    }

    enum CodingKeys: String, CodingKey {
        case counter, region, technician
        case replicaID = "replica_id"
        case serverURL = "server"
        case createdAt = "created_at"
        case pullCursor = "pull_cursor"
        case lastSyncAt = "last_sync_at"
        case confirmedCounter = "confirmed_counter"
        case confirmedAt = "confirmed_at"
        case epoch, resending
    }
}
