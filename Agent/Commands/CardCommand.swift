import ArgumentParser
import FieldSyncShared

/// `fieldsync card add|list`: the customer's opinion cards (意见卡), immutable once added.
struct CardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "card",
        abstract: "Opinion cards (意见卡): filled once by the customer, never changed afterwards.",
        subcommands: [Add.self, List.self, Show.self])

    struct Fields: RecordFieldOptions {
        static let kind = RecordKind.opinionCard

        @Option(help: "The customer's id, or a unique part of it.") var customer: String?
        @Option(help: "The visit the card is about.") var visit: String?
        @Option(help: "Region. Default: the customer's.") var region: String?
        @Option(help: "satisfied, fairly-satisfied, unsatisfied (满意 基本满意 不满意) or a score 1–5.") var rating: String?
        @Option(help: "What the customer praised (表扬).") var praise: String?
        @Option(help: "What the customer complained of on the card (意见).") var complaintText: String?
        @Option(help: "Who filled the card (填写人).") var filledBy: String?
        @Option(help: "When the card was filled. Default: now.") var filledAt: String?

        var entries: [(field: String, texts: [String])] {
            [
                entry("customer", customer), entry("visit", visit), entry("region", region), entry("rating", rating),
                entry("praise", praise), entry("complaint_text", complaintText), entry("filled_by", filledBy),
                entry("filled_at", filledAt),
            ]
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an opinion card as the customer filled it.")
        @OptionGroup var fields: Fields
        @OptionGroup var options: GlobalOptions
        func run() throws {
            try RecordActions.add(.opinionCard, fields: fields, options: options) { store, values in
                if values["filled_at"] == nil { values["filled_at"] = .string(ServiceTime.current.description) }
                if values["customer"] == nil, let visit = values["visit"]?.stringValue.flatMap(RecordID.init) {
                    values["customer"] = try store.record(kind: .visit, id: visit).state.value(of: "customer")
                }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List opinion cards.")
        @OptionGroup var list: ListOptions
        @OptionGroup var options: GlobalOptions
        func run() throws {
            try RecordActions.list(.opinionCard, options: options, region: list.region, includeDeleted: list.includeDeleted)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one opinion card.")
        @Argument(help: "The card's id, or a unique part of it.") var id: String
        @OptionGroup var options: GlobalOptions
        func run() throws { try RecordActions.show(.opinionCard, id: id, options: options) }
    }
}
