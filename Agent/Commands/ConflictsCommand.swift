import ArgumentParser
import FieldSyncShared

/// `fieldsync conflicts`: every field with concurrent values waiting for a person.
struct ConflictsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conflicts",
        abstract: "List fields changed concurrently on two replicas, with every value and its dot.",
        discussion: """
            The value marked * is the provisional winner shown meanwhile (the highest dot). \
            Settle a conflict with `fieldsync resolve KIND ID --field F --keep DOT` or `--value V`.
            """)

    @OptionGroup var options: GlobalOptions

    func run() throws {
        let store = try options.openStore()
        let records = try store.conflictedRecords()
        let presenter = options.presenter
        if options.json {
            let items: [JSONValue] = records.flatMap { record in
                record.state.conflicts.map { conflict in
                    JSONValue.object([
                        "record_kind": .string(record.kindName),
                        "id": .string(record.id.description),
                        "field": .string(conflict.field),
                        "provisional_winner": .string(conflict.provisionalWinner.dot.description),
                        "values": .array(
                            conflict.values.map { pair in
                                var object: [String: JSONValue] = [
                                    "dot": .string(pair.dot.description), "value": pair.value.valueOrPrevious,
                                ]
                                if pair.value.isTombstone { object["deleted"] = true }
                                return .object(object)
                            }),
                    ])
                }
            }
            print(JSONText.encode(JSONValue.array(items)))
            return
        }
        var table = TextTable(
            headers: options.language.text(
                ["Kind", "ID", "Field", "Dot", "Value", ""], zh: ["类别", "编号", "字段", "版本点", "值", ""]))
        var count = 0
        for record in records {
            for conflict in record.state.conflicts {
                count += 1
                let label = record.kind?.field(named: conflict.field)?.label(in: options.language) ?? conflict.field
                for (index, pair) in conflict.values.enumerated() {
                    table.append([
                        index == 0 ? record.kind?.commandName ?? record.kindName : "",
                        index == 0 ? record.id.description : "",
                        index == 0 ? "\(conflict.field) (\(label))" : "",
                        pair.dot.description,
                        presenter.display(pair.value, kind: record.kind, field: conflict.field),
                        index == 0 ? "*" : "",
                    ])
                }
            }
        }
        if count == 0 {
            options.say("no conflicts", zh: "没有冲突")
        } else {
            print(table.render())
            options.say(
                "\(count) conflict(s); * marks the provisional winner. Settle with `fieldsync resolve KIND ID --field F --keep DOT`",
                zh: "共 \(count) 处冲突；* 为暂定值。用 `fieldsync resolve KIND ID --field F --keep DOT` 处理")
        }
    }
}
