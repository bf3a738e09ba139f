import FieldSyncShared

/// Every error the agent says, in English and Chinese, in one place: a translator or reviewer
/// reads all of the agent's error wording here, and the code that throws names what went wrong
/// (`throw AgentError.unknownRecord(kind: kind, id: id.description)`).
///
/// Each constructor keeps its `AgentError.Code`, which decides the exit status (`exitCode`).
/// Tests and the README compare some of these texts: change them here and there together.
extension AgentError {
    // MARK: The replica file

    /// `fieldsync init` on a file that already holds a replica.
    static func alreadyInitialised(path: String) -> AgentError {
        AgentError(
            .alreadyInitialised,
            Message(
                "\(path) already holds a replica; use another --db or keep this one",
                zh: "\(path) 已经是一个副本；请换一个 --db 或继续使用它"))
    }

    /// No file at all where the replica should be.
    static func noReplica(path: String) -> AgentError {
        AgentError(
            .noReplica,
            Message(
                "no replica at \(path); create one with `fieldsync init --server URL --token TOKEN`",
                zh: "\(path) 没有副本；请先运行 `fieldsync init --server URL --token TOKEN`"))
    }

    /// A file that is a SQLite database but holds no replica.
    static func notAReplica(path: String) -> AgentError {
        AgentError(
            .noReplica,
            Message(
                "\(path) holds no replica; create one with `fieldsync init --server URL --token TOKEN`",
                zh: "\(path) 不是副本；请先运行 `fieldsync init --server URL --token TOKEN`"))
    }

    /// The replica's one row is gone from an opened replica.
    static func replicaRowMissing() -> AgentError {
        AgentError(.noReplica, Message("the replica row is missing", zh: "副本信息缺失"))
    }

    /// A file migrated by a later version of the agent.
    static func newerDatabase(path: String) -> AgentError {
        AgentError(
            .newerDatabase,
            Message(
                "\(path) was written by a newer fieldsync; install that version to use it",
                zh: "\(path) 由更新版本的 fieldsync 创建；请安装新版本后再使用"))
    }

    /// SQLite could not open the file at all.
    static func cannotOpen(path: String, reason: String) -> AgentError {
        AgentError(
            .storage,
            Message(
                "cannot open \(path) as a FieldSync database (\(reason)); check the path and its permissions",
                zh: "无法打开数据库 \(path)（\(reason)）；请检查路径和权限"))
    }

    /// A transaction failed on a full disk (`folder` holds the file; empty for the current one).
    static func diskFull(path: String, folder: String) -> AgentError {
        AgentError(
            .storage,
            Message(
                "the disk holding \(path) is full; nothing was changed. Free some space (df -h \(folder.isEmpty ? "." : folder)) and run the command again",
                zh: "\(path) 所在的磁盘已满，未做任何修改。请释放磁盘空间（df -h \(folder.isEmpty ? "." : folder)）后重新运行"))
    }

    /// A transaction failed because the file or its folder may not be written.
    static func notWritable(path: String, reason: String) -> AgentError {
        AgentError(
            .storage,
            Message(
                "\(path) cannot be written (\(reason)); nothing was changed. Make the file and its folder writable for this user, or give another --db, then run the command again",
                zh: "\(path) 无法写入（\(reason)），未做任何修改。请让该文件及其目录可写，或使用其他 --db，然后重新运行"))
    }

    /// A transaction failed for another reason SQLite names.
    static func databaseUnusable(path: String, reason: String) -> AgentError {
        AgentError(
            .storage,
            Message(
                "the local database \(path) could not be used (\(reason)); nothing was changed. Free disk space or fix permissions, then try again",
                zh: "本地数据库 \(path) 无法使用（\(reason)），未做任何修改。请释放磁盘空间或检查权限后重试"))
    }

    /// The replica's own id, read while writing, is not an id.
    static func damagedReplicaID() -> AgentError {
        AgentError(.storage, Message("the replica id is damaged", zh: "副本编号已损坏"))
    }

    /// The replica's own id, read with the replica's row, is not an id.
    static func damagedReplicaIDInDatabase() -> AgentError {
        AgentError(.storage, Message("the replica id in the local database is damaged", zh: "本地数据库中的副本编号已损坏"))
    }

