/// One record on the wire: its id, kind and full state.
///
/// ```json
/// {"id": "019ac8d0-5000-7abc-8def-0123456789ab", "kind": "visit",
///  "state": {"c": ["<replica>", 3], "w": [[0, {"kind": "repair"}]]}}
/// ```
public struct WireRecord: Codable, Sendable, Hashable {
    public let id: RecordID
    public let kind: String
    public let state: RecordState

    public init(id: RecordID, kind: String, state: RecordState) {
        self.id = id
        self.kind = kind
        self.state = state
    }

    /// The region the record belongs to: its value, or what a delete cleared.
    public var region: Region? {
        state.winner(of: "region").flatMap { $0.value.valueOrPrevious.stringValue }.flatMap(Region.init(rawValue:))
    }
}
