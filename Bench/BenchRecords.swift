import FieldSyncDemo
import FieldSyncServer
import FieldSyncShared

/// Demo records in any number: one stretch of `seed-demo`'s generator taken as templates and
/// repeated, each repetition with fresh time-ordered ids, its own dots and references among
/// its own records, so the records keep the demo's shape (fields, sizes, several dots each).
///
/// ```swift
/// let source = BenchRecords()
/// let batch = source.wireRecords(0..<500, region: .north, replica: writer, stream: 1)
/// ```
///
/// A pure function of its arguments: the same range gives the same records.
struct BenchRecords: Sendable {
    struct Template: Sendable {
        let kind: RecordKind
        let state: RecordState
        /// Reference fields, naming the template they point to by index.
        let references: [String: Int]
    }

    let templates: [Template]
    /// The demo's highest dot counter: repetition `n` adds `n × span` to every counter.
    let span: UInt64
    /// The first id's Unix milliseconds; record `index` is made `index` ms later.
    static let firstMilliseconds: UInt64 = 1_764_000_000_000

    /// Templates from a demo stretch of `customers` customers (about twelve records each).
    init(customers: Int = 240, seed: UInt64 = 1) {
        let end = DemoMonth(year: 2026, month: 11)!
        let demo = DemoDataGenerator(.init(customers: customers, months: 12, seed: seed, end: end)).records()
        var position = [RecordID: Int]()
        for (index, record) in demo.enumerated() { position[record.id] = index }
        var span: UInt64 = 1
        templates = demo.compactMap { record in
            guard let kind = RecordKind(rawValue: record.kind) else { return nil }
            var references = [String: Int]()
            for (name, _) in record.state.fields {
                if let text = record.state.value(of: name)?.stringValue, let id = RecordID(text),
                    let target = position[id]
                {
                    references[name] = target
                }
            }
            span = max(span, record.state.context[DemoDataGenerator.replica])
            return Template(kind: kind, state: record.state, references: references)
        }
        self.span = span
    }

    /// The id of record `index` of `stream`: time-ordered (UUIDv7-like), distinct per stream.
    static func id(_ index: Int, stream: UInt64) -> RecordID {
        let milliseconds = (firstMilliseconds + UInt64(index)) & 0xFFFF_FFFF_FFFF
        var random = SplitMix64(seed: stream &* 0x1_0000_0001 &+ UInt64(index))
        return RecordID(
            high: milliseconds << 16 | 0x7000 | (stream & 0xFFF),
            low: random.next() & 0x3FFF_FFFF_FFFF_FFFF | 0x8000_0000_0000_0000)
    }

    /// Records `range` of `stream` as `replica` wrote them, all in `region`.
    func wireRecords(
        _ range: Range<Int>, region: Region, replica: ReplicaID, stream: UInt64, kinds: Set<RecordKind>? = nil
    )
        -> [WireRecord]
    {
        range.compactMap { index in
            let template = templates[index % templates.count]
            if let kinds, !kinds.contains(template.kind) { return nil }
            let repetition = index / templates.count
            let offset = UInt64(repetition) * span
            var fields = [String: [DottedValue]]()
            for (name, pairs) in template.state.fields {
                fields[name] = pairs.map { pair in
                    var value = pair.value
                    if name == "region" {
                        value = .value(.string(region.rawValue))
                    } else if let target = template.references[name] {
                        value = .value(
                            .string(Self.id(repetition * templates.count + target, stream: stream).description))
                    }
                    return DottedValue(dot: Dot(replica: replica, counter: pair.dot.counter + offset), value: value)
                }
            }
            let context = VersionVector([replica: template.state.context[DemoDataGenerator.replica] + offset])
            guard let state = RecordState(context: context, fields: fields) else { return nil }
            return WireRecord(id: Self.id(index, stream: stream), kind: template.kind.rawValue, state: state)
        }
    }

    /// What a technician types for record `index`, with references to the records made before
    /// it in the same repetition (`made` maps a template index to the id the agent gave it).
    func values(_ index: Int, region: Region, made: [Int: RecordID]) -> (kind: RecordKind, values: [String: JSONValue])
    {
        let template = templates[index % templates.count]
        var values = template.state.values
        values["region"] = .string(region.rawValue)
        for (name, target) in template.references {
            if let id = made[target] { values[name] = .string(id.description) } else { values[name] = nil }
        }
        return (template.kind, values)
    }
}
