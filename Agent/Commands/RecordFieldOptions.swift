import ArgumentParser
import FieldSyncShared

/// The field options of one record kind, shared by its `add` and `edit` commands.
protocol RecordFieldOptions: ParsableArguments {
    static var kind: RecordKind { get }
    /// Each field given on the command line with the texts typed for it (several for a list).
    var entries: [(field: String, texts: [String])] { get }
}

extension RecordFieldOptions {
    /// Parses what was typed into stored values.
    func values(store: ReplicaStore, options: GlobalOptions) throws -> [String: JSONValue] {
        try parseFieldEntries(entries, kind: Self.kind, store: store, options: options)
    }
}

/// Parses `--field text` entries of `kind` into stored values; a reference may be a unique part of an id.
func parseFieldEntries(
    _ entries: [(field: String, texts: [String])], kind: RecordKind, store: ReplicaStore, options: GlobalOptions
) throws -> [String: JSONValue] {
    var values = [String: JSONValue]()
    var problems = [FieldProblem]()
    for (name, texts) in entries where !texts.isEmpty {
        guard let spec = kind.field(named: name) else { continue }
        do {
            switch spec.type {
            case .reference(let target):
                let text = texts[0].trimmingWhitespace()
                values[name] = text.isEmpty ? .null : .string(try store.resolveID(text, kind: target).description)
            case .list:
                var items = [JSONValue]()
                for text in texts where !text.trimmingWhitespace().isEmpty {
                    items += try spec.parse(text, defaultOffset: options.defaultOffset).arrayValue ?? []
                }
                values[name] = items.isEmpty ? .null : .array(items)
            default:
                values[name] = try spec.parse(texts[0], defaultOffset: options.defaultOffset)
            }
        } catch let problem as FieldProblem {
            problems.append(problem)
        }
    }
    if !problems.isEmpty { throw AgentError.invalid(problems, kind: kind) }
    return values
}

/// Builds `entries` from optional options without repeating the field names at every use.
func entry(_ field: String, _ value: String?) -> (field: String, texts: [String]) {
    (field, value.map { [$0] } ?? [])
}
