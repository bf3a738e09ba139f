import FieldSyncShared
import FieldSyncTestSupport
import Foundation
import Testing

/// States as a store keeps them: replicas named by the store's numbers, ids again on the wire.
@Suite struct StoredStateTests {
    let r1 = TestReplicas.first
    let r2 = TestReplicas.second

    var numbering: ReplicaNumbering { ReplicaNumbering([1: r1, 7: r2]) }

    var conflicted: RecordState {
        var a = RecordState()
        a.write(["name": "Huaxia Cemetery", "phone": "0795-1"], dot: r1.dot(3))
        var b = a
        a.write(["phone": "0795-2"], dot: r1.dot(4))
        b.write(["phone": "0795-3"], dot: r2.dot(1))
        return a.merged(with: b)
    }

    @Test func numbersReplaceIdsAndReadBack() throws {
        let stored = try conflicted.encoded(numbering: numbering)
        #expect(
            String(decoding: stored, as: UTF8.self)
                == #"{"c":[1,4,7,1],"w":[[0,3,{"name":"Huaxia Cemetery"}],[0,{"phone":"0795-2"}],[1,{"phone":"0795-3"}]]}"#
        )
        #expect(try RecordState(encoded: stored, numbering: numbering) == conflicted)
        #expect(try RecordStateText.replicaNumbers(in: stored) == [1, 7])
    }

    @Test func aReplicaWithoutANumberKeepsItsId() throws {
        let partial = ReplicaNumbering([1: r1])
        let stored = try conflicted.encoded(numbering: partial)
        #expect(String(decoding: stored, as: UTF8.self).hasPrefix(#"{"c":[1,4,"\#(r2)",1],"#))
        #expect(try RecordState(encoded: stored, numbering: partial) == conflicted)
        #expect(try RecordState(encoded: stored, numbering: numbering) == conflicted)
    }

    @Test func anUnknownNumberSaysWhichItIs() throws {
        let stored = try conflicted.encoded(numbering: numbering)
        #expect(throws: UnknownReplicaNumber(number: 7)) {
            try RecordState(encoded: stored, numbering: ReplicaNumbering([1: r1]))
        }
    }

    /// A double sends the state through Foundation's encoder, which must name replicas the same way.
    @Test func aStateWithADoubleIsNumberedToo() throws {
        var state = RecordState()
        state.write(["amount": .double(12.5)], dot: r2.dot(2))
        let stored = try state.encoded(numbering: numbering)
        #expect(String(decoding: stored, as: UTF8.self) == #"{"c":[7,2],"w":[[0,{"amount":12.5}]]}"#)
        #expect(try RecordState(encoded: stored, numbering: numbering) == state)
    }

    @Test func theStoreReadsIdsAndTheFirstVersionToo() throws {
        let withIds = try JSONText.data(conflicted)
        #expect(try RecordState(encoded: withIds, numbering: numbering) == conflicted)
        #expect(try RecordState(encoded: Data(CodableTests.firstVersionJSON.utf8), numbering: numbering).isDeleted)
    }

    /// A pull passes stored states on without decoding them: the numbers become ids again and
    /// the page is byte for byte what encoding the decoded records gives.
    @Test func aPulledPageCarriesIds() throws {
        let id = RecordID(high: 0x019A_C453_8800_7000, low: 0x8000_0000_0000_0001)
        let other = RecordID(high: 0x019A_C453_8800_7001, low: 0x8000_0000_0000_0002)
        var deleted = conflicted
        deleted.delete(dot: r2.dot(2))
        let records = [
            WireRecord(id: id, kind: "customer", state: conflicted),
            WireRecord(id: other, kind: "visit", state: deleted),
            WireRecord(id: other, kind: "visit", state: RecordState()),
        ]
        let page = PullResponse(records: records, removed: [id], next: 42, more: true)
        // Stored three ways: numbered, with ids, and in the first version's form.
        let stored = [
            EncodedWireRecord(id: id, kind: "customer", state: try conflicted.encoded(numbering: numbering)),
            EncodedWireRecord(id: other, kind: "visit", state: try JSONText.data(deleted)),
            EncodedWireRecord(id: other, kind: "visit", state: Data(#"{"c":[],"f":{}}"#.utf8)),
        ]
        let text = try PullResponse.text(records: stored, removed: [id], next: 42, more: true, numbering: numbering)
        let expected = JSONText.encode(page).replacingOccurrences(of: #"{"c":[],"w":[]}"#, with: #"{"c":[],"f":{}}"#)
        #expect(String(decoding: text, as: UTF8.self) == expected)
        #expect(try JSONText.decode(PullResponse.self, from: text) == page)
        #expect(throws: UnknownReplicaNumber(number: 7)) {
            try PullResponse.text(
                records: stored, removed: [], next: 42, more: false, numbering: ReplicaNumbering([1: r1]))
        }
    }

    @Test func numberingKeepsTheFirstPairing() {
        var numbering = ReplicaNumbering()
        numbering.add(number: 1, id: r1)
        numbering.add(number: 1, id: r2)
        numbering.add(number: 2, id: r1)
        numbering.add(number: 0, id: r2)
        #expect(numbering.count == 1)
        #expect(numbering.replica(numbered: 1) == r1)
        #expect(numbering.number(of: r2) == nil)
        #expect(numbering.unnumbered([r2, r1, r2]) == [r2])
    }
}
