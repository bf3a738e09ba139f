import FieldSyncShared
import Foundation

/// How a sync goes: batch sizes, retries, and where to report progress.
public struct SyncOptions: Sendable {
    /// Records per push request: each is one transaction on the server, so larger batches spread
    /// its fixed costs (a commit, the HTTP exchange) over more records.
    public var pushBatchSize = 1000
    /// Bytes of record states per push request, at most (the server takes 32 MiB by default).
    public var pushBatchBytes = 8 << 20
    /// Push batches sent before the first of them is answered.
    public var pushWindow = 2
    public var pullPageSize = 1000
    /// Further attempts after a network failure, with doubling delays from `retryDelay`.
    public var retries = 3
    public var retryDelay: Double = 1
    public init() {}
}

/// What a sync did, for the summary line and the exit status.
public struct SyncSummary: Sendable, Codable {
    public var pushed = 0
    public var pulled = 0
    public var removed = 0
    public var newConflicts = 0
    public var openConflicts = 0
    /// Records the server would not take, with why; they stay here, not pushed again until edited.
    public var refused: [Refusal] = []
    /// Records that left this replica's scope but were kept because they hold unsynced changes.
    public var keptOutOfScope: [RecordID] = []
    public var rebaselined = false
    /// Every write up to this counter is confirmed stored by the server.
    public var confirmedCounter: UInt64?
    /// What happened to this replica's identity or its server during the sync (a copy, a restore).
    public var identity: [IdentityEvent] = []
    /// Records sent again to a server restored from a backup that it did not hold.
    public var resent = 0
    /// Changes the server had not confirmed to this copy, re-issued under a new replica id.
    public var reissued = 0
    /// Records whose copies of other replicas' writes clashed with the server's under the same
    /// dots, sent again under this replica's id.
    public var untangled = 0
    /// What the bytes' own track did after the records (`AttachmentSync`); set by `sync`.
    public var attachments: AttachmentSyncSummary?

    public struct Refusal: Sendable, Codable {
        public let id: RecordID
        public let reason: String
    }

    enum CodingKeys: String, CodingKey {
        case pushed, pulled, removed, refused, rebaselined
        case newConflicts = "new_conflicts"
        case openConflicts = "open_conflicts"
        case keptOutOfScope = "kept_out_of_scope"
        case confirmedCounter = "confirmed_counter"
        case identity, resent, reissued, untangled, attachments
    }

    /// Whether the sync found and healed a copy of this file or a restored server: nothing was
    /// lost, but a person should know (exit status 4).
    public var healed: Bool { !identity.isEmpty || untangled > 0 }
}

/// Where a sync stands, for a progress bar.
public enum SyncProgress: Sendable {
    case pushing(done: Int, total: Int)
    /// `done` changes (records and removals) pulled of `total`, as the server counted them
    /// (`nil` until it has).
    case pulling(done: Int, total: Int?)
    case waiting(seconds: Double, reason: String)
}

/// Pushes this replica's changes, then pulls everything new in its scope, page by page.
///
/// Safe to interrupt anywhere: a record is marked clean only after the server answered
/// for it (and only if it did not change meanwhile), and each pulled page is applied
/// together with the cursor that follows it.
public struct SyncClient: Sendable {
    let store: ReplicaStore
    let transport: any HTTPTransport
    let token: String
    let options: SyncOptions
    let progress: @Sendable (SyncProgress) -> Void

    public init(
        store: ReplicaStore, transport: any HTTPTransport, token: String, options: SyncOptions = SyncOptions(),
        progress: @escaping @Sendable (SyncProgress) -> Void = { _ in }
    ) {
        self.store = store
        self.transport = transport
        self.token = token
        self.options = options
        self.progress = progress
    }

    public func run() throws -> SyncSummary {
        let lock = try SyncLock(databasePath: store.path)
        defer { lock.release() }
        var summary = SyncSummary()
        let eventsBefore = try store.identityEvents(limit: 1).first
        // A copy of the file takes a new id before anything goes out.
        try store.checkFileIdentity()
        var attempt = 0
        while true {
            do {
                // A server restored from a backup: this file took a new id; the sync begins again under it.
                if try runOnce(summary: &summary), attempt < 2 {
                    attempt += 1
                    continue
                }
                break
            } catch let error as AgentError where error.code == .forked && attempt < 2 {
                // Another copy of this file has synced: a new id, and the sync again under it.
                attempt += 1
                try store.rekeyAfterFork(reason: error.message.english)
            }
        }
        summary.openConflicts = try store.syncCounts().conflicts
        summary.identity = try store.identityEvents(limit: 10).prefix { $0 != eventsBefore }.reversed()
        return summary
    }

    /// One sync under the replica's current id; `true` when it must begin again under a new one.
    func runOnce(summary: inout SyncSummary) throws -> Bool {
        let hello = try sayHello()
        if try store.accept(hello) { return true }
        let info = try store.info()
        let formers = try store.formersToReissue()
        if !formers.isEmpty { summary.reissued += try reissue(formers, info: info) }
        let resent = try push(info: info, summary: &summary)
        if info.resending {
            summary.resent += resent
            if summary.refused.isEmpty, try store.syncCounts().pending == 0 {
                try store.finishResend(sent: summary.resent)
            }
        }
        try pull(info: info, summary: &summary)
        return false
    }
}
