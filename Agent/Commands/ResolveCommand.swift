import ArgumentParser
import FieldSyncShared
import Foundation

/// `fieldsync resolve KIND ID --field F (--value V | --keep DOT)`.
struct ResolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve",
        abstract: "Settle a conflict: keep one of the standing values, or write a new one.",
        discussion: """
            The choice is written as a new change that supersedes exactly the values standing \
            now, and records who settled it, when and why. A change made elsewhere that this \
            replica has not seen yet reopens the conflict rather than vanishing. Keeping a value \
            over a delete restores the record; keeping the delete confirms it.
            """)

    @Argument(help: "customer, visit, card, complaint or part.") var kind: String
    @Argument(help: "The record's id, or a unique part of it.") var id: String
    @Option(help: "The field in conflict, as `fieldsync conflicts` names it.") var field: String
    @Option(help: "A new value for the field.") var value: String?
    @Option(
        help: ArgumentHelp(
            "Keep the value written by this dot (REPLICA:COUNTER, from `fieldsync conflicts`).", valueName: "dot"))
    var keep: String?
    @Option(help: "Why this value was chosen; kept with the record.") var reason: String?
    @Option(help: "Who settles it. Default: the technician set at init, else the login name.") var by: String?
    @OptionGroup var options: GlobalOptions

    func validate() throws {
        guard RecordKind(parsing: kind) != nil else {
            throw ValidationError("KIND is one of customer, visit, card, complaint, part; not \(kind)")
        }
        guard (value == nil) != (keep == nil) else { throw ValidationError("give exactly one of --value and --keep") }
        if let keep, Dot(keep) == nil {
            throw ValidationError("--keep takes a dot as `fieldsync conflicts` prints it: REPLICA:COUNTER")
        }
    }

    func run() throws {
        let kind = RecordKind(parsing: kind)!
        let store = try options.openStore()
        let recordID = try store.resolveID(id, kind: kind)
        let choice: SettlementChoice
        if let keep {
            choice = .keep(Dot(keep)!)
        } else if let spec = kind.field(named: field) {
            do {
                choice = .value(try spec.parse(value!, defaultOffset: options.defaultOffset))
            } catch {
                throw AgentError.invalid([error], kind: kind)
            }
        } else {
            choice = .value(.string(value!))
        }
        let settler = try by ?? store.info().technician ?? ProcessInfo.processInfo.environment["USER"] ?? "unknown"
        let (superseded, record) = try store.settle(
            kind: kind, id: recordID, field: field, choice: choice, by: settler, reason: reason)
        if options.json {
            print(options.presenter.json(record))
        } else {
            let dots = superseded.values.map(\.dot.description).joined(separator: ", ")
            options.say(
                "settled \(field) of \(kind.englishName) \(recordID), superseding \(dots)",
                zh: "已处理\(kind.chineseName) \(recordID) 的字段 \(field)，取代了 \(dots)")
            print(options.presenter.detail(record))
        }
    }
}
