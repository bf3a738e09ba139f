import ArgumentParser
import FieldSyncShared
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// `fieldsync sync`: push local work, pull everything new in this replica's scope.
struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Push this replica's changes to the server, then pull what is new.",
        discussion: """
            Safe to interrupt: the next sync resumes where this one stopped, and nothing is lost \
            or sent twice. Being offline is normal: the work stays here until the next sync.

            Exit status, for cron:
              0   done
              3   done, but conflicts wait for a person (`fieldsync conflicts`)
              4   done, and nothing was lost, but this replica's file turned out to be a copy
                  (restored, cloned, rolled back) or the server was restored from a backup:
                  the sync healed it; `fieldsync status` says what happened
              75  offline or the server is unreachable: try again later
              77  refused: the token is revoked or invalid, or records are outside its region
              1   any other failure (the message says what to do)
            """)

    @Option(
        help: ArgumentHelp(
            "Trust this CA certificate file (PEM) for the server, e.g. the company's own CA.", valueName: "file"))
    var ca: String?
    @Option(help: ArgumentHelp("Only accept a server whose public key matches (sha256//BASE64).", valueName: "key"))
    var pin: String?
    @Option(help: "Further attempts after a network failure, waiting 1, 2, 4… seconds.") var retries = 3
    @Option(help: .hidden) var retryDelay: Double = 1
    @Option(
        help: ArgumentHelp(
            "Which attachments' bytes to download after the records: none, own or region (default: own on a technician's replica, region on an office's, everything on headquarters').",
            valueName: "mode"))
    var attachments: AttachmentMode?
    @Option(
        help: ArgumentHelp(
            "Keep at most this much attachment bytes here (e.g. 2GB), evicting the oldest the server holds; never bytes not yet uploaded.",
            valueName: "size"))
    var attachmentBudget: String?
    @Option(help: .hidden) var attachmentPiece = 4 << 20
    @Option(help: .hidden) var batchSize = 200
    @Option(help: .hidden) var pageSize = 1000
    @OptionGroup var options: GlobalOptions

    func validate() throws {
        guard retries >= 0 else { throw ValidationError("--retries takes 0 or more") }
        guard (1...2000).contains(batchSize), (1...2000).contains(pageSize) else {
            throw ValidationError("batch and page sizes take 1 to 2000")
        }
        if let attachmentBudget, ByteSize.parse(attachmentBudget) == nil {
            throw ValidationError("--attachment-budget takes a size such as 2GB or 500MB")
        }
        if let ca, !FileManager.default.isReadableFile(atPath: ca) {
            throw ValidationError("--ca: cannot read \(ca)")
        }
    }

    func run() throws {
        let store = try options.openStore()
        let token = try TokenFile(databasePath: options.databasePath).read()
        var transportOptions = TransportOptions()
        transportOptions.caFile = ca
        transportOptions.pinnedPublicKey = pin
        var syncOptions = SyncOptions()
        syncOptions.retries = retries
        syncOptions.retryDelay = retryDelay
        syncOptions.pushBatchSize = batchSize
        syncOptions.pullPageSize = pageSize
        let bar = ProgressLine(enabled: isatty(STDERR_FILENO) == 1 && !options.json, language: options.language)
        let client = SyncClient(
            store: store, transport: CurlTransport(options: transportOptions), token: token, options: syncOptions,
            progress: bar.show)
        var summary: SyncSummary
        do {
            summary = try client.run()
        } catch {
            bar.clear()
            throw error
        }
        // Records first, then the bytes on their own track: they never hold the records back.
        let bytesOffline = try syncAttachments(store: store, transport: transportOptions, token: token, into: &summary)
        bar.clear()
        report(summary)
        if let bytesOffline {
            options.say(bytesOffline.message.english, zh: bytesOffline.message.chinese)
            throw ExitCode(75)
        }
        if !summary.refused.isEmpty { throw ExitCode(77) }
        if summary.openConflicts > 0 { throw ExitCode(3) }
        if summary.healed { throw ExitCode(4) }
    }

    func report(_ summary: SyncSummary) {
        if options.json {
            print(JSONText.encode(summary))
            return
        }
        var english = "synced: pushed \(summary.pushed), pulled \(summary.pulled)"
        var chinese = "同步完成：上传 \(summary.pushed) 条，下载 \(summary.pulled) 条"
        if summary.newConflicts > 0 {
            english += ", \(summary.newConflicts) new conflict(s)"
            chinese += "，新增冲突 \(summary.newConflicts) 处"
        }
        if summary.removed > 0 {
            english += ", \(summary.removed) removed (no longer in this replica's region)"
            chinese += "，移除 \(summary.removed) 条（已不属于本区域）"
        }
        if summary.rebaselined {
            english += ", rebuilt from the server (local changes kept)"
            chinese += "，已从服务器重建（本地修改已保留）"
        }
        options.say(english, zh: chinese)
        for event in summary.identity {
            options.say(event.message.english, zh: event.message.chinese)
        }
        if summary.untangled > 0 {
            options.say(
                "\(summary.untangled) record(s) held other replicas' changes that the server has in another form under the same names (a copy of their file and a restored server): they were sent again under this replica's id, beside the server's",
                zh: "\(summary.untangled) 条记录中其他副本的修改与服务器上同名的修改不同（对方文件被恢复且服务器曾恢复）：已以本副本编号重新发送，与服务器的值并存")
        }
        for refusal in summary.refused {
            options.say("refused \(refusal.id): \(refusal.reason)", zh: "被拒绝 \(refusal.id)：\(refusal.reason)")
        }
        for id in summary.keptOutOfScope {
            options.say(
                "\(id) left this region but holds unsynced changes; it was kept",
                zh: "\(id) 已不属于本区域，但有未同步的修改，已保留")
        }
        reportAttachments(summary.attachments)
        if summary.openConflicts > 0 {
            options.say(
                "\(summary.openConflicts) record(s) have conflicts waiting: run `fieldsync conflicts`",
                zh: "\(summary.openConflicts) 条记录有待处理的冲突：请运行 `fieldsync conflicts`")
        }
    }
}

/// One line on the terminal, redrawn in place, for a long sync: done/total, percent, rate and time
/// left of the push and of the pull (`ProgressText`), timed from each phase's first report.
final class ProgressLine: Sendable {
    let enabled: Bool
    let language: Language
    /// The phase shown last and when it began.
    private let phase = Mutex<(phase: ProgressText.Phase, start: ContinuousClock.Instant)?>(nil)

    init(enabled: Bool, language: Language) {
        self.enabled = enabled
        self.language = language
    }

    func show(_ progress: SyncProgress) {
        guard enabled else { return }
        let text: String
        switch progress {
        case .pushing(let done, let total):
            text = ProgressText.line(
                .push, done: done, total: total, seconds: seconds(in: .push), language: language)
        case .pulling(let done, let total):
            text = ProgressText.line(
                .pull, done: done, total: total, seconds: seconds(in: .pull), language: language)
        case .waiting(let seconds, let reason):
            text =
                language.text(
                    "network trouble, retrying in \(Int(seconds)) s: ", zh: "网络问题，\(Int(seconds)) 秒后重试：") + reason
        }
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + text).utf8))
    }

    /// Seconds since `current` began (now, if it is a new phase).
    private func seconds(in current: ProgressText.Phase) -> Double {
        let now = ContinuousClock.now
        let start = phase.withLock { phase in
            if let phase, phase.phase == current { return phase.start }
            phase = (current, now)
            return now
        }
        let elapsed = now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    func clear() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
