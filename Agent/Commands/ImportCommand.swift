import ArgumentParser
import FieldSyncShared
import Foundation

/// `fieldsync import --file FILE`: many records at once, e.g. an office's customer list.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Add many records from a JSON file, all or none.",
        discussion: """
            The file holds a JSON array of objects, each with `record_kind` (customer, visit, card, \
            complaint, part) and the record's fields by their stored names, as `fieldsync export \
            --format json` writes them. Every record gets a new id. A reference may name a record \
            added earlier in the same file by its position: "customer": "#1" is the first item.
            """)

    @Option(help: "The JSON file to read ('-' for standard input).") var file: String
    @OptionGroup var options: GlobalOptions

    func run() throws {
        let data: Data
        if file == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let contents = FileManager.default.contents(atPath: file) else {
                throw AgentError.unreadableFile(file)
            }
            data = contents
        }
        guard let items = (try? JSONText.decode(JSONValue.self, from: data))?.arrayValue else {
            throw AgentError.notARecordArray(file)
        }
        let store = try options.openStore()
        let region = try store.info().region
        // Items refer to earlier items as "#N": resolve in passes as ids become known.
        var parsed = [(kind: RecordKind, values: [String: JSONValue])]()
        for (index, item) in items.enumerated() {
            guard var object = item.objectValue, let kindText = object.removeValue(forKey: "record_kind")?.stringValue,
                let kind = RecordKind(parsing: kindText)
            else {
                throw AgentError.itemWithoutKind(number: index + 1)
            }
            object.removeValue(forKey: "id")
            object.removeValue(forKey: "conflicts")
            object.removeValue(forKey: "deleted")
            if object["region"] == nil, let region { object["region"] = .string(region.rawValue) }
            parsed.append((kind, object))
        }
        var saved = [StoredRecord]()
        var start = 0
        while start < parsed.count {
            // A run of items whose "#N" references all point before the run can go in one transaction.
            var end = start
            while end < parsed.count && !refersAtOrAfter(parsed[end].values, start) { end += 1 }
            end = max(end, start + 1)
            let batch = parsed[start..<end].map { item in
                (
                    item.kind,
                    item.values.mapValues { value -> JSONValue in
                        if let text = value.stringValue, text.hasPrefix("#"), let position = Int(text.dropFirst()),
                            position >= 1, position <= saved.count
                        {
                            return .string(saved[position - 1].id.description)
                        }
                        return value
                    }
                )
            }
            saved += try store.createMany(batch)
            start = end
        }
        if options.json {
            print(options.presenter.json(saved))
        } else {
            options.say("imported \(saved.count) records", zh: "已导入 \(saved.count) 条记录")
        }
    }

    private func refersAtOrAfter(_ values: [String: JSONValue], _ start: Int) -> Bool {
        values.values.contains { value in
            guard let text = value.stringValue, text.hasPrefix("#"), let position = Int(text.dropFirst()) else {
                return false
            }
            return position > start
        }
    }
}
