import FieldSyncShared

extension RecordID {
    /// A fixed record id numbered `number`; ids sort by number.
    static func test(_ number: UInt64) -> RecordID {
        RecordID(high: 0x019A_C453_8800_7000, low: 0x8000_0000_0000_0000 | number)
    }
}

/// Hand-built records: each state is written with the dots a test names, so who wrote what is explicit.
extension WireRecord {
    /// A live customer with the required fields, written by `dot`.
    static func customer(
        _ id: RecordID, region: Region, name: String = "Huaxia Cemetery", dot: Dot, _ more: [String: JSONValue] = [:]
    ) -> WireRecord {
        var changes: [String: JSONValue] = ["name": .string(name), "region": .string(region.rawValue)]
        changes.merge(more) { $1 }
        return WireRecord(id: id, kind: RecordKind.customer.rawValue, state: Self.written(changes, dot: dot))
    }

    /// An opinion card of `customer` with `rating`, written by `dot`.
    static func opinionCard(_ id: RecordID, customer: RecordID, region: Region, rating: JSONValue, dot: Dot)
        -> WireRecord
    {
        let changes: [String: JSONValue] = [
            "customer": .string(customer.description), "region": .string(region.rawValue), "rating": rating,
        ]
        return WireRecord(id: id, kind: RecordKind.opinionCard.rawValue, state: Self.written(changes, dot: dot))
    }

    /// A part supplied to `customer`, written by `dot`.
    static func partSupply(_ id: RecordID, customer: RecordID, region: Region, quantity: JSONValue, dot: Dot)
        -> WireRecord
    {
        let changes: [String: JSONValue] = [
            "customer": .string(customer.description), "region": .string(region.rawValue), "part": "urn niche door",
            "quantity": quantity,
        ]
        return WireRecord(id: id, kind: RecordKind.partSupply.rawValue, state: Self.written(changes, dot: dot))
    }

    /// This record after a local write of `changes` with `dot`.
    func writing(_ changes: [String: JSONValue], dot: Dot) -> WireRecord {
        var state = self.state
        state.write(changes, dot: dot)
        return WireRecord(id: id, kind: kind, state: state)
    }

    /// This record after a local delete with `dot`.
    func deleting(dot: Dot) -> WireRecord {
        var state = self.state
        state.delete(dot: dot)
        return WireRecord(id: id, kind: kind, state: state)
    }

    /// The join of two states of one record, as the server holds it after both.
    func merging(_ other: WireRecord) -> WireRecord {
        WireRecord(id: id, kind: kind, state: state.merged(with: other.state))
    }

    /// The same record with another kind, as a confused or newer peer might send it.
    func withKind(_ kind: String) -> WireRecord { WireRecord(id: id, kind: kind, state: state) }

    private static func written(_ changes: [String: JSONValue], dot: Dot) -> RecordState {
        var state = RecordState()
        state.write(changes, dot: dot)
        return state
    }
}