    /// A record's stored state cannot be read.
    static func damagedRecord(id: String) -> AgentError {
        AgentError(
            .storage,
            Message(
                "record \(id) is damaged in the local database; sync to fetch it again from the server",
                zh: "本地数据库中的记录 \(id) 已损坏，请同步以从服务器重新获取"))
    }

    /// A stored record id is not an id.
    static func damagedRecordID() -> AgentError {
        AgentError(.storage, Message("a record id in the local database is damaged", zh: "本地数据库中的记录编号已损坏"))
    }

    /// A stored record names a replica by a number the replica's table does not hold.
    static func unknownReplicaNumber(_ number: Int64) -> AgentError {
        AgentError(
            .storage,
            Message(
                "a record in the local database names replica number \(number), which this replica does not know; the file is damaged",
                zh: "本地数据库中的记录引用了未知的副本编号 \(number)，文件已损坏"))
    }

    // MARK: Records

    /// No record of `kind` with this id (or unique end of one).
    static func unknownRecord(kind: RecordKind, id: String) -> AgentError {
        AgentError(
            .unknownRecord,
            Message(
                "no \(kind.englishName) with id \(id); list them with `fieldsync \(kind.commandName) list`",
                zh: "没有编号为 \(id) 的\(kind.chineseName)；可用 `fieldsync \(kind.commandName) list` 查看"))
    }

    /// The end of an id the technician typed matches several records.
    static func ambiguousID(kind: RecordKind, key: String) -> AgentError {
        AgentError(
            .ambiguousID,
            Message(
                "\(key) matches several \(kind.englishName) records; type more of the id",
                zh: "\(key) 对应多条\(kind.chineseName)记录，请输入更完整的编号"))
    }

    /// A record's values break its kind's rules; nothing was saved.
    static func invalid(_ problems: [FieldProblem], kind: RecordKind) -> AgentError {
        let english = problems.map { "\(kind.field(named: $0.field)?.flag ?? $0.field) \($0.message.english)" }
        let chinese = problems.map { "\(kind.field(named: $0.field)?.chinese ?? $0.field)\($0.message.chinese)" }
        return AgentError(
            .invalidInput,
            Message(
                "the \(kind.englishName) was not saved: " + english.joined(separator: "; "),
                zh: "\(kind.chineseName)未保存：" + chinese.joined(separator: "；")))
    }

    /// One item of a batch (`createMany`, `import`) is invalid: `number` counts from 1.
    static func invalidItem(number: Int, _ error: AgentError) -> AgentError {
        AgentError(
            .invalidInput,
            Message(
                "item \(number): \(error.message.english)", zh: "第 \(number) 条：\(error.message.chinese)"))
    }

    /// An edit of an opinion card.
    static func opinionCardImmutable() -> AgentError {
        AgentError(
            .immutable,
            Message(
                "an opinion card cannot be changed once added: it is what the customer wrote. Add a new card, or open a complaint about it",
                zh: "意见卡一经录入不能修改（这是客户亲笔填写的）。请另录一张，或据此登记投诉"))
    }

    /// An edit of a deleted record.
    static func editOfDeleted(kind: RecordKind, id: String) -> AgentError {
        AgentError(
            .unknownRecord,
            Message(
                "\(kind.englishName) \(id) is deleted; see `fieldsync conflicts` if someone edited it meanwhile",
                zh: "\(kind.chineseName) \(id) 已删除"))
    }

    /// A reference to a deleted record.
    static func referenceToDeleted(kind: RecordKind, id: String) -> AgentError {
        AgentError(
            .unknownRecord,
            Message("\(kind.englishName) \(id) is deleted", zh: "\(kind.chineseName) \(id) 已删除"))
    }

    /// An edit that changes no value.
    static func nothingToChange(kind: RecordKind) -> AgentError {
        AgentError(
            .nothingToChange,
            Message("nothing to change: the \(kind.englishName) already holds these values", zh: "没有需要修改的内容"))
    }

    /// A delete of a deleted record.
    static func alreadyDeleted(kind: RecordKind, id: String) -> AgentError {
        AgentError(
            .nothingToChange,
            Message("\(kind.englishName) \(id) is already deleted", zh: "\(kind.chineseName) \(id) 已经删除"))
    }

