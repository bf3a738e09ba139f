import ArgumentParser
import FieldSyncShared
import Foundation

/// Options every command takes: where the replica is, and how to print.
public struct GlobalOptions: ParsableArguments, Sendable {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The replica database.",
            discussion: "Default: $FIELDSYNC_DB, else ~/.local/share/fieldsync/replica.sqlite.",
            valueName: "path"))
    public var db: String?

    @Flag(name: .long, help: "Print JSON instead of a table: an object for one record, an array for a listing.")
    public var json = false

    @Option(
        name: .long, help: ArgumentHelp("Language of the output: zh or en. Default: from LANG.", valueName: "zh|en"))
    public var lang: String?

    public init() {}

    public func validate() throws {
        if let lang, Language(rawValue: lang.lowercased().prefix(2).description) == nil {
            throw ValidationError("--lang takes zh or en, not \(lang)")
        }
    }

    /// The language asked for, else the environment's (`LC_ALL`, `LC_MESSAGES`, `LANG`).
    public var language: Language {
        if let lang, let chosen = Language(rawValue: String(lang.lowercased().prefix(2))) { return chosen }
        return Self.environmentLanguage()
    }

    public static func environmentLanguage() -> Language {
        let environment = ProcessInfo.processInfo.environment
        for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let value = environment[key], !value.isEmpty {
                return value.lowercased().hasPrefix("zh") ? .chinese : .english
            }
        }
        return .english
    }

    /// `--db`, else `FIELDSYNC_DB`, else the per-user default.
    public var databasePath: String {
        if let db { return db }
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["FIELDSYNC_DB"], !path.isEmpty { return path }
        let dataHome =
            environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (NSHomeDirectory() as NSString).appendingPathComponent(".local/share")
        return (dataHome as NSString).appendingPathComponent("fieldsync/replica.sqlite")
    }

    func openStore() throws -> ReplicaStore { try ReplicaStore.open(at: databasePath) }

    var presenter: RecordPresenter { RecordPresenter(language: language) }

    /// The zone a typed time without one is taken to be in: this machine's.
    var defaultOffset: Int { TimeZone.current.secondsFromGMT() }

    func say(_ english: String, zh chinese: String) {
        print(language.text(english, zh: chinese))
    }
}
