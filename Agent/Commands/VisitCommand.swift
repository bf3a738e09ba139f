import ArgumentParser
import FieldSyncShared

/// `fieldsync visit add|edit|close|list|show`: work on a customer's site (上门服务).
struct VisitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "visit",
        abstract: "Visits (上门服务): delivery, installation, repair, maintenance, return visit, training.",
        subcommands: [Add.self, Edit.self, Close.self, List.self, Show.self])

    struct Fields: RecordFieldOptions {
        static let kind = RecordKind.visit

        @Option(help: "The customer's id, or a unique part of it.") var customer: String?
        @Option(help: "delivery, installation, repair, maintenance, return-visit or training (配送 安装调试 维修 定期保养 回访 培训).")
        var kind: String?
        @Option(help: "Region. Default: the customer's.") var region: String?
        @Option(help: "Technician's name. Default: the one set at init.") var technician: String?
        @Option(help: "When the repair call came in (报修时间), e.g. 2026-11-27T09:30+08:00. Required for repairs.")
        var calledAt: String?
        @Option(help: "When the technician arrived on site (到达时间).") var arrivedAt: String?
        @Option(help: "When the work was completed (完成时间).") var completedAt: String?
        @Option(help: "Work done (服务内容).") var workDone: String?
        @Option(
            name: .customLong("part"),
            help: ArgumentHelp("A part used, as PART:QUANTITY; repeat for several.", valueName: "item"))
        var partsUsed: [String] = []
        @Option(help: "Fixed on this first visit (一次成功): yes or no.") var firstTimeFix: String?
        @Option(help: "72-hour commissioning result of an installation: passed or failed.") var commissioning: String?
        @Option(help: "open or closed.") var status: String?

        var entries: [(field: String, texts: [String])] {
            [
                entry("customer", customer), entry("kind", kind), entry("region", region),
                entry("technician", technician), entry("called_at", calledAt), entry("arrived_at", arrivedAt),
                entry("completed_at", completedAt), entry("work_done", workDone), ("parts_used", partsUsed),
                entry("first_time_fix", firstTimeFix), entry("commissioning", commissioning), entry("status", status),
            ]
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a visit.",
            discussion:
                "Times without a zone are taken in this machine's zone. Example:\n  fieldsync visit add --customer 0193 --kind repair --called-at '2026-11-27 09:30' --arrived-at '2026-11-27 15:10'"
        )
        @OptionGroup var fields: Fields
        @OptionGroup var options: GlobalOptions
        func run() throws {
            try RecordActions.add(.visit, fields: fields, options: options) { store, values in
                if values["status"] == nil { values["status"] = "open" }
                if values["technician"] == nil, let technician = try store.info().technician {
                    values["technician"] = .string(technician)
                }
            }
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change a visit's fields; an empty value clears one.")
        @Argument(help: "The visit's id, or a unique part of it.") var id: String
        @OptionGroup var fields: Fields
        @OptionGroup var options: GlobalOptions
        func run() throws { try RecordActions.edit(.visit, id: id, fields: fields, options: options) }
    }

    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Close a visit: the work is done.",
            discussion:
                "Sets the status to closed and the completion time (default: now). A visit needs its arrival time to close."
        )
        @Argument(help: "The visit's id, or a unique part of it.") var id: String
        @Option(help: "When the work was completed. Default: now.") var completedAt: String?
        @Option(help: "When the technician arrived, if not recorded yet.") var arrivedAt: String?
        @Option(help: "Fixed on this first visit: yes or no.") var firstTimeFix: String?
        @Option(help: "Work done.") var workDone: String?
        @Option(help: "72-hour commissioning result: passed or failed.") var commissioning: String?
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let store = try options.openStore()
            let visitID = try store.resolveID(id, kind: .visit)
            let current = try store.record(kind: .visit, id: visitID)
            var changes = try parseFieldEntries(
                [
                    entry("completed_at", completedAt ?? ServiceTime.current.description),
                    entry("arrived_at", arrivedAt),
                    entry("first_time_fix", firstTimeFix), entry("work_done", workDone),
                    entry("commissioning", commissioning), entry("status", "closed"),
                ], kind: .visit, store: store, options: options)
            if current.state.value(of: "arrived_at") == nil && changes["arrived_at"] == nil {
                throw AgentError.visitWithoutArrival()
            }
            if current.state.value(of: "completed_at") != nil && completedAt == nil { changes["completed_at"] = nil }
            try RecordActions.edit(
                .visit, id: visitID, changes: changes, store: store, options: options,
                verb: Message("closed", zh: "已关闭"))
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List visits.")
        @OptionGroup var list: ListOptions
        @OptionGroup var options: GlobalOptions
        func run() throws {
            try list.run(.visit, options: options)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one visit with every field.")
        @Argument(help: "The visit's id, or a unique part of it.") var id: String
        @OptionGroup var options: GlobalOptions
        func run() throws { try RecordActions.show(.visit, id: id, options: options) }
    }
}