    /// An edit of a field whose concurrent values are not settled yet.
    static func fieldInConflict(kind: RecordKind, id: String, field: String) -> AgentError {
        AgentError(
            .conflict,
            Message(
                "field \(field) of \(kind.englishName) \(id) is in conflict; settle it with `fieldsync resolve \(kind.commandName) \(id) --field \(field)`",
                zh: "\(kind.chineseName) \(id) 的字段 \(field) 存在冲突，请先用 `fieldsync resolve` 处理"))
    }

    /// `fieldsync resolve` of a field that has no conflict.
    static func noConflict(kind: RecordKind, id: String, field: String) -> AgentError {
        AgentError(
            .nothingToChange,
            Message(
                "field \(field) of \(kind.englishName) \(id) has no conflict; `fieldsync conflicts` lists those that do",
                zh: "\(kind.chineseName) \(id) 的字段 \(field) 没有冲突；`fieldsync conflicts` 可列出所有冲突"))
    }

    /// `fieldsync resolve --keep DOT` with a dot that is not one of the standing values.
    static func notAStandingValue(_ dot: String, field: String) -> AgentError {
        AgentError(
            .invalidInput,
            Message(
                "\(dot) is not one of the values standing in \(field); `fieldsync conflicts` shows their dots",
                zh: "\(dot) 不是字段 \(field) 的候选值；`fieldsync conflicts` 可查看"))
    }

    /// The conflict being settled changed under the settlement.
    static func conflictChanged() -> AgentError {
        AgentError(.conflict, Message("the conflict changed while settling it; look again", zh: "冲突已变化，请重新查看"))
    }

    // MARK: The token file

    static func tokenFileNotCreated(path: String) -> AgentError {
        AgentError(
            .tokenFile,
            Message(
                "cannot create the token file \(path); check the folder's permissions",
                zh: "无法创建令牌文件 \(path)，请检查目录权限"))
    }

    static func tokenFileNotWritten(path: String) -> AgentError {
        AgentError(.tokenFile, Message("cannot write the token file \(path)", zh: "无法写入令牌文件 \(path)"))
    }

    static func noTokenFile(path: String) -> AgentError {
        AgentError(
            .tokenFile,
            Message(
                "no token file at \(path); run `fieldsync init` again with --token",
                zh: "找不到令牌文件 \(path)；请重新运行 `fieldsync init --token`"))
    }

    static func tokenFileReadableByOthers(path: String) -> AgentError {
        AgentError(
            .tokenFile,
            Message(
                "the token file \(path) can be read by others; run `chmod 600 \(path)` and try again",
                zh: "令牌文件 \(path) 可被他人读取；请运行 `chmod 600 \(path)` 后重试"))
    }

    static func tokenFileEmpty(path: String) -> AgentError {
        AgentError(.tokenFile, Message("the token file \(path) is empty", zh: "令牌文件 \(path) 为空"))
    }

    // MARK: Sync

    /// Another `fieldsync sync` holds the file's sync lock.
    static func syncRunning(databasePath: String) -> AgentError {
        AgentError(
            .offline,
            Message(
                "another sync of \(databasePath) is running; try again when it has finished",
                zh: "\(databasePath) 正在同步中；请等它完成后再试"))
    }

    /// The server could not be reached after every retry.
    static func offline(server: String, reason: String) -> AgentError {
        AgentError(
            .offline,
            Message(
                "offline: \(server) cannot be reached (\(reason)). Your work is kept here; sync again later",
                zh: "离线：无法连接 \(server)（\(reason)）。工作已保存在本机，稍后再同步"))
    }

    /// The connection failed in a way another try will not mend (TLS, a bad URL).
    static func cannotSync(server: String, reason: String) -> AgentError {
        AgentError(
            .protocolError,
            Message(
                "cannot sync with \(server): \(reason); your work is kept here",
                zh: "无法与 \(server) 同步：\(reason)；工作已保存在本机（公司自有证书请用 --ca）"))
    }

    /// The server revoked the token; the synced records were dropped, `kept` unsynced ones kept.
    static func tokenRevoked(kept: Int) -> AgentError {
        AgentError(
            .refused,
            Message(
                "the server revoked this device's token: synced records were removed from it; \(kept) record(s) with unsynced changes were kept — give them to the office",
                zh: "服务器已吊销本设备的令牌：已同步的记录已从本机删除；保留了 \(kept) 条未同步的记录，请交给办事处"))
    }

