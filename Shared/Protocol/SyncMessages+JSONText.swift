import Foundation

/// The sync messages written and read without `Encoder` and `Decoder`, byte for byte as their
/// `Codable` forms: a push or a pull page carries hundreds of record states.
extension WireRecord: CanonicalJSONEncodable, CanonicalJSONDecodable {
    func write(to writer: inout JSONWriter) throws {
        writer.raw("{\"id\":")
        writer.string(id.description)
        writer.raw(",\"kind\":")
        writer.string(kind)
        writer.raw(",\"state\":")
        try state.write(to: &writer)
        writer.raw(UInt8(ascii: "}"))
    }

    init(reading reader: inout JSONReader) throws {
        var id: RecordID?
        var kind: String?
        var state: RecordState?
        try reader.object { key, reader in
            switch key {
            case "id":
                guard id == nil, let parsed = RecordID(try reader.string()) else { throw JSONReader.Unsupported() }
                id = parsed
            case "kind":
                guard kind == nil else { throw JSONReader.Unsupported() }
                kind = try reader.string()
            case "state":
                guard state == nil else { throw JSONReader.Unsupported() }
                state = try RecordState(reading: &reader)
            default:
                // Another version's key: JSONDecoder ignores it, after the duplicate-key check.
                throw JSONReader.Unsupported()
            }
        }
        guard let id, let kind, let state else { throw JSONReader.Unsupported() }
        self.init(id: id, kind: kind, state: state)
    }
}

extension PushRequest: CanonicalJSONEncodable, CanonicalJSONDecodable {
    func write(to writer: inout JSONWriter) throws {
        writer.raw("{\"records\":[")
        for (index, record) in records.enumerated() {
            if index > 0 { writer.raw(UInt8(ascii: ",")) }
            try record.write(to: &writer)
        }
        writer.raw("],\"replica\":")
        writer.string(replica)
        writer.raw(UInt8(ascii: "}"))
    }

    init(reading reader: inout JSONReader) throws {
        var replica: ReplicaID?
        var records: [WireRecord]?
        try reader.object { key, reader in
            switch key {
            case "replica":
                guard replica == nil, let parsed = ReplicaID(try reader.string()) else {
                    throw JSONReader.Unsupported()
                }
                replica = parsed
            case "records":
                guard records == nil else { throw JSONReader.Unsupported() }
                records = try reader.array { try WireRecord(reading: &$0) }
            default:
                // Another version's key: JSONDecoder ignores it, after the duplicate-key check.
                throw JSONReader.Unsupported()
            }
        }
        guard let replica, let records else { throw JSONReader.Unsupported() }
        self.init(replica: replica, records: records)
    }
}

/// A record whose state is already JSON text, as a store keeps it: a pull passes it on as it is.
public struct EncodedWireRecord: Sendable {
    public let id: RecordID
    public let kind: String
    /// The record's state as its store keeps it (`RecordState.encoded(numbering:)`).
    public let state: Data

    public init(id: RecordID, kind: String, state: Data) {
        self.id = id
        self.kind = kind
        self.state = state
    }
}

extension EncodedWireRecord {
    /// The record as `WireRecord` writes it, its stored state's replica numbers named by id.
    func write(to writer: inout JSONWriter, numbering: ReplicaNumbering) throws {
        writer.raw("{\"id\":")
        writer.string(id.description)
        writer.raw(",\"kind\":")
        writer.string(kind)
        writer.raw(",\"state\":")
        try RecordStateText.writeNamingReplicas(state, numbering: numbering, to: &writer)
        writer.raw(UInt8(ascii: "}"))
    }
}

extension PushRequest {
    /// The JSON text of a push of records whose states are as their store keeps them: the same
    /// bytes as `JSONText.data(PushRequest(…))` of the decoded records, without decoding them.
    /// Throws `UnknownReplicaNumber` for a number `numbering` does not hold.
    public static func text(replica: ReplicaID, records: [EncodedWireRecord], numbering: ReplicaNumbering) throws
        -> Data
    {
        var writer = JSONWriter(capacity: records.reduce(64) { $0 + $1.state.count + $1.kind.utf8.count + 180 })
        writer.raw("{\"records\":[")
        for (index, record) in records.enumerated() {
            if index > 0 { writer.raw(UInt8(ascii: ",")) }
            try record.write(to: &writer, numbering: numbering)
        }
        writer.raw("],\"replica\":")
        writer.string(replica)
        writer.raw(UInt8(ascii: "}"))
        return Data(writer.bytes)
    }
}

extension PullResponse: CanonicalJSONEncodable, CanonicalJSONDecodable {
    /// The JSON text of a page of records whose states are already encoded: the same bytes as
    /// `JSONText.data(PullResponse(…))` of the decoded records, without decoding them. Replica
    /// numbers of the store's `numbering` become ids again (`RecordStateText`); throws
    /// `UnknownReplicaNumber` for a number it does not hold.
    public static func text(
        records: [EncodedWireRecord], removed: [RecordID], next: Int64, more: Bool, remaining: Int64? = nil,
        numbering: ReplicaNumbering = ReplicaNumbering()
    ) throws -> Data {
        var writer = JSONWriter(capacity: records.reduce(64) { $0 + $1.state.count + $1.kind.utf8.count + 180 })
        writer.raw("{\"more\":")
        writer.bool(more)
        writer.raw(",\"next\":")
        writer.int(next)
        writer.raw(",\"records\":[")
        for (index, record) in records.enumerated() {
            if index > 0 { writer.raw(UInt8(ascii: ",")) }
            try record.write(to: &writer, numbering: numbering)
        }
        writer.raw(UInt8(ascii: "]"))
        if let remaining {
            writer.raw(",\"remaining\":")
            writer.int(remaining)
        }
        writer.raw(",\"removed\":[")
        for (index, id) in removed.enumerated() {
            if index > 0 { writer.raw(UInt8(ascii: ",")) }
            writer.string(id.description)
        }
        writer.raw("]}")
        return Data(writer.bytes)
    }

