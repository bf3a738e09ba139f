import FieldSyncShared
import Foundation

/// A token as `token list` shows it (never the token itself).
public struct TokenInfo: Sendable, Codable, Hashable {
    public let id: Int64
    public let name: String
    public let role: Role
    public let region: Region?
    public let createdAt: String
    public let revokedAt: String?
}

/// A replica as `replica list` shows it.
public struct ReplicaSummary: Sendable, Codable, Hashable {
    public let replica: String
    public let tokenID: Int64
    public let tokenName: String
    public let firstSeen: String
    public let lastSync: String?
    public let cursor: Int64
    public let retiredAt: String?
}

/// One page of the change log for a scope.
public struct ChangePage: Sendable {
    public var records: [WireRecord]
    public var removed: [RecordID]
    public var next: Int64
    public var more: Bool
    /// How many changes remain after `next` for this replica, when the pull asked to count them.
    public var remaining: Int64?
}

/// How a replica asks for a page beyond its cursor and size.
public struct PullOptions: Sendable, Hashable {
    /// Leave out the entries that are exactly what the asking replica pushed (`Echo`).
    public var omitEchoes: Bool
    /// Count the changes that remain after the page (a scan of the rest of the log: asked once a sync).
    public var count: Bool

    public init(omitEchoes: Bool = false, count: Bool = false) {
        self.omitEchoes = omitEchoes
        self.count = count
    }
}

/// What a push did, for the response and the metrics.
public struct PushSummary: Sendable {
    public var results: [PushResult]
    public var stored: Int
    public var conflictsOpened: Int

    /// Adds the outcome of one record's decision, once the store has carried it out.
    mutating func note(_ decision: PushDecision, for id: RecordID) {
        switch decision {
        case .store(_, _, let outcome, let opened):
            stored += 1
            conflictsOpened += opened
            results.append(PushResult(id: id, outcome: outcome))
        case .unchanged(let outcome):
            results.append(PushResult(id: id, outcome: outcome, held: true))
        case .reject(let code, let reason):
            results.append(PushResult(id: id, outcome: .rejected, code: code, reason: reason))
        case .refuse:
            break  // a refusal throws before anything is carried out
        }
    }
}

/// The server's storage: one protocol, carried out on SQLite and on PostgreSQL.
///
/// Decisions are made by `PushDecision.decide`, a pure function the store calls with what it
/// holds: inside its transaction (PostgreSQL, under the records' locks), or beforehand on a
/// reader with the transaction then checking that the rows decided against are unchanged and
/// deciding again any that changed (SQLite, whose single writer should only store). The store
/// only reads, locks and writes.
public protocol ServerStore: Sendable {
    /// Merges a batch in one transaction. Throws `ServerError` (403) if any record is refused,
    /// storing nothing of the batch.
    func push(_ records: [WireRecord], pusher: ReplicaID, identity: Identity, now: String) async throws -> PushSummary

    /// The changes after `cursor` in `scope` (`nil`: every region), oldest first.
    /// Throws `ServerError` (409 `rebaseline_required`) when `replica` may have missed tombstones
    /// purged after `cursor` (an unknown replica is assumed to have started before every purge).
    /// `options` may leave out `replica`'s own echoes and count what remains.
    func pull(after cursor: Int64, limit: Int, scope: Region?, replica: ReplicaID?, options: PullOptions) async throws
        -> ChangePage

    /// `pull`, as the JSON text of its `PullResponse`, with how many records it holds. A store
    /// may pass the states through as it stored them rather than decode and encode them again.
    func pullText(after cursor: Int64, limit: Int, scope: Region?, replica: ReplicaID?, options: PullOptions)
        async throws -> (body: Data, records: Int)

    /// Binds `replica` to the token on first sight; refuses a replica bound to another token, and
    /// (409 `replica_forked`) a request whose `epoch` is not the one of the replica's current sync
    /// (`ReplicaHandshake.check`). Returns whether the replica may bring writes the server lost.
    @discardableResult
    func bind(replica: ReplicaID, identity: Identity, epoch: Epoch?, now: String) async throws -> ReplicaStanding