    /// The server answered 401 or 403 (`message` is the server's).
    static func refused(_ message: String) -> AgentError {
        AgentError(.refused, Message("the server refused the sync: \(message)", zh: "服务器拒绝同步：\(message)"))
    }

    /// The server answered 5xx after every retry (`message` is the server's).
    static func serverFailed(_ message: String) -> AgentError {
        AgentError(
            .serverError,
            Message(
                "the server failed (\(message)); your work is kept, sync again later",
                zh: "服务器出错（\(message)），工作已保存，稍后再同步"))
    }

    /// The server's answer breaks the protocol; `english` says how (the same in both languages).
    static func protocolError(_ english: String) -> AgentError {
        AgentError(.protocolError, Message(english + "; nothing was lost", zh: english + "；数据未丢失"))
    }

    /// The server answered with a status the protocol does not give.
    static func unexpectedAnswer(status: Int, message: String) -> AgentError {
        protocolError("the server answered \(status): \(message)")
    }

    /// The server's answer is not the JSON asked for.
    static func unreadableAnswer(server: String) -> AgentError {
        protocolError("the server's answer could not be read; is \(server) a FieldSync server?")
    }

    /// The server asked a second time, in one sync, to pull from the start.
    static func rebaselineTwice() -> AgentError {
        protocolError("the server asked twice to pull from the start")
    }

    /// A pull page's cursor did not move past the one asked after.
    static func cursorStuck() -> AgentError {
        protocolError("the server's cursor did not move forward")
    }

    /// The server has synced with another copy of this file (`serverMessage` is the server's).
    static func forked(_ serverMessage: String) -> AgentError {
        AgentError(
            .forked,
            Message(
                "the server has synced with another copy of this replica's file since (\(serverMessage))",
                zh: "服务器已与本副本文件的另一份拷贝同步过（\(serverMessage)）"))
    }

    /// A pulled record shows this replica's own write `counter` differently from the file.
    static func ownWriteDiffers(counter: UInt64, id: String) -> AgentError {
        AgentError(
            .forked,
            Message(
                "the server holds this replica's change \(counter) to \(id) in another form: another copy of this file has synced",
                zh: "服务器上本副本对 \(id) 的第 \(counter) 处修改与本机不同：本文件的另一份拷贝已同步过"))
    }

    // MARK: Attachments

    /// `fieldsync attach --file PATH` that cannot be read.
    static func unreadableAttachmentFile(path: String) -> AgentError {
        AgentError(
            .invalidInput,
            Message("cannot read \(path); give the path of a photo or scan", zh: "无法读取 \(path)；请给出照片或扫描件的路径"))
    }

    /// An attachment to a kind that takes none (a part, another attachment).
    static func cannotAttach(to kind: RecordKind) -> AgentError {
        AgentError(
            .invalidInput,
            Message(
                "attach to a customer, visit, card or complaint, not a \(kind.englishName)",
                zh: "只能给客户、上门服务、意见卡或投诉添加附件，不能给\(kind.chineseName)添加"))
    }

    /// A file that is no photo or scan the product takes (empty, another type, too large); the
    /// wording is Shared's `AttachmentError`, which the server uses too.
    static func refusedAttachment(_ problem: Message) -> AgentError {
        AgentError(.invalidInput, problem)
    }

    /// `attachment get` of bytes the server does not hold whole yet.
    static func attachmentNotUploaded(id: RecordID) -> AgentError {
        AgentError(
            .offline,
            Message(
                "the server does not hold the bytes of \(id) yet: the replica that attached them sends them at its next sync",
                zh: "服务器尚未收到附件 \(id) 的内容：添加它的副本会在下次同步时上传"))
    }

    /// Bytes held here that no longer match their digest (a damaged file).
    static func attachmentBytesDamaged(id: RecordID) -> AgentError {
        AgentError(
            .storage,
            Message("the bytes of \(id) here do not match their digest", zh: "本机附件 \(id) 的内容与摘要不符"))
    }

    /// Downloaded bytes that, whole, do not match the digest their record names.
    static func attachmentDigestMismatch(expected: String, actual: String) -> AgentError {
        AgentError(.protocolError, AttachmentError.digestMismatch(expected: expected, actual: actual).message)
    }

