import FieldSyncShared

/// How records look to people (tables, one record per page) and to programs (JSON).
public struct RecordPresenter: Sendable {
    public let language: Language
    /// Names to show for referenced records (a customer's name instead of its id).
    public var names: [String: String]

    public init(language: Language, names: [String: String] = [:]) {
        self.language = language
        self.names = names
    }

    /// A record as one JSON object: `id`, `record_kind`, every field's provisional value (fields
    /// unknown to this version included), and `conflicts` / `deleted` when they apply.
    public func jsonObject(_ record: StoredRecord) -> JSONValue {
        var object: [String: JSONValue] = record.state.values
        object["id"] = .string(record.id.description)
        object["record_kind"] = .string(record.kindName)
        let conflicts = record.state.conflicts
        if !conflicts.isEmpty { object["conflicts"] = .array(conflicts.map { .string($0.field) }) }
        if record.state.isDeleted { object["deleted"] = true }
        return .object(object)
    }

    public func json(_ record: StoredRecord) -> String { JSONText.encode(jsonObject(record)) }

    public func json(_ records: [StoredRecord]) -> String { JSONText.encode(JSONValue.array(records.map(jsonObject))) }

    /// A listing of records of one kind as a table of its list columns.
    public func table(_ records: [StoredRecord], kind: RecordKind) -> String {
        let specs = kind.listFields.compactMap(kind.field(named:))
        var table = TextTable(
            headers: [language.text("ID", zh: "编号")] + specs.map { $0.label(in: language) } + [""])
        for record in records {
            var marks = [String]()
            if record.state.hasConflicts { marks.append(language.text("conflict", zh: "有冲突")) }
            if record.state.isDeleted { marks.append(language.text("deleted", zh: "已删除")) }
            if record.isDirty { marks.append(language.text("not synced", zh: "待同步")) }
            table.append(
                [record.id.description] + specs.map { spec in display(record, spec) } + [marks.joined(separator: ", ")])
        }
        let footer = language.text("\(records.count) \(kind.englishName) record(s)", zh: "共 \(records.count) 条")
        return table.render() + "\n" + footer
    }

    /// One record, a field per line, with every standing value of a conflicted field.
    public func detail(_ record: StoredRecord) -> String {
        let kind = record.kind
        let specs = kind?.fields ?? []
        var table = TextTable(headers: [language.text("Field", zh: "字段"), language.text("Value", zh: "内容")])
        table.append([language.text("ID", zh: "编号"), record.id.description])
        if let kind { table.append([language.text("Kind", zh: "类别"), kind.name(in: language)]) }
        for spec in specs where record.state.fields[spec.name] != nil {
            table.append([spec.label(in: language), display(record, spec)])
        }
        let known = Set(specs.map(\.name))
        for (name, value) in record.state.values.sorted(by: { $0.key < $1.key }) where !known.contains(name) {
            table.append([name, value.displayText])
        }
        var lines = [table.render()]
        for conflict in record.state.conflicts {
            let label = kind?.field(named: conflict.field)?.label(in: language) ?? conflict.field
            lines.append(
                language.text(
                    "conflict: \(label) has \(conflict.values.count) concurrent values, the highest dot shown; see `fieldsync conflicts`",
                    zh: "冲突：\(label) 有 \(conflict.values.count) 个并发值，暂显示最新的一个；用 `fieldsync conflicts` 查看")
            )
        }
        if record.state.isDeleted { lines.append(language.text("this record is deleted", zh: "此记录已删除")) }
        return lines.joined(separator: "\n")
    }

    func display(_ record: StoredRecord, _ spec: FieldSpec) -> String {
        guard let winner = record.state.winner(of: spec.name) else { return "" }
        let text: String
        switch winner.value {
        case .value(let value):
            if case .reference = spec.type, let id = value.stringValue, let name = names[id] {
                text = name
            } else {
                text = spec.display(value, in: language)
            }
        case .tombstone(let previous):
            // A deleted record still shows what it held; a field cleared on a restored record says so.
            text =
                record.state.isDeleted
                ? spec.display(previous, in: language) : language.text("(deleted)", zh: "（已删除）")
        }
        return (record.state.fields[spec.name]?.count ?? 0) > 1 ? text + " ⚠" : text
    }

    /// A standing value as text, for the conflicts listing.
    public func display(_ value: FieldValue, kind: RecordKind?, field: String) -> String {
        switch value {
        case .tombstone: return language.text("(deleted)", zh: "（删除）")
        case .value(let json):
            return kind?.field(named: field)?.display(json, in: language) ?? json.displayText
        }
    }
}
