import Foundation

// A libFuzzer target for the wire decoder and the merge. It is compiled together with every
// source of `Shared/` into one executable (see scripts/fuzz.sh), so internal API such as
// `JSONReader` is reachable. Decoding errors are expected; a trap is a finding.

/// libFuzzer's entry point: one input per call, never an error code.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start, count > 0 else { return 0 }
    WireFuzz.run(Data(bytes: start, count: count))
    return 0
}

/// What one input is checked for. Every check that fails traps with a description.
enum WireFuzz {
    /// Bounds on how many decoded states are merged with one another, so an input stays fast.
    static let pairLimit = 6
    static let tripleLimit = 4
    /// The replica the fuzzer writes and settles as: fresh dots come from its counter.
    static let fuzzReplica = ReplicaID(high: 0xF022_F022_F022_F022, low: 0x0000_0000_0000_0001)

    static func run(_ data: Data) {
        var states = [RecordState]()
        if let push = decoded(PushRequest.self, data) {
            for record in push.records { check(record) }
            states += push.records.map(\.state)
        }
        if let pull = decoded(PullResponse.self, data) {
            for record in pull.records { check(record) }
            states += pull.records.map(\.state)
        }
        if let record = decoded(WireRecord.self, data) {
            check(record)
            states.append(record.state)
        }
        if let state = decoded(RecordState.self, data) {
            check(state)
            states.append(state)
        }
        if let state = storedDecoded(data) {
            check(state)
            states.append(state)
        }
        _ = decoded(PushResponse.self, data)
        // Two states from the two halves, and up to three from newline-separated parts.
        let middle = data.startIndex + data.count / 2
        for parts in [[data[..<middle], data[middle...]], data.split(separator: 0x0A, maxSplits: 2)]
        where parts.count > 1 {
            let decodedParts = parts.compactMap { decoded(RecordState.self, Data($0)) }
            decodedParts.forEach(check)
            states += decodedParts
        }
        checkMergeLaws(states)
    }

    // MARK: Decoding

    /// The value `JSONText.decode` gives, after checking that the hand-written reader and
    /// `JSONDecoder` agree on it and that it round-trips through its canonical text.
    static func decoded<T>(_ type: T.Type, _ data: Data) -> T?
    where T: Codable & Equatable & CanonicalJSONDecodable & CanonicalJSONEncodable {
        guard let value = try? JSONText.decode(type, from: data) else { return nil }
        if let viaReader = try? JSONReader.read(data, { try T(reading: &$0) }) {
            // The reader promises the value JSONDecoder would give for the text it accepts.
            guard let viaDecoder = try? JSONDecoder().decode(type, from: data) else {
                fail("JSONReader accepts \(type) text that JSONDecoder refuses", text: data)
            }
            guard viaDecoder == viaReader else {
                fail("JSONReader and JSONDecoder read \(type) differently", text: data, viaReader, viaDecoder)
            }
        }
        roundTrip(value)
        return value
    }

    /// `JSONText.data` then `JSONText.decode` gives an equal value, and the same bytes again.
    static func roundTrip<T: Codable & Equatable>(_ value: T) {
        let bytes: Data
        do { bytes = try JSONText.data(value) } catch { fail("\(T.self) does not encode: \(error)", value) }
        let back: T
        do { back = try JSONText.decode(T.self, from: bytes) } catch {
            fail("\(T.self) does not decode from its own text: \(error)", text: bytes)
        }
        guard back == value else { fail("\(T.self) changes through encode and decode", text: bytes, value, back) }
        guard let again = try? JSONText.data(back), again == bytes else {
            fail("\(T.self) re-encodes to other bytes", text: bytes, back)
        }
    }

    /// A store's numbering, for text that names replicas by number.
    static let storeNumbering = ReplicaNumbering([
        1: fuzzReplica, 2: ReplicaID(high: 1, low: 2), 7: ReplicaID(high: 3, low: 4),
    ])