    /// The server refused to say how far an upload stands.
    static func uploadStatusRefused(reason: String) -> AgentError {
        AgentError(.protocolError, Message(reason, zh: "服务器拒绝：\(reason)"))
    }

    /// An answer about attachment bytes that is not the JSON the protocol names.
    static func unreadableAttachmentAnswer() -> AgentError {
        AgentError(
            .protocolError,
            Message("the server's answer about attachment bytes could not be read", zh: "无法读取服务器关于附件的回答"))
    }

    /// One attachment's bytes could not move; the others go on, and the record is kept.
    static func attachmentTransferFailed(id: RecordID, reason: String) -> AgentError {
        AgentError(
            .protocolError,
            Message(
                "attachment \(id): \(reason); the record is kept, its bytes go at a later sync",
                zh: "附件 \(id)：\(reason)；记录已保留，内容将在以后同步时传送"))
    }

    /// The link went while bytes moved, after the records synced.
    static func offlineMovingAttachments(reason: String) -> AgentError {
        AgentError(
            .offline,
            Message(
                "offline while moving attachments (\(reason)); the records are synced, the bytes resume at the next sync",
                zh: "传送附件时离线（\(reason)）；记录已同步，附件内容将在下次同步时续传"))
    }

    // MARK: Commands

    /// `fieldsync KIND edit` with no field to change.
    static func nothingToEdit(kind: RecordKind) -> AgentError {
        AgentError(
            .invalidInput,
            Message(
                "say what to change, for example --phone 0795-1234567; see `fieldsync \(kind.commandName) edit --help`",
                zh: "请指定要修改的字段，例如 --phone 0795-1234567；参见 `fieldsync \(kind.commandName) edit --help`"))
    }

    /// `fieldsync visit close` of a visit with no arrival time.
    static func visitWithoutArrival() -> AgentError {
        AgentError(
            .invalidInput,
            Message(
                "the visit has no arrival time; give it with --arrived-at",
                zh: "该上门服务没有到达时间，请用 --arrived-at 填写"))
    }

    /// `fieldsync import FILE` of a file that cannot be read.
    static func unreadableFile(_ file: String) -> AgentError {
        AgentError(.invalidInput, Message("cannot read \(file)", zh: "无法读取 \(file)"))
    }

    /// `fieldsync import FILE` of a file that is not a JSON array.
    static func notARecordArray(_ file: String) -> AgentError {
        AgentError(.invalidInput, Message("\(file) is not a JSON array of records", zh: "\(file) 不是记录的 JSON 数组"))
    }

    /// An imported item without a record kind (`number` counts from 1).
    static func itemWithoutKind(number: Int) -> AgentError {
        AgentError(
            .invalidInput,
            Message(
                "item \(number) needs a record_kind: customer, visit, card, complaint or part",
                zh: "第 \(number) 条缺少 record_kind"))
    }

    /// `--output FILE` that cannot be written.
    static func cannotWrite(_ output: String) -> AgentError {
        AgentError(
            .invalidInput,
            Message(
                "cannot write \(output); check the folder exists and is writable",
                zh: "无法写入 \(output)，请检查目录是否存在且可写"))
    }

    /// A list filter that does not fit the kind; `problem` is `RecordFilter`'s own wording (Shared).
    static func badFilter(_ problem: Message) -> AgentError {
        AgentError(.invalidInput, problem)
    }

    /// `--status` of a kind that has no status field, when the filter names no other problem.
    static func noStatusFilter() -> AgentError {
        AgentError(.invalidInput, Message("--status", zh: "--status"))
    }

    /// `--status` with a value that is not one of the kind's statuses.
    static func unknownStatus(kind: RecordKind, choices: [Choice]) -> AgentError {
        AgentError(
            .invalidInput,
            Message(
                "--status of a \(kind.englishName) is one of \(choices.map(\.token).joined(separator: ", "))",
                zh: "\(kind.chineseName)的 --status 只能是 \(choices.map(\.chinese).joined(separator: "、"))"))
    }

    /// `--mine` on a replica set up without `--technician`.
    static func noTechnicianName() -> AgentError {
        AgentError(
            .invalidInput,
            Message(
                "this replica has no technician's name (it is set by `fieldsync init --technician NAME`); use --technician NAME",
                zh: "此副本没有设定技术员姓名（由 `fieldsync init --technician 姓名` 设定）；请改用 --technician 姓名"))
    }
}
