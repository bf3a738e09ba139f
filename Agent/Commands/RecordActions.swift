import ArgumentParser
import FieldSyncShared

/// What `add`, `edit`, `list` and `show` do, the same for every record kind.
enum RecordActions {
    /// Adds a record of `kind` from the typed fields plus the kind's defaults.
    static func add(
        _ kind: RecordKind, fields: some RecordFieldOptions, options: GlobalOptions,
        defaults: (ReplicaStore, inout [String: JSONValue]) throws -> Void = { _, _ in }
    ) throws {
        let store = try options.openStore()
        let values = try newValues(fields: fields, store: store, options: options, defaults: defaults)
        let record = try store.create(kind: kind, values: values)
        show(record, options: options, heading: addedHeading(record))
    }

    /// The values of a new record: the typed fields, the kind's defaults, then the region
    /// (the customer's, else this replica's).
    static func newValues(
        fields: some RecordFieldOptions, store: ReplicaStore, options: GlobalOptions,
        defaults: (ReplicaStore, inout [String: JSONValue]) throws -> Void
    ) throws -> [String: JSONValue] {
        var values = try fields.values(store: store, options: options)
        try defaults(store, &values)
        if values["region"] == nil {
            if let customer = values["customer"]?.stringValue.flatMap(RecordID.init),
                let region = try store.record(kind: .customer, id: customer).state.value(of: "region")
            {
                values["region"] = region
            } else if let region = try store.info().region {
                values["region"] = .string(region.rawValue)
            }
        }
        return values
    }

    /// `added opinion card ID` / `已添加意见卡 ID`.
    static func addedHeading(_ record: StoredRecord) -> Message {
        let kind = RecordKind(rawValue: record.kindName)
        let english = kind?.englishName ?? record.kindName
        let chinese = kind?.chineseName ?? record.kindName
        return Message("added \(english) \(record.id)", zh: "已添加\(chinese) \(record.id)")
    }

    static func edit(_ kind: RecordKind, id: String, fields: some RecordFieldOptions, options: GlobalOptions) throws {
        let store = try options.openStore()
        let recordID = try store.resolveID(id, kind: kind)
        let changes = try fields.values(store: store, options: options)
        try edit(
            kind, id: recordID, changes: changes, store: store, options: options, verb: Message("changed", zh: "已修改"))
    }

    static func edit(
        _ kind: RecordKind, id: RecordID, changes: [String: JSONValue], store: ReplicaStore, options: GlobalOptions,
        verb: Message
    ) throws {
        if changes.isEmpty {
            throw AgentError.nothingToEdit(kind: kind)
        }
        let record = try store.edit(kind: kind, id: id, changes: changes)
        show(
            record, options: options,
            heading: Message(
                "\(verb.english) \(kind.englishName) \(record.id)",
                zh: "\(verb.chinese)\(kind.chineseName) \(record.id)"))
    }

    static func show(_ kind: RecordKind, id: String, options: GlobalOptions) throws {
        let store = try options.openStore()
        let record = try store.record(kind: kind, id: try store.resolveID(id, kind: kind))
        show(record, options: options, heading: nil)
    }

    static func show(_ record: StoredRecord, options: GlobalOptions, heading: Message?) {
        if options.json {
            print(options.presenter.json(record))
        } else {
            if let heading { print(heading.text(in: options.language)) }
            print(options.presenter.detail(record))
        }
    }
}
