import FieldSyncShared
import FieldSyncTestSupport
import Testing

@Suite struct VersionVectorTests {
    let r1 = TestReplicas.first
    let r2 = TestReplicas.second
    let r3 = TestReplicas.third

    @Test func compareEqual() {
        #expect(VersionVector().compare(VersionVector()) == .equal)
        #expect(VersionVector([r1: 2, r2: 1]).compare(VersionVector([r2: 1, r1: 2])) == .equal)
        // A zero counter means "nothing seen", the same as no entry.
        #expect(VersionVector([r1: 2, r2: 0]).compare(VersionVector([r1: 2])) == .equal)
        #expect(VersionVector([r1: 2, r2: 0]) == VersionVector([r1: 2]))
    }

    @Test func compareBeforeAndAfter() {
        let older = VersionVector([r1: 1])
        let newer = VersionVector([r1: 2, r2: 1])
        #expect(older.compare(newer) == .before)
        #expect(newer.compare(older) == .after)
        #expect(VersionVector().compare(older) == .before)
        #expect(older.compare(VersionVector()) == .after)
    }

    @Test func compareConcurrent() {
        let a = VersionVector([r1: 2, r2: 1])
        let b = VersionVector([r1: 1, r2: 2])
        #expect(a.compare(b) == .concurrent)
        #expect(b.compare(a) == .concurrent)
        #expect(VersionVector([r1: 1]).compare(VersionVector([r2: 1])) == .concurrent)
    }

    @Test func containsDotsUpToTheCounter() {
        let vector = VersionVector([r1: 3])
        #expect(vector.contains(r1.dot(1)))
        #expect(vector.contains(r1.dot(3)))
        #expect(!vector.contains(r1.dot(4)))
        #expect(!vector.contains(r2.dot(1)))
        #expect(vector[r1] == 3)
        #expect(vector[r2] == 0)
    }

    @Test func addOnlyMovesForward() {
        var vector = VersionVector()
        vector.add(r1.dot(3))
        vector.add(r1.dot(2))
        #expect(vector[r1] == 3)
        vector.add(r2.dot(1))
        #expect(vector == VersionVector([r1: 3, r2: 1]))
        #expect(vector.replicas == [r1, r2])
    }

    @Test func mergeIsPointwiseMaximum() {
        let a = VersionVector([r1: 5, r2: 1])
        let b = VersionVector([r2: 4, r3: 2])
        let merged = a.merged(with: b)
        #expect(merged == VersionVector([r1: 5, r2: 4, r3: 2]))
        #expect(merged == b.merged(with: a))
        #expect(merged.merged(with: a) == merged)
        #expect(merged.dominates(a) && merged.dominates(b))
        var inPlace = a
        inPlace.merge(b)
        #expect(inPlace == merged)
    }

    @Test func mergeLawsOnRandomVectors() {
        var random = SplitMix64(seed: 99)
        let replicas = [r1, r2, r3]
        func vector() -> VersionVector {
            let counters = replicas.map { ($0, UInt64.random(in: 0...4, using: &random)) }
            return VersionVector(Dictionary(uniqueKeysWithValues: counters))
        }
        for _ in 0..<200 {
            let (a, b, c) = (vector(), vector(), vector())
            #expect(a.merged(with: b) == b.merged(with: a))
            #expect(a.merged(with: b).merged(with: c) == a.merged(with: b.merged(with: c)))
            #expect(a.merged(with: a) == a)
            let order = a.compare(b)
            #expect(order == .equal || order == .before || order == .after || order == .concurrent)
            #expect((order == .before || order == .equal) == b.dominates(a))
        }
    }

    @Test func codableRoundTrip() throws {
        let vector = VersionVector([r1: 7, r3: 1])
        let text = JSONText.encode(vector)
        #expect(text == #"{"00000000000000010000000000000002":7,"00000000000000050000000000000006":1}"#)
        #expect(try JSONText.decode(VersionVector.self, from: text) == vector)
        #expect(try JSONText.decode(VersionVector.self, from: "{}") == VersionVector())
    }

    @Test func decodingRejectsKeysThatAreNotReplicaIDs() {
        #expect(throws: DecodingError.self) { try JSONText.decode(VersionVector.self, from: #"{"r1":1}"#) }
        #expect(throws: DecodingError.self) {
            try JSONText.decode(VersionVector.self, from: #"{"00000000000000010000000000000002":-1}"#)
        }
    }
}