    /// `bind` of the pusher, then `push`: what a push request does. A store may do both in one
    /// transaction (one commit per batch, not two). Raises the pusher's mark to its highest counter.
    func bindAndPush(_ records: [WireRecord], pusher: ReplicaID, identity: Identity, epoch: Epoch?, now: String)
        async throws
        -> PushSummary

    /// The start of a sync: binds the replica and decides, with `ReplicaHandshake.decide`, whether
    /// it is the copy the server last spoke to; hands it a new epoch. Throws 409 `replica_forked`
    /// for a copy that forgot part of its history. `scope` counts the changes it will pull.
    func hello(_ hello: HelloRequest, identity: Identity, now: String) async throws -> HelloResponse

    /// The stored states of the records with these ids in `scope` (unknown ones left out).
    func records(ids: [RecordID], scope: Region?) async throws -> [WireRecord]

    /// Notes that `replica` holds everything up to `cursor` (at 0: it starts a full pull), then
    /// purges tombstones every active replica in scope has pulled past. Returns how many were purged.
    @discardableResult
    func acknowledge(replica: ReplicaID, cursor: Int64, now: String) async throws -> Int

    func createToken(name: String, role: Role, region: Region?, hash: String, now: String) async throws -> TokenInfo
    func tokens() async throws -> [TokenInfo]
    /// Revokes by id or name; returns the tokens revoked.
    func revokeToken(_ idOrName: String, now: String) async throws -> [TokenInfo]
    /// The identity of a token hash; `nil` if unknown. Throws 401 `token_revoked` for a revoked one.
    func identity(forHash hash: String) async throws -> Identity?

    func replicas() async throws -> [ReplicaSummary]
    func retire(replica: String, now: String) async throws -> Bool

    /// Every record in scope, for reports and tests.
    func allRecords(scope: Region?) async throws -> [WireRecord]

    /// Checks that the storage can serve (reachable, schema migrated) before the server takes requests;
    /// throws `ServerError` saying what to fix. Operations call it themselves when needed.
    func prepare() async throws
}

/// What the server knows of a replica that a push must take into account.
public struct ReplicaStanding: Sendable, Equatable {
    /// The replica sends again what a restore of this server lost: see `PushDecision.decide`.
    public var resending: Bool

    public init(resending: Bool = false) { self.resending = resending }
}

extension ServerStore {
    /// Nothing to check for a store opened ready to use.
    public func prepare() async throws {}

    /// Binds a replica that shows no epoch (tests, and requests of an older fieldsync).
    public func bind(replica: ReplicaID, identity: Identity, now: String) async throws {
        try await bind(replica: replica, identity: identity, epoch: nil, now: now)
    }
}

extension RecordState {
    /// What the `customer` column holds: the id of the customer the record is about, or nothing.
    /// Only a valid id goes in; a field named `customer` that is not one (an unknown field of a
    /// customer record, kept as sent) may hold any text, even a NUL that PostgreSQL's text refuses.
    var customerColumn: String? { value(of: "customer")?.stringValue.flatMap { RecordID($0) }?.description }
}

extension ServerStore {
    /// The page from `pull`, encoded.
    public func pullText(after cursor: Int64, limit: Int, scope: Region?, replica: ReplicaID?, options: PullOptions)
        async throws -> (body: Data, records: Int)
    {
        let page = try await pull(after: cursor, limit: limit, scope: scope, replica: replica, options: options)
        let response = PullResponse(
            records: page.records, removed: page.removed, next: page.next, more: page.more, remaining: page.remaining)
        return (try JSONText.data(response), page.records.count)
    }

    /// A pull that sends every change, echoes included, and counts nothing.
    public func pull(after cursor: Int64, limit: Int, scope: Region?, replica: ReplicaID?) async throws -> ChangePage {
        try await pull(after: cursor, limit: limit, scope: scope, replica: replica, options: PullOptions())
    }

    /// `pullText` sending every change, echoes included, and counting nothing.
    public func pullText(after cursor: Int64, limit: Int, scope: Region?, replica: ReplicaID?) async throws -> (
        body: Data, records: Int
    ) {
        try await pullText(after: cursor, limit: limit, scope: scope, replica: replica, options: PullOptions())
    }
}