    /// The state a store reads from `data` with `storeNumbering`, after checking that the
    /// hand-written reader and `JSONDecoder` (given the numbering) agree on it.
    static func storedDecoded(_ data: Data) -> RecordState? {
        guard let state = try? RecordState(encoded: data, numbering: storeNumbering) else { return nil }
        if let viaReader = try? JSONReader.read(data, { try RecordState(reading: &$0, numbering: storeNumbering) }) {
            let decoder = JSONDecoder()
            decoder.userInfo[.replicaNumbering] = storeNumbering
            guard let viaDecoder = try? decoder.decode(RecordState.self, from: data) else {
                fail("JSONReader accepts stored text that JSONDecoder refuses", text: data)
            }
            guard viaDecoder == viaReader else {
                fail("JSONReader and JSONDecoder read stored text differently", text: data, viaReader, viaDecoder)
            }
        }
        return state
    }

    /// A state stored with a numbering (full, or of its first replica only) reads back equal, and
    /// a pull's rewrite of the stored text gives the wire text byte for byte.
    static func checkStored(_ state: RecordState) {
        let replicas = state.context.replicas
        let full = ReplicaNumbering(
            Dictionary(uniqueKeysWithValues: replicas.enumerated().map { (Int64($0.offset * 3 + 1), $0.element) }))
        let first = ReplicaNumbering(replicas.first.map { [Int64(5): $0] } ?? [:])
        guard let wire = try? JSONText.data(state) else { fail("a state does not encode", state) }
        for numbering in [full, first] {
            let stored: Data
            do { stored = try state.encoded(numbering: numbering) } catch {
                fail("a state does not encode numbered: \(error)", state)
            }
            guard (try? RecordState(encoded: stored, numbering: numbering)) == state else {
                fail("a numbered state does not read back", text: stored, state)
            }
            var writer = JSONWriter()
            do { try RecordStateText.writeNamingReplicas(stored, numbering: numbering, to: &writer) } catch {
                fail("a pull cannot name the replicas of a stored state: \(error)", text: stored)
            }
            guard Data(writer.bytes) == wire else {
                fail("a pull's rewrite differs from the wire text", text: Data(writer.bytes), state)
            }
        }
    }

    // MARK: One record

    static func check(_ record: WireRecord) {
        _ = record.region
        if let kind = RecordKind(rawValue: record.kind) {
            let values = record.state.values
            _ = RecordValidator.problems(kind: kind, values: values)
            for spec in kind.fields {
                guard let value = values[spec.name] else { continue }
                _ = spec.check(value)
                _ = spec.display(value, in: .chinese)
                // A time the validator takes reads back from the text it is shown as.
                if spec.type == .time, let text = value.stringValue, let time = try? ServiceTime(parsing: text) {
                    guard (try? ServiceTime(parsing: time.description)) == time else {
                        fail("ServiceTime \(text) does not read back from \(time.description)")
                    }
                }
            }
        }
        check(record.state)
    }

