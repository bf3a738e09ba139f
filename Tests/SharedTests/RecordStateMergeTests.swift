import FieldSyncShared
import FieldSyncTestSupport
import Testing

@Suite struct RecordStateMergeTests {
    let r1 = TestReplicas.first
    let r2 = TestReplicas.second
    let r3 = TestReplicas.third

    // MARK: Laws, on reachable states

    /// Random pairs and triples of reachable states of one record: the join laws hold.
    @Test(arguments: UInt64(1)...400)
    func mergeIsCommutativeAssociativeIdempotent(seed: UInt64) {
        let states = ReplicaSimulation.reachableStates(seed: seed)
        var random = SplitMix64(seed: seed)
        for state in states {
            #expect(state.merged(with: state) == state, "idempotent, seed \(seed)")
            #expect(state.merged(with: RecordState()) == state, "empty is neutral, seed \(seed)")
            #expect(RecordState().merged(with: state) == state, "empty is neutral, seed \(seed)")
        }
        for _ in 0..<24 {
            let a = states.randomElement(using: &random)!
            let b = states.randomElement(using: &random)!
            let c = states.randomElement(using: &random)!
            let ab = a.merged(with: b)
            #expect(ab == b.merged(with: a), "commutative, seed \(seed)")
            #expect(ab.merged(with: c) == a.merged(with: b.merged(with: c)), "associative, seed \(seed)")
            #expect(ab.merged(with: a) == ab && ab.merged(with: b) == ab, "upper bound, seed \(seed)")
            var inPlace = a
            inPlace.merge(b)
            #expect(inPlace == ab, "merge(_:) agrees with merged(with:), seed \(seed)")
        }
    }

    /// The generator must reach conflicts, deletes and settlements, or the laws above prove little.
    @Test func reachableStatesIncludeConflictsTombstonesAndSettlements() {
        var conflicted = 0, deleted = 0, settled = 0, total = 0
        for seed in UInt64(1)...40 {
            for state in ReplicaSimulation.reachableStates(seed: seed) {
                total += 1
                if state.hasConflicts { conflicted += 1 }
                if state.fields.values.contains(where: { $0.contains { $0.value.isTombstone } }) { deleted += 1 }
                if state.fields.keys.contains(where: { $0.hasPrefix(RecordState.settlementPrefix) }) { settled += 1 }
            }
        }
        #expect(total > 400)
        #expect(conflicted > total / 10, "\(conflicted) of \(total) states have conflicts")
        #expect(deleted > 0 && settled > 0, "\(deleted) with tombstones, \(settled) settled")
    }

    // MARK: Hand-built cases

    @Test func concurrentWritesToOneFieldConflict() throws {
        var base = RecordState()
        base.write(["name": "Huaxia Cemetery"], dot: r1.dot(1))
        var a = base
        a.write(["phone": "0795-1"], dot: r1.dot(2))
        var b = base
        b.write(["phone": "0795-2"], dot: r2.dot(1))

        let merged = a.merged(with: b)
        #expect(merged.conflicts.count == 1)
        let conflict = try #require(merged.conflicts.first)
        #expect(conflict.field == "phone")
        #expect(conflict.values.map(\.dot) == [r1.dot(2), r2.dot(1)])
        #expect(conflict.values.map(\.value) == [.value("0795-1"), .value("0795-2")])
        // Highest dot wins provisionally: counter 2 beats counter 1 whatever the replica.
        #expect(conflict.provisionalWinner.dot == r1.dot(2))
        #expect(merged.value(of: "phone") == "0795-1")
        #expect(merged.value(of: "name") == "Huaxia Cemetery")
        #expect(merged.context == VersionVector([r1: 2, r2: 1]))
        #expect(merged == b.merged(with: a))
    }

    @Test func equalCountersAreOrderedByReplica() throws {
        var a = RecordState()
        a.write(["status": "open"], dot: r2.dot(1))
        var b = RecordState()
        b.write(["status": "closed"], dot: r1.dot(1))
        let merged = a.merged(with: b)
        let conflict = try #require(merged.conflicts.first)
        #expect(conflict.provisionalWinner.dot == r2.dot(1))
        #expect(merged.value(of: "status") == "open")
        #expect(merged.winner(of: "status")?.dot == r2.dot(1))
    }

    @Test func writesToDifferentFieldsMergeCleanly() {
        var base = RecordState()
        base.write(["name": "Huaxia Cemetery", "phone": "0795-1"], dot: r1.dot(1))
        var a = base
        a.write(["phone": "0795-2"], dot: r1.dot(2))
        var b = base
        b.write(["address": "Nanchang"], dot: r2.dot(1))

        let merged = a.merged(with: b)
        #expect(!merged.hasConflicts)
        #expect(merged.conflicts.isEmpty)
        #expect(merged.values == ["name": "Huaxia Cemetery", "phone": "0795-2", "address": "Nanchang"])
        #expect(merged == b.merged(with: a))
    }

    @Test func laterWriteReplacesWhatItSaw() {
        var a = RecordState()
        a.write(["phone": "0795-1"], dot: r1.dot(1))
        var b = a
        b.write(["phone": "0795-2"], dot: r2.dot(1))

        let merged = a.merged(with: b)
        #expect(!merged.hasConflicts)
        #expect(merged.fields["phone"] == [DottedValue(dot: r2.dot(1), value: .value("0795-2"))])
        #expect(merged == b)
        // A stale copy arriving late changes nothing.
        #expect(b.merged(with: a) == b)
    }

    @Test func writeNeedsANewDot() {
        var state = RecordState()
        state.write(["name": "Huaxia"], dot: r1.dot(3))
        #expect(state.context == VersionVector([r1: 3]))
        #expect(state.dots == [r1.dot(3)])
        state.write(["name": "Huaxia Cemetery"], dot: r1.dot(5))
        #expect(state.dots == [r1.dot(5)])
        #expect(state.value(of: "name") == "Huaxia Cemetery")
    }

    @Test func reservedRegistersStayOutOfValuesAndConflicts() {
        var a = RecordState()
        a.write(["_settled.name": "x", "name": "A"], dot: r1.dot(1))
        var b = RecordState()
        b.write(["_settled.name": "y", "name": "B"], dot: r2.dot(1))
        let merged = a.merged(with: b)
        #expect(merged.conflicts.map(\.field) == ["name"])
        #expect(merged.values.keys.sorted() == ["name"])
        #expect(RecordState.isReserved("_deleted") && !RecordState.isReserved("name"))
    }

    @Test func initFromPartsChecksTheInvariants() {
        let pair = DottedValue(dot: r1.dot(2), value: .value("x"))
        #expect(RecordState(context: VersionVector([r1: 2]), fields: ["name": [pair]]) != nil)
        #expect(RecordState(context: VersionVector([r1: 1]), fields: ["name": [pair]]) == nil)
        #expect(RecordState(context: VersionVector([r1: 2]), fields: ["name": []]) == nil)
        #expect(RecordState(context: VersionVector([r1: 2]), fields: ["name": [pair, pair]]) == nil)
    }
}
