import ArgumentParser
import FieldSyncShared
import Foundation

/// `fieldsync export --format csv|json`.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the replica's records as CSV or JSON.",
        discussion: """
            CSV has one row per record: record_kind, id, then every field of the kinds exported, with \
            stored values (times with their zone, choices as their English tokens), then conflicts and \
            attachments (the record's photos and scans: name|media type|size|sha256|id, separated by \
            "; "); JSON gives each record with photos or scans an "attachments" array. So a \
            spreadsheet or another program reads it the same in any language. CSV starts with \
            UTF-8's byte-order mark, so Excel on a Chinese Windows shows the Chinese as written; \
            --no-bom leaves it out. CSV 默认带 UTF-8 BOM，Excel 可直接打开；--no-bom 不写 BOM。
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case csv, json }

    @Option(help: "csv or json.") var format: Format
    @Option(help: "Only this kind: customer, visit, card, complaint or part.") var kind: String?
    @Option(help: "Write to this file instead of standard output.") var output: String?
    @Flag(
        name: .customLong("no-bom"),
        help: "CSV without the UTF-8 byte-order mark it starts with by default (for tools that dislike it; 不写 BOM).")
    var noBOM = false
    @OptionGroup var options: GlobalOptions

    func validate() throws {
        if let kind, RecordKind(parsing: kind) == nil {
            throw ValidationError("--kind is one of customer, visit, card, complaint, part; not \(kind)")
        }
    }

    func run() throws {
        let store = try options.openStore()
        let only = kind.flatMap(RecordKind.init(parsing:))
        let kinds = only.map { [$0] } ?? RecordKind.allCases
        let records = try store.records(kind: only).filter { $0.kind.map(kinds.contains) ?? false }
        let attachments = AttachmentSummary.grouped(
            try store.records(kind: .attachment).compactMap { record in
                AttachmentRecord(id: record.id, values: record.state.values).map(AttachmentSummary.init)
            })
        let text: String
        switch format {
        case .json:
            let presenter = options.presenter
            text = JSONText.encode(
                JSONValue.array(
                    records.map { record in
                        guard case .object(var object) = presenter.jsonObject(record),
                            let named = attachments[record.id]
                        else { return presenter.jsonObject(record) }
                        object["attachments"] = .array(named.map(\.jsonValue))
                        return .object(object)
                    }))
        case .csv:
            var columns = [String]()
            for kind in kinds {
                for spec in kind.fields where !columns.contains(spec.name) { columns.append(spec.name) }
            }
            var lines = [CSVWriter.line(["record_kind", "id"] + columns + ["conflicts", "attachments"])]
            for record in records {
                let values = record.state.values
                lines.append(
                    CSVWriter.line(
                        [record.kindName, record.id.description] + columns.map { values[$0]?.displayText ?? "" }
                            + [
                                record.state.conflicts.map(\.field).joined(separator: " "),
                                AttachmentSummary.cell(attachments[record.id] ?? []),
                            ]))
            }
            text = CSVWriter.document(lines.joined(separator: "\n"), byteOrderMark: !noBOM)
        }
        if let output {
            do {
                try (text + "\n").write(toFile: output, atomically: true, encoding: .utf8)
            } catch {
                throw AgentError.cannotWrite(output)
            }
            options.say("wrote \(records.count) records to \(output)", zh: "已导出 \(records.count) 条记录到 \(output)")
        } else {
            print(text)
        }
    }
}
