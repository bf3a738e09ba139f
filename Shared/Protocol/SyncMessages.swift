/// `POST /v1/push`: the full states of records changed since the last acknowledged push.
///
/// ```json
/// {"replica": "<32 hex>", "records": [{"id": "...", "kind": "customer", "state": {...}}]}
/// ```
public struct PushRequest: Codable, Sendable, Hashable {
    public let replica: ReplicaID
    public let records: [WireRecord]

    public init(replica: ReplicaID, records: [WireRecord]) {
        self.replica = replica
        self.records = records
    }
}

/// What the server did with one pushed record.
public enum PushOutcome: String, Codable, Sendable {
    /// Merged and stored (or already held: a repeated push changes nothing).
    case applied
    /// Merged and stored, and a field now holds concurrent values for a person to settle.
    case conflict
    /// Not stored; `reason` says why. The rest of the batch is unaffected.
    case rejected
}

/// The outcome for one record of a push.
public struct PushResult: Codable, Sendable, Hashable {
    public let id: RecordID
    public let outcome: PushOutcome
    /// A stable code for a rejection (`invalid_record`, `immutable`, `unknown_kind`).
    public let code: String?
    /// A sentence for the technician saying what is wrong and what to do.
    public let reason: String?
    /// `true` when the server already held everything pushed (a repeated push), so nothing was
    /// stored; absent otherwise.
    public let held: Bool?

    public init(id: RecordID, outcome: PushOutcome, code: String? = nil, reason: String? = nil, held: Bool? = nil) {
        self.id = id
        self.outcome = outcome
        self.code = code
        self.reason = reason
        self.held = held
    }
}

/// The answer to a push, sent only after the batch is committed durably.
public struct PushResponse: Codable, Sendable, Hashable {
    public let results: [PushResult]

    public init(results: [PushResult]) { self.results = results }
}

/// `GET /v1/pull?after=CURSOR&limit=N[&echo=false][&count=true]`: the changes in the token's
/// scope after a cursor.
///
/// Each record appears once, at its latest place in the change log. `removed` lists
/// records that left the scope (moved to another region). When `more` is true the
/// replica asks again with `after = next`. With `echo=false` the records that are exactly what
/// the asking replica pushed are left out (`Echo`), and `next` still moves past them. With
/// `count=true`, `remaining` says how many changes are left after `next`.
///
/// ```json
/// {"more": true, "next": 9120, "records": [...], "remaining": 41000, "removed": []}
/// ```
public struct PullResponse: Codable, Sendable, Hashable {
    public let records: [WireRecord]
    public let removed: [RecordID]
    public let next: Int64
    public let more: Bool
    /// How many changes remain after `next` for this replica (records and removals), when the pull
    /// asked `count=true`; absent otherwise.
    public let remaining: Int64?

    public init(records: [WireRecord], removed: [RecordID], next: Int64, more: Bool, remaining: Int64? = nil) {
        self.records = records
        self.removed = removed
        self.next = next
        self.more = more
        self.remaining = remaining
    }
}

/// The body of every error answer: `{"error": {"code": "...", "message": "..."}}`.
public struct ErrorBody: Codable, Sendable, Hashable {
    public struct Detail: Codable, Sendable, Hashable {
        public let code: String
        public let message: String
        /// The records the error is about, when it concerns some records of a push.
        public let records: [RecordID]?

        public init(code: String, message: String, records: [RecordID]? = nil) {
            self.code = code
            self.message = message
            self.records = records
        }
    }

    public let error: Detail

    public init(code: String, message: String, records: [RecordID]? = nil) {
        error = Detail(code: code, message: message, records: records)
    }
}

/// Header names of the sync protocol.
public enum SyncHeader {
    /// The replica making the request, as 32 hex digits.
    public static let replica = "FieldSync-Replica"
    /// The epoch of this sync, as the hello answered it (`NUMBER.HEX`).
    public static let epoch = "FieldSync-Epoch"
}

/// Error codes a client acts on.
public enum SyncErrorCode {
    public static let rebaselineRequired = "rebaseline_required"
    public static let tokenRevoked = "token_revoked"
    public static let unauthorized = "unauthorized"
    public static let outOfScope = "out_of_scope"
    public static let forgedDot = "forged_dot"
    public static let replicaBound = "replica_bound_to_other_token"
    /// The replica's file is a copy (restored, cloned, rolled back) whose history another copy
    /// has gone on from: it must take a new replica id and re-issue its unconfirmed writes.
    public static let replicaForked = "replica_forked"
}
