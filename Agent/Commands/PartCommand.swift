import ArgumentParser
import FieldSyncShared

/// `fieldsync part add|list`: parts supplied to customers (备品备件).
struct PartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "part",
        abstract: "Parts supplied (备品备件).",
        subcommands: [Add.self, List.self])

    struct Fields: RecordFieldOptions {
        static let kind = RecordKind.partSupply

        @Option(help: "The customer's id, or a unique part of it. Default: the visit's customer.") var customer: String?
        @Option(help: "The visit the part was supplied on.") var visit: String?
        @Option(help: "Region. Default: the customer's.") var region: String?
        @Option(help: "The part (备件).") var part: String?
        @Option(help: "How many (≥ 1).") var quantity: String?
        @Option(help: "When it was supplied. Default: now.") var suppliedAt: String?

        var entries: [(field: String, texts: [String])] {
            [
                entry("customer", customer), entry("visit", visit), entry("region", region), entry("part", part),
                entry("quantity", quantity), entry("supplied_at", suppliedAt),
            ]
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record a part supplied.")
        @OptionGroup var fields: Fields
        @OptionGroup var options: GlobalOptions
        func run() throws {
            try RecordActions.add(.partSupply, fields: fields, options: options) { store, values in
                if values["supplied_at"] == nil { values["supplied_at"] = .string(ServiceTime.current.description) }
                if values["customer"] == nil, let visit = values["visit"]?.stringValue.flatMap(RecordID.init) {
                    let visitState = try store.record(kind: .visit, id: visit).state
                    values["customer"] = visitState.value(of: "customer")
                    if values["region"] == nil { values["region"] = visitState.value(of: "region") }
                }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List parts supplied.")
        @OptionGroup var list: ListOptions
        @OptionGroup var options: GlobalOptions
        func run() throws {
            try list.run(.partSupply, options: options)
        }
    }
}
