/// The name of one sync between a replica and the server: a number the server counts up for
/// every sync it starts, and a random part, written `NUMBER.HEX` (`1842.9f3c…`).
///
/// The server hands a fresh epoch at the start of every sync and remembers the last one it
/// handed each replica; the replica keeps it in its file and shows it on every request. A copy
/// of the file (restored, cloned, rolled back) shows an epoch the server has moved past; a server
/// restored from a backup is shown an epoch it never handed, or has forgotten.
///
/// ```swift
/// let epoch = Epoch(number: 1842, token: "9f3c…")
/// Epoch(epoch.description) == epoch   // true
/// ```
public struct Epoch: Hashable, Sendable, CustomStringConvertible {
    /// The server's count of syncs started when it handed this one out.
    public let number: Int64
    /// 32 random hex digits.
    public let token: String

    public init(number: Int64, token: String) {
        self.number = number
        self.token = token
    }

    /// A fresh epoch numbered `number`, with a random part from the system's random source.
    public static func fresh(number: Int64) -> Epoch {
        Epoch(number: number, token: ReplicaID.random().description)
    }

    /// Parses `NUMBER.HEX` (a number of 1 to 18 digits without a leading zero or sign); `nil`
    /// for anything else.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...18).contains(parts[0].utf8.count), parts[0].utf8.first != UInt8(ascii: "0"),
            parts[0].utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
            let number = Int64(parts[0]), ReplicaID(parts[1]) != nil
        else { return nil }
        self.init(number: number, token: String(parts[1]))
    }

    public var description: String { "\(number).\(token)" }
}

extension Epoch: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard let epoch = Epoch(try container.decode(String.self)) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "an epoch is NUMBER.HEX (32 hex digits)")
        }
        self = epoch
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// `POST /v1/hello`: what a replica tells the server at the start of every sync.
///
/// ```json
/// {"replica": "<32 hex>", "epoch": "1842.<32 hex>", "counter": 57, "confirmed": 50, "cursor": 9120,
///  "resending": false}
/// ```
public struct HelloRequest: Codable, Sendable, Hashable {
    public let replica: ReplicaID
    /// The epoch the server handed this replica at its last sync, as kept in its file (`nil`
    /// before its first).
    public let epoch: Epoch?
    /// The replica's counter: the highest dot it has issued.
    public let counter: UInt64
    /// The counter up to which the server confirmed holding this replica's writes.
    public let confirmed: UInt64
    /// The replica's pull cursor: the change-log place it has pulled up to.
    public let cursor: Int64
    /// The replica is still sending again what a restored server lacks.
    public let resending: Bool
    /// The ids this replica file wrote under before it took this one (it was copied or restored).
    public let former: [ReplicaID]?
    /// The server timeline the replica's cursor and confirmations belong to (`nil` before its first sync).
    public let timeline: String?

    public init(
        replica: ReplicaID, epoch: Epoch?, counter: UInt64, confirmed: UInt64, cursor: Int64, resending: Bool = false,
        former: [ReplicaID]? = nil, timeline: String? = nil
    ) {
        self.timeline = timeline
        self.replica = replica
        self.epoch = epoch
        self.counter = counter
        self.confirmed = confirmed
        self.cursor = cursor
        self.resending = resending
        self.former = former
    }
}

/// What the server concluded from a hello.
public enum HelloVerdict: String, Codable, Sendable {
    /// The server remembers this replica's last sync: go on.
    case ok
    /// The server has forgotten part of what it confirmed to this replica (it was restored from
    /// a backup, or is another server): send it everything again and pull from the start.
    case serverRestored = "server_restored"
}

/// The answer to a hello. A copy that forgot part of its own history is answered 409
/// `replica_forked` instead (`SyncErrorCode.replicaForked`).
public struct HelloResponse: Codable, Sendable, Hashable {
    public let verdict: HelloVerdict
    /// The epoch to keep and show on every request of this sync.
    public let epoch: Epoch
    /// Why, for `server_restored`: a sentence for the person reading `fieldsync status`.
    public let reason: String?
    /// How many changes in the replica's scope lie after its cursor.
    public let changes: Int64?
    /// The server's timeline: kept with the cursor, shown at the next hello.
    public let timeline: String?

    public init(
        verdict: HelloVerdict, epoch: Epoch, reason: String? = nil, changes: Int64? = nil, timeline: String? = nil
    ) {
        self.timeline = timeline
        self.verdict = verdict
        self.epoch = epoch
        self.reason = reason
        self.changes = changes
    }
}

/// `POST /v1/records`: the server's states of some records, as a replica re-issuing its writes
/// compares them (records outside the token's scope, or unknown, are left out).
public struct RecordsRequest: Codable, Sendable, Hashable {
    public let ids: [RecordID]

    public init(ids: [RecordID]) { self.ids = ids }
}

/// The answer to `POST /v1/records`.
public struct RecordsResponse: Codable, Sendable, Hashable {
    public let records: [WireRecord]

    public init(records: [WireRecord]) { self.records = records }
}