    func write(to writer: inout JSONWriter) throws {
        writer.raw("{\"more\":")
        writer.bool(more)
        writer.raw(",\"next\":")
        writer.int(next)
        writer.raw(",\"records\":[")
        for (index, record) in records.enumerated() {
            if index > 0 { writer.raw(UInt8(ascii: ",")) }
            try record.write(to: &writer)
        }
        writer.raw(UInt8(ascii: "]"))
        if let remaining {
            writer.raw(",\"remaining\":")
            writer.int(remaining)
        }
        writer.raw(",\"removed\":[")
        for (index, id) in removed.enumerated() {
            if index > 0 { writer.raw(UInt8(ascii: ",")) }
            writer.string(id.description)
        }
        writer.raw("]}")
    }

    init(reading reader: inout JSONReader) throws {
        var records: [WireRecord]?
        var removed: [RecordID]?
        var next: Int64?
        var more: Bool?
        var remaining: Int64?
        try reader.object { key, reader in
            switch key {
            case "records":
                guard records == nil else { throw JSONReader.Unsupported() }
                records = try reader.array { try WireRecord(reading: &$0) }
            case "removed":
                guard removed == nil else { throw JSONReader.Unsupported() }
                removed = try reader.array { reader in
                    guard let id = RecordID(try reader.string()) else { throw JSONReader.Unsupported() }
                    return id
                }
            case "next":
                guard next == nil else { throw JSONReader.Unsupported() }
                next = try reader.int()
            case "more":
                guard more == nil else { throw JSONReader.Unsupported() }
                more = try reader.bool()
            case "remaining":
                guard remaining == nil else { throw JSONReader.Unsupported() }
                remaining = try reader.int()
            default:
                // Another version's key: JSONDecoder ignores it, after the duplicate-key check.
                throw JSONReader.Unsupported()
            }
        }
        guard let records, let removed, let next, let more else { throw JSONReader.Unsupported() }
        self.init(records: records, removed: removed, next: next, more: more, remaining: remaining)
    }
}

extension PushResponse: CanonicalJSONEncodable, CanonicalJSONDecodable {
    func write(to writer: inout JSONWriter) throws {
        writer.raw("{\"results\":[")
        for (index, result) in results.enumerated() {
            if index > 0 { writer.raw(UInt8(ascii: ",")) }
            // Absent optionals are left out, as the synthesized encoding leaves them out.
            writer.raw(UInt8(ascii: "{"))
            if let code = result.code {
                writer.raw("\"code\":")
                writer.string(code)
                writer.raw(UInt8(ascii: ","))
            }
            if let held = result.held {
                writer.raw(held ? "\"held\":true," : "\"held\":false,")
            }
            writer.raw("\"id\":")
            writer.string(result.id.description)
            writer.raw(",\"outcome\":")
            writer.string(result.outcome.rawValue)
            if let reason = result.reason {
                writer.raw(",\"reason\":")
                writer.string(reason)
            }
            writer.raw(UInt8(ascii: "}"))
        }
        writer.raw("]}")
    }

    init(reading reader: inout JSONReader) throws {
        var results: [PushResult]?
        try reader.object { key, reader in
            if key == "results", results == nil {
                results = try reader.array { try Self.result(&$0) }
            } else {
                // A repeated "results", or another version's key: JSONDecoder's, after the duplicate-key check.
                throw JSONReader.Unsupported()
            }
        }
        guard let results else { throw JSONReader.Unsupported() }
        self.init(results: results)
    }

    private static func result(_ reader: inout JSONReader) throws -> PushResult {
        var id: RecordID?
        var outcome: PushOutcome?
        var code: String??
        var reason: String??
        var held: Bool??
        try reader.object { key, reader in
            switch key {
            case "id":
                guard id == nil, let parsed = RecordID(try reader.string()) else { throw JSONReader.Unsupported() }
                id = parsed
            case "outcome":
                guard outcome == nil, let parsed = PushOutcome(rawValue: try reader.string()) else {
                    throw JSONReader.Unsupported()
                }
                outcome = parsed
            case "code":
                guard code == nil else { throw JSONReader.Unsupported() }
                code = .some(try reader.null() ? nil : try reader.string())
            case "reason":
                guard reason == nil else { throw JSONReader.Unsupported() }
                reason = .some(try reader.null() ? nil : try reader.string())
            case "held":
                guard held == nil else { throw JSONReader.Unsupported() }
                held = .some(try reader.null() ? nil : try reader.bool())
            default:
                // Another version's key: JSONDecoder ignores it, after the duplicate-key check.
                throw JSONReader.Unsupported()
            }
        }
        guard let id, let outcome else { throw JSONReader.Unsupported() }
        return PushResult(id: id, outcome: outcome, code: code ?? nil, reason: reason ?? nil, held: held ?? nil)
    }
}
