import ArgumentParser
import FieldSyncShared

/// `fieldsync delete KIND ID`.
struct DeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete a record.",
        discussion: """
            A delete is a write like any other: if someone edits the record elsewhere before \
            they hear of the delete, the record shows a conflict that a person settles with \
            `fieldsync resolve` (restore it, or confirm the delete). Nothing is lost silently.
            """)

    @Argument(help: "customer, visit, card, complaint or part.") var kind: String
    @Argument(help: "The record's id, or a unique part of it.") var id: String
    @OptionGroup var options: GlobalOptions

    func validate() throws {
        if RecordKind(parsing: kind) == nil {
            throw ValidationError("KIND is one of customer, visit, card, complaint, part; not \(kind)")
        }
    }

    func run() throws {
        let kind = RecordKind(parsing: kind)!
        let store = try options.openStore()
        let record = try store.delete(kind: kind, id: try store.resolveID(id, kind: kind))
        RecordActions.show(
            record, options: options,
            heading: Message("deleted \(kind.englishName) \(record.id)", zh: "已删除\(kind.chineseName) \(record.id)"))
    }
}