    static func check(_ state: RecordState) {
        // Rebuilding from the parts is the identity: decoded states keep the invariants.
        guard RecordState(context: state.context, fields: state.fields) == state else {
            fail("a decoded state breaks the RecordState invariants", state)
        }
        let conflicts = state.conflicts
        guard state.hasConflicts == !conflicts.isEmpty else {
            fail("hasConflicts is \(state.hasConflicts) but conflicts lists \(conflicts.count)", state)
        }
        _ = state.isDeleted
        checkStored(state)
        for dot in state.dots where Dot(dot.description) != dot {
            fail("dot \(dot) does not read back from its text", state)
        }
        guard let counter = nextCounter(state) else { return }
        let dot = Dot(replica: fuzzReplica, counter: counter)

        // A local write or delete supersedes the state it was made on.
        var written = state
        written.write(["fuzz": .int(1)], dot: dot)
        requireDominates(written, state, "a write")
        var deleted = state
        deleted.delete(dot: dot)
        requireDominates(deleted, state, "a delete")
        guard deleted.isDeleted else { fail("a delete does not leave the record deleted", deleted) }

        // Settling the first conflict, keeping its provisional winner, ends it and supersedes the state.
        if let conflict = conflicts.first {
            var settled = state
            do {
                try settled.settle(
                    field: conflict.field, choice: .keep(conflict.provisionalWinner.dot),
                    seen: Set(conflict.values.map(\.dot)),
                    settlement: Settlement(by: "fuzz", at: "2026-01-01T00:00:00Z"),
                    dot: dot)
            } catch {
                fail("settling a listed conflict on \(conflict.field) fails: \(error)", state)
            }
            guard !settled.conflicts.contains(where: { $0.field == conflict.field }) else {
                fail("settling \(conflict.field) leaves it in conflict", state, settled)
            }
            requireDominates(settled, state, "a settlement")
        }
    }

    /// The fuzz replica's next counter in `state`, or `nil` if it has run out.
    static func nextCounter(_ state: RecordState) -> UInt64? {
        let current = state.context[fuzzReplica]
        return current < UInt64.max ? current + 1 : nil
    }

    static func requireDominates(_ later: RecordState, _ earlier: RecordState, _ what: String) {
        guard later.merged(with: earlier) == later, earlier.merged(with: later) == later else {
            fail("merging the state before \(what) undoes it", earlier, later)
        }
        guard later.context.dominates(earlier.context) else { fail("\(what) shrinks the context", earlier, later) }
        roundTrip(later)
    }

    // MARK: Merge laws

    static func checkMergeLaws(_ all: [RecordState]) {
        let states = Array(all.prefix(pairLimit))
        let empty = RecordState()
        for a in states {
            guard a.merged(with: a) == a else { fail("merge is not idempotent", a, a.merged(with: a)) }
            guard a.merged(with: empty) == a, empty.merged(with: a) == a else {
                fail("the empty state is not neutral", a)
            }
        }
        for (i, a) in states.enumerated() {
            for b in states[(i + 1)...] {
                let ab = a.merged(with: b)
                let ba = b.merged(with: a)
                guard ab == ba else { fail("merge is not commutative", a, b, ab, ba) }
                guard RecordState(context: ab.context, fields: ab.fields) == ab else {
                    fail("a merge breaks the RecordState invariants", a, b, ab)
                }
                guard ab.context == a.context.merged(with: b.context) else {
                    fail("a merge's context is not the pointwise maximum", a, b, ab)
                }
                guard ab.merged(with: a) == ab, ab.merged(with: b) == ab else {
                    fail("a merge is not an upper bound of its sides", a, b, ab)
                }
                guard ab.merged(with: ab) == ab else { fail("a merge is not idempotent", ab) }
                _ = ab.conflicts
                roundTrip(ab)
            }
        }
        let few = states.prefix(tripleLimit)
        for a in few {
            for b in few {
                for c in few {
                    let left = a.merged(with: b).merged(with: c)
                    let right = a.merged(with: b.merged(with: c))
                    guard left == right else { fail("merge is not associative", a, b, c, left, right) }
                }
            }
        }
    }

    // MARK: Reporting

    static func fail(_ message: String, text: Data? = nil, _ values: any Encodable...) -> Never {
        var lines = ["WireFuzz: \(message)"]
        if let text { lines.append("  input: " + excerpt(text)) }
        for (index, value) in values.enumerated() {
            lines.append("  [\(index)]: " + excerpt((try? JSONText.data(value)) ?? Data("<does not encode>".utf8)))
        }
        fatalError(lines.joined(separator: "\n"))
    }

    static func excerpt(_ data: Data) -> String {
        let text = String(decoding: data.prefix(4000), as: UTF8.self)
        return data.count > 4000 ? text + "… (\(data.count) bytes)" : text
    }
}
