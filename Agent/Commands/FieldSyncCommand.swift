import ArgumentParser
import FieldSyncShared
import Foundation

/// `fieldsync`: the technician's offline replica and its sync.
public struct FieldSyncCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "fieldsync",
        abstract: "Record after-sales service work offline and sync it with the office.",
        discussion: """
            Every command works without a network. Records: customers, visits, opinion cards, \
            complaints and parts. Exit status: 0 done; 1 failed (the message says why; nothing \
            was changed); 64 bad usage or input; `fieldsync sync --help` lists the sync's own.
            """,
        version: "fieldsync \(FieldSyncVersion.description)",
        subcommands: [
            InitCommand.self, CustomerCommand.self, VisitCommand.self, CardCommand.self, ComplaintCommand.self,
            PartCommand.self, DeleteCommand.self, ConflictsCommand.self, ResolveCommand.self, ImportCommand.self,
            SyncCommand.self, AttachCommand.self, AttachmentCommand.self,
            StatusCommand.self, ExportCommand.self, ReportCommand.self, DueCommand.self,
        ])

    public init() {}

    /// Runs the command line, printing errors as one line in the user's language.
    public static func runMain(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> Never {
        let language = languageOf(arguments)
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            Foundation.exit(0)
        } catch let error as AgentError {
            let prefix = language.text("error: ", zh: "错误：")
            FileHandle.standardError.write(Data((prefix + error.message.text(in: language) + "\n").utf8))
            Foundation.exit(error.exitCode)
        } catch {
            exit(withError: error)
        }
    }

    private static func languageOf(_ arguments: [String]) -> Language {
        for (index, argument) in arguments.enumerated() {
            var value: String?
            if argument == "--lang", index + 1 < arguments.count { value = arguments[index + 1] }
            if argument.hasPrefix("--lang=") { value = String(argument.dropFirst(7)) }
            if let value, let language = Language(rawValue: String(value.lowercased().prefix(2))) { return language }
        }
        return GlobalOptions.environmentLanguage()
    }
}
