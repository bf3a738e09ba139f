import ArgumentParser
import FieldSyncShared

/// `fieldsync customer add|edit|list|show`: the customer files (客户档案).
struct CustomerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "customer",
        abstract: "Customer files (客户档案): who they are, where, what they ordered.",
        subcommands: [Add.self, Edit.self, List.self, Show.self])

    struct Fields: RecordFieldOptions {
        static let kind = RecordKind.customer

        @Option(help: "Customer name (客户名称), e.g. a cemetery or funeral home.") var name: String?
        @Option(help: "Region: north, northwest, southwest, central, south (华北…). Default: this replica's.") var region:
            String?
        @Option(help: "Contact person (联系人).") var contact: String?
        @Option(help: "Phone (电话).") var phone: String?
        @Option(help: "Address (地址).") var address: String?
        @Option(
            name: .customLong("product"),
            help: ArgumentHelp("A product ordered, as PRODUCT:MODEL:QUANTITY; repeat for several.", valueName: "item"))
        var products: [String] = []
        @Option(help: "Training given (培训情况).") var training: String?

        var entries: [(field: String, texts: [String])] {
            [
                entry("name", name), entry("region", region), entry("contact", contact), entry("phone", phone),
                entry("address", address), ("products", products), entry("training", training),
            ]
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a customer.")
        @OptionGroup var fields: Fields
        @OptionGroup var options: GlobalOptions
        func run() throws { try RecordActions.add(.customer, fields: fields, options: options) }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a customer's fields; an empty value clears one.")
        @Argument(help: "The customer's id, or a unique part of it.") var id: String
        @OptionGroup var fields: Fields
        @OptionGroup var options: GlobalOptions
        func run() throws { try RecordActions.edit(.customer, id: id, fields: fields, options: options) }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List customers.")
        @OptionGroup var list: ListOptions
        @OptionGroup var options: GlobalOptions
        func run() throws {
            try list.run(.customer, options: options)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one customer with every field.")
        @Argument(help: "The customer's id, or a unique part of it.") var id: String
        @OptionGroup var options: GlobalOptions
        func run() throws { try RecordActions.show(.customer, id: id, options: options) }
    }
}
