import FieldSyncTestSupport
import Foundation
import Testing

@testable import FieldSyncShared

/// The hand-written writer and reader give exactly the bytes and values of the `Codable` forms,
/// and hand everything they do not take back to Foundation.
@Suite struct CanonicalJSONTests {
    let r1 = TestReplicas.first
    let r2 = TestReplicas.second

    func foundation(_ value: some Encodable) throws -> String {
        String(decoding: try JSONText.encoder().encode(value), as: UTF8.self)
    }

    /// Reads `text` with the hand-written reader alone (no fallback), or fails the test.
    func direct<T: CanonicalJSONDecodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONReader.read(Data(text.utf8)) { try T(reading: &$0) }
    }

    static let awkwardStrings: [String] = [
        "", "plain", "华北 \"quoted\" / slash \\ back", "\u{0}\u{1}\u{8}\u{9}\u{a}\u{b}\u{c}\u{d}\u{1f}\u{7f}",
        "é e\u{301} 中 😀 \u{2028}\u{2029} \u{FEFF}", "</script>",
    ]

    var awkwardState: RecordState {
        var state = RecordState()
        var values: [String: JSONValue] = [
            "int": 42, "negative": -7, "zero": 0, "max": .int(Int64.max), "min": .int(Int64.min), "flag": true,
            "off": false, "nothing": nil, "empty_list": [], "empty_object": [:],
            "list": [["product": "niche rack", "quantity": 3, "Model": "GH-200", "_x": nil]],
            "nested": [
                "b": [true, ["z": "y", "a": [1, 2, 3]]], "a": "x", "a10": 1, "a9": 2, "B": 3, "é": 4, "中": 5, "_": 6,
            ],
        ]
        for (index, text) in Self.awkwardStrings.enumerated() { values["s\(index)"] = .string(text) }
        values[Self.awkwardStrings[2]] = "a key that needs escaping"
        state.write(values, dot: r1.dot(1))
        state.write(["int": 43], dot: r2.dot(9_000_000_000))
        state.delete(dot: r1.dot(2))
        return state
    }

    @Test func awkwardStateIsWrittenAsFoundationWritesIt() throws {
        let state = awkwardState
        let text = JSONText.encode(state)
        #expect(text == (try foundation(state)))
        #expect(try direct(RecordState.self, text) == state)
        #expect(try JSONDecoder().decode(RecordState.self, from: Data(text.utf8)) == state)
    }

    @Test(arguments: UInt64(1)...60)
    func reachableStatesMatchFoundation(seed: UInt64) throws {
        for state in ReplicaSimulation.reachableStates(seed: seed) {
            let text = JSONText.encode(state)
            #expect(text == (try foundation(state)), "seed \(seed)")
            #expect(try direct(RecordState.self, text) == state, "seed \(seed)")
        }
    }

    @Test func syncMessagesMatchFoundation() throws {
        let id = RecordID(high: 0x019A_C453_8800_7000, low: 0x8000_0000_0000_0001)
        let other = RecordID(high: 0x019A_C453_8800_7001, low: 0x8000_0000_0000_0002)
        let records = [
            WireRecord(id: id, kind: "customer", state: awkwardState),
            WireRecord(id: other, kind: "visit \"odd\"", state: RecordState()),
        ]
        let push = PushRequest(replica: r1, records: records)
        #expect(JSONText.encode(push) == (try foundation(push)))
        #expect(try direct(PushRequest.self, JSONText.encode(push)) == push)

        for page in [
            PullResponse(records: records, removed: [other, id], next: 1_234_567, more: true),
            PullResponse(records: [], removed: [], next: 0, more: false),
        ] {
            #expect(JSONText.encode(page) == (try foundation(page)))
            #expect(try direct(PullResponse.self, JSONText.encode(page)) == page)
            // The server's pass-through of stored states gives the same bytes.
            let stored = try page.records.map {
                EncodedWireRecord(id: $0.id, kind: $0.kind, state: try JSONText.data($0.state))
            }
            let text = try PullResponse.text(records: stored, removed: page.removed, next: page.next, more: page.more)
            #expect(String(decoding: text, as: UTF8.self) == (try foundation(page)))
        }

        let answer = PushResponse(results: [
            PushResult(id: id, outcome: .applied), PushResult(id: other, outcome: .conflict),
            PushResult(id: id, outcome: .rejected, code: "invalid_record", reason: "phone is \"too long\""),
            PushResult(id: other, outcome: .rejected, code: "unknown_kind"),
        ])
        #expect(JSONText.encode(answer) == (try foundation(answer)))
        #expect(try direct(PushResponse.self, JSONText.encode(answer)) == answer)
    }

    /// A double is written by Foundation, so the text is still exactly Foundation's.
    @Test func doublesAreLeftToFoundation() throws {
        var state = RecordState()
        state.write(["ratio": .double(1.5), "tiny": .double(1e-7)], dot: r1.dot(1))
        let text = JSONText.encode(state)
        #expect(text == (try foundation(state)))
        #expect(try JSONText.decode(RecordState.self, from: text) == state)
    }

    /// Text the reader does not take (spacing, escapes it never writes, numbers with a fraction,
    /// fields out of order, keys of another version) still decodes, through Foundation, to what
    /// Foundation makes of it; a repeated key is refused (`DuplicateKeyTests`).
    @Test(arguments: [
        #" { "f" : { "name" : [ [ 0 , 1 , "Hua\u0078ia \/ \ud83d\ude00" ] ] } , "c" : [ [ "00000000000000010000000000000002" , 1 ] ] } "#,
        #"{"c":[["00000000000000010000000000000002",1]],"f":{"n":[[0,1,2.0]],"m":[[0,1,1e2]]}}"#,
        #"{"c":[["00000000000000010000000000000002",1]],"f":{"n":[[0,1,{"a":1,"b":2}]]},"extra":[1,{"x":null}]}"#,
        #"{"c":[["00000000000000010000000000000002",1],],"f":{}}"#,
    ])
    func otherTextDecodesAsFoundationDecodesIt(text: String) throws {
        let expected = try JSONDecoder().decode(RecordState.self, from: Data(text.utf8))
        #expect(try JSONText.decode(RecordState.self, from: text) == expected)
    }

    /// Broken text fails with Foundation's own error, which the server explains to the client.
    @Test(arguments: [
        #"{"c":[["00000000000000010000000000000002",1]],"f":{"n":[[0,1,"x"]]}"#,
        #"{"c":[["00000000000000010000000000000002",1]],"f":{"n":[[1,1,"x"]]}}"#,
        #"{"c":[["00000000000000010000000000000002",0]],"f":{}}"#,
        #"{"f":{}}"#,
        "{\"c\":[],\"f\":{\"n\":[[0,1,\"\u{1}\"]]}}",
        #"{"c":[["00000000000000010000000000000002",1]],"f":{"n":[[0,1,"\ud800"]]}}"#,
    ])
    func brokenTextFailsAsFoundationFails(text: String) throws {
        #expect(throws: DecodingError.self) { try JSONText.decode(RecordState.self, from: text) }
        #expect(throws: (any Error).self) { try direct(RecordState.self, text) }
    }

    @Test func invalidUTF8IsRefused() throws {
        var bytes = Array(#"{"c":[],"f":{"n":[[0,1,""#.utf8)
        bytes += [0xC3, 0x28]
        bytes += Array(#""]]}}"#.utf8)
        #expect(throws: (any Error).self) { try JSONReader.read(Data(bytes)) { try RecordState(reading: &$0) } }
        #expect(throws: DecodingError.self) { try JSONText.decode(RecordState.self, from: Data(bytes)) }
    }
}

/// Hostile nesting must fail cleanly, not exhaust the stack (the server decodes pushes with this).
@Suite("canonical JSON under hostile nesting")
struct CanonicalJSONNestingTests {
    @Test(arguments: [100, 100_000])
    func deeplyNestedValuesAreRefusedOrReadWithoutCrashing(depth: Int) {
        let replica = String(repeating: "ab", count: 16)
        let nested = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        let text = #"{"c":[["\#(replica)",1]],"f":{"name":[[0,1,\#(nested)]]}}"#
        let decoded = try? JSONText.decode(RecordState.self, from: text)
        if depth > 512 { #expect(decoded == nil) }
    }
}

@Suite("duplicate JSON keys")
struct DuplicateKeyTests {
    @Test(arguments: [
        (
            #"{"replica":"00000000000000000000000000000001","replica":"00000000000000000000000000000002","records":[]}"#,
            "replica", "the top-level object"
        ),
        (
            #"{"replica":"00000000000000000000000000000001","records":[{"id":"0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b","kind":"visit","kind":"complaint","state":{"c":[],"f":{}}}]}"#,
            "kind", "records[0]"
        ),
        (
            #"{"replica":"00000000000000000000000000000001","records":[],"x":{"a":[1,{"b":1,"\u0062":2}]}}"#, "b",
            "x.a[1]"
        ),
    ])
    func aRepeatedKeyIsRefusedNamingItAndWhere(text: String, key: String, place: String) throws {
        do {
            _ = try JSONText.decode(PushRequest.self, from: text)
            Issue.record("decoded \(text)")
        } catch DecodingError.dataCorrupted(let context) {
            #expect(context.debugDescription.contains("\"\(key)\" appears twice"), "\(context.debugDescription)")
            #expect(context.debugDescription.contains(place), "\(context.debugDescription)")
        }
    }

    @Test func distinctKeysInSiblingObjectsAndStringsThatLookLikeKeysAreFine() throws {
        let text =
            #"{"replica":"00000000000000000000000000000001","records":[],"note":"\"replica\":1","y":[{"a":1},{"a":2}]}"#
        #expect(try JSONText.decode(PushRequest.self, from: text).records.isEmpty)
    }

    @Test func deepNestingIsRefusedWithoutRecursionNamingWhere() {
        let depth = 100_000
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        let found = Array(text.utf8).withUnsafeBytes { JSONStructureCheck.problem(in: $0) }
        #expect(found == .tooDeep(path: String(repeating: "[0]", count: JSONStructureCheck.maximumDepth)))
    }

    /// Found while writing the fuzz target: hundreds of levels took `JSONDecoder` seconds per record;
    /// the structure check refuses them before any decoding.
    @Test func aPushWithDeeplyNestedValuesIsRefusedAtOnce() throws {
        let nested = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        let record =
            #"{"id":"0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b","kind":"customer","state":{"c":[["\#(String(repeating: "ab", count: 16))",1]],"f":{"name":[[0,1,\#(nested)]]}}}"#
        let text =
            #"{"replica":"\#(String(repeating: "ab", count: 16))","records":["#
            + Array(repeating: record, count: 100).joined(separator: ",") + "]}"
        do {
            _ = try JSONText.decode(PushRequest.self, from: text)
            Issue.record("decoded a 500-deep value")
        } catch DecodingError.dataCorrupted(let context) {
            #expect(context.debugDescription.contains("nested more than 100 levels"), "\(context.debugDescription)")
            #expect(context.debugDescription.contains("records[0].state.f.name[0][2]"), "\(context.debugDescription)")
        }
    }

    @Test func valuesNestedWithinTheBoundStillDecode() throws {
        let nested = String(repeating: "[", count: 80) + "1" + String(repeating: "]", count: 80)
        let text = #"{"c":[["\#(String(repeating: "ab", count: 16))",1]],"f":{"name":[[0,1,\#(nested)]]}}"#
        #expect(try JSONText.decode(RecordState.self, from: text).value(of: "name") != nil)
    }
}
