import ArgumentParser
import FieldSyncShared

/// `fieldsync complaint add|edit|resolve|list|show`: complaints (投诉) and how they were handled.
struct ComplaintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "complaint",
        abstract: "Complaints (投诉): received, handled, resolved, fed back to the complainant.",
        subcommands: [Add.self, Edit.self, Resolve.self, List.self, Show.self])

    struct Fields: RecordFieldOptions {
        static let kind = RecordKind.complaint

        @Option(help: "The customer's id, or a unique part of it.") var customer: String?
        @Option(help: "Region. Default: the customer's.") var region: String?
        @Option(help: "phone, web, visit, letter or opinion-card (电话 网站 上门 信函 意见卡).") var channel: String?
        @Option(help: "general or major (一般 重大). Default: general.") var severity: String?
        @Option(help: "When the complaint was received (受理时间). Default: now.") var receivedAt: String?
        @Option(help: "What the customer complains of (投诉内容).") var description: String?
        @Option(help: "The visit it concerns.") var visit: String?
        @Option(help: "The opinion card it came from.") var card: String?
        @Option(help: "Who handles it (处理人).") var handler: String?
        @Option(help: "How it was resolved (处理结果).") var resolution: String?
        @Option(help: "When it was resolved.") var resolvedAt: String?
        @Option(help: "Feedback given to the complainant (反馈).") var feedback: String?
        @Option(help: "Whether the complainant is satisfied: yes or no.") var complainantSatisfied: String?
        @Option(help: "Preventive action taken (预防措施).") var preventiveAction: String?
        @Option(help: "open or resolved.") var status: String?

        var entries: [(field: String, texts: [String])] {
            [
                entry("customer", customer), entry("region", region), entry("channel", channel),
                entry("severity", severity), entry("received_at", receivedAt), entry("description", description),
                entry("visit", visit), entry("card", card), entry("handler", handler),
                entry("resolution", resolution), entry("resolved_at", resolvedAt), entry("feedback", feedback),
                entry("complainant_satisfied", complainantSatisfied), entry("preventive_action", preventiveAction),
                entry("status", status),
            ]
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record a complaint.")
        @OptionGroup var fields: Fields
        @OptionGroup var options: GlobalOptions
        func run() throws {
            try RecordActions.add(.complaint, fields: fields, options: options) { _, values in
                if values["severity"] == nil { values["severity"] = "general" }
                if values["received_at"] == nil { values["received_at"] = .string(ServiceTime.current.description) }
                if values["status"] == nil { values["status"] = "open" }
            }
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a complaint's fields; an empty value clears one.")
        @Argument(help: "The complaint's id, or a unique part of it.") var id: String
        @OptionGroup var fields: Fields
        @OptionGroup var options: GlobalOptions
        func run() throws { try RecordActions.edit(.complaint, id: id, fields: fields, options: options) }
    }

    struct Resolve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mark a complaint resolved, with how, and the feedback given to the complainant.")
        @Argument(help: "The complaint's id, or a unique part of it.") var id: String
        @Option(help: "How it was resolved (处理结果).") var resolution: String
        @Option(help: "When it was resolved. Default: now.") var resolvedAt: String?
        @Option(help: "Feedback given to the complainant (反馈).") var feedback: String?
        @Option(help: "Whether the complainant is satisfied: yes or no.") var satisfied: String?
        @Option(help: "Preventive action taken (预防措施).") var preventiveAction: String?
        @Option(help: "Who handled it.") var handler: String?
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let store = try options.openStore()
            let complaintID = try store.resolveID(id, kind: .complaint)
            let changes = try parseFieldEntries(
                [
                    entry("resolution", resolution),
                    entry("resolved_at", resolvedAt ?? ServiceTime.current.description),
                    entry("feedback", feedback), entry("complainant_satisfied", satisfied),
                    entry("preventive_action", preventiveAction), entry("handler", handler),
                    entry("status", "resolved"),
                ], kind: .complaint, store: store, options: options)
            try RecordActions.edit(
                .complaint, id: complaintID, changes: changes, store: store, options: options,
                verb: Message("resolved", zh: "已解决"))
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List complaints.")
        @OptionGroup var list: ListOptions
        @OptionGroup var options: GlobalOptions
        func run() throws {
            try list.run(.complaint, options: options)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one complaint with every field.")
        @Argument(help: "The complaint's id, or a unique part of it.") var id: String
        @OptionGroup var options: GlobalOptions
        func run() throws { try RecordActions.show(.complaint, id: id, options: options) }
    }
}
