import ArgumentParser
import FieldSyncShared

extension AttachmentMode: ExpressibleByArgument {}

extension SyncCommand {
    /// The bytes' track after the records: up, then down, then the budget. Returns the error when
    /// the link went away meanwhile (the records are synced; the bytes resume next time).
    func syncAttachments(
        store: ReplicaStore, transport: TransportOptions, token: String, into summary: inout SyncSummary
    ) throws -> AgentError? {
        let info = try store.info()
        let mode = attachments ?? AttachmentMode.defaultFor(region: info.region, technician: info.technician)
        var sync = AttachmentSync(store: store, transport: CurlTransport(options: transport), token: token)
        sync.retries = retries
        sync.retryDelay = retryDelay
        sync.pieceSize = max(1024, attachmentPiece)
        sync.smallestPiece = min(sync.smallestPiece, sync.pieceSize)
        sync.budget = attachmentBudget.flatMap(ByteSize.parse)
        do {
            summary.attachments = try sync.run(mode: mode)
            return nil
        } catch let error as AgentError where error.code == .offline {
            return error
        }
    }

    /// `attachments: 2 up (3.1 MB), 1 down (2.0 MB)`, and what failed.
    func reportAttachments(_ summary: AttachmentSyncSummary?) {
        guard let summary else { return }
        if summary.uploaded + summary.downloaded + summary.evicted > 0 {
            options.say(
                "attachments: \(summary.uploaded) up (\(summary.uploadedBytes) bytes), \(summary.downloaded) down (\(summary.downloadedBytes) bytes)"
                    + (summary.evicted > 0 ? ", \(summary.evicted) evicted to keep within the budget" : ""),
                zh:
                    "附件：上传 \(summary.uploaded) 个（\(summary.uploadedBytes) 字节），下载 \(summary.downloaded) 个（\(summary.downloadedBytes) 字节）"
                    + (summary.evicted > 0 ? "，为控制空间清除 \(summary.evicted) 个" : ""))
        }
        if summary.notOnServer > 0 {
            options.say(
                "\(summary.notOnServer) attachment(s) wait for the replica that attached them to upload their bytes",
                zh: "\(summary.notOnServer) 个附件的内容尚待添加它们的副本上传")
        }
        for failure in summary.failed {
            options.say("attachment \(failure.id): \(failure.reason)", zh: "附件 \(failure.id)：\(failure.reason)")
        }
    }
}
