import FieldSyncShared
import Foundation

/// What causality costs per record: the stored state's bytes beyond its values' own JSON
/// (`{"field": value, …}`), for records written by one, two and three replicas. Stored states
/// name replicas by the store's numbers (`ReplicaNumbering`); the wire form, with the 32-digit
/// ids, is weighed beside it.
enum MetadataMeasure {
    struct Figures: Sendable, Codable {
        var replicas: Int
        var records: Int
        /// Mean bytes of the record's values as plain JSON.
        var payloadBytes: Double
        /// Mean bytes of the state as the server stores it (context, dots and values).
        var stateBytes: Double
        /// Mean bytes of the state as a push or pull carries it (replica ids instead of numbers).
        var wireStateBytes: Double
        var metadataBytes: Double { stateBytes - payloadBytes }
        var metadataShare: Double { payloadBytes > 0 ? metadataBytes / payloadBytes : 0 }

        enum CodingKeys: String, CodingKey {
            case replicas, records
            case payloadBytes = "payload_bytes"
            case stateBytes = "state_bytes"
            case wireStateBytes = "wire_state_bytes"
            case metadataBytes = "metadata_bytes"
            case metadataShare = "metadata_share"
        }

        init(replicas: Int, records: Int, payloadBytes: Double, stateBytes: Double, wireStateBytes: Double) {
            self.replicas = replicas
            self.records = records
            self.payloadBytes = payloadBytes
            self.stateBytes = stateBytes
            self.wireStateBytes = wireStateBytes
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            replicas = try container.decode(Int.self, forKey: .replicas)
            records = try container.decode(Int.self, forKey: .records)
            payloadBytes = try container.decode(Double.self, forKey: .payloadBytes)
            stateBytes = try container.decode(Double.self, forKey: .stateBytes)
            wireStateBytes = try container.decodeIfPresent(Double.self, forKey: .wireStateBytes) ?? stateBytes
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(replicas, forKey: .replicas)
            try container.encode(records, forKey: .records)
            try container.encode(payloadBytes, forKey: .payloadBytes)
            try container.encode(stateBytes, forKey: .stateBytes)
            try container.encode(wireStateBytes, forKey: .wireStateBytes)
            try container.encode(metadataBytes, forKey: .metadataBytes)
            try container.encode(metadataShare, forKey: .metadataShare)
        }
    }

    /// Records spread over the initial pull's whole range (so dot counters are as large as there),
    /// then the same records after an office and a second technician each edited one field.
    static func run(_ context: BenchContext) throws -> [Figures] {
        let plan = context.plan
        let writer = ReplicaID(high: 0xBE7C_0000_0000_0000, low: 2)
        let office = ReplicaID(high: 0x0FF1_CE00_0000_0000, low: 0x1234_5678_9ABC_DEF0)
        let second = ReplicaID(high: 0x7EC4_0000_0000_0000, low: 0x0FED_CBA9_8765_4321)
        let stride = max(1, plan.pullRecords / plan.metadataSample)
        var samples: [[RecordState]] = [[], [], []]
        for number in 0..<plan.metadataSample {
            let index = number * stride
            guard
                let record = context.source.wireRecords(index..<index + 1, region: .north, replica: writer, stream: 2)
                    .first,
                let kind = RecordKind(rawValue: record.kind)
            else { continue }
            samples[0].append(record.state)
            guard let field = ConflictScenario.editedField[kind], let value = record.state.value(of: field) else {
                continue
            }
            // Later edits of the same value: the bytes that change are the context and the dots.
            var edited = record.state
            edited.write([field: value], dot: Dot(replica: office, counter: UInt64(50_000 + number)))
            samples[1].append(edited)
            edited.write(["region": .string("north")], dot: Dot(replica: second, counter: UInt64(200_000 + number)))
            samples[2].append(edited)
        }
        // As the server numbers them: in the order it first hears of each replica.
        let numbering = ReplicaNumbering([1: writer, 2: office, 3: second])
        return try samples.enumerated().map { offset, states in
            var payload = 0
            var stored = 0
            var wire = 0
            for state in states {
                payload += try JSONText.data(state.values).count
                stored += try state.encoded(numbering: numbering).count
                wire += try JSONText.data(state).count
            }
            let count = Double(max(1, states.count))
            return Figures(
                replicas: offset + 1, records: states.count, payloadBytes: Double(payload) / count,
                stateBytes: Double(stored) / count, wireStateBytes: Double(wire) / count)
        }
    }
}
