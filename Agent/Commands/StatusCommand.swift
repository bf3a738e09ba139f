import ArgumentParser
import FieldSyncShared

/// `fieldsync status`: who this replica is and what waits to be synced.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show this replica: its id, pending changes, conflicts and last sync.")

    @OptionGroup var options: GlobalOptions

    func run() throws {
        let store = try options.openStore()
        let info = try store.info()
        let counts = try store.counts()
        let events = try store.identityEvents(limit: 5)
        let waitingReissue = try store.formersToReissue()
        let backlog = try store.attachmentBacklog(
            mode: AttachmentMode.defaultFor(region: info.region, technician: info.technician))
        if options.json {
            var object = (try? JSONText.decode(JSONValue.self, from: JSONText.data(info)))?.objectValue ?? [:]
            object["records"] = .object(counts.byKind.mapValues { .int(Int64($0)) })
            object["pending"] = .int(Int64(counts.pending))
            object["conflicts"] = .int(Int64(counts.conflicts))
            object["database"] = .string(store.path)
            object["refused"] = .int(Int64(try store.refusedRecords().count))
            object["identity_events"] =
                (try? JSONText.decode(JSONValue.self, from: JSONText.data(events))) ?? .array([])
            object["reissue_waiting"] = .bool(!waitingReissue.isEmpty)
            object["attachments_waiting"] =
                (try? JSONText.decode(JSONValue.self, from: JSONText.data(backlog))) ?? .null
            print(JSONText.encode(JSONValue.object(object)))
            return
        }
        var table = TextTable(headers: options.language.text(["", ""], zh: ["项目", "内容"]))
        table.append([options.language.text("Replica", zh: "副本"), info.replicaID.description])
        table.append([options.language.text("Database", zh: "数据库"), store.path])
        table.append([options.language.text("Server", zh: "服务器"), info.serverURL])
        table.append([options.language.text("Region", zh: "区域"), info.region?.name(in: options.language) ?? "-"])
        table.append([options.language.text("Technician", zh: "技术员"), info.technician ?? "-"])
        for kind in RecordKind.allCases {
            table.append([kind.name(in: options.language), String(counts.byKind[kind.rawValue] ?? 0)])
        }
        table.append([options.language.text("Pending push", zh: "待上传"), String(counts.pending)])
        table.append([options.language.text("Open conflicts", zh: "冲突"), String(counts.conflicts)])
        table.append([
            options.language.text("Attachments to upload", zh: "附件待上传"),
            options.language.text(
                "\(backlog.up), \(backlog.upBytes) bytes", zh: "\(backlog.up) 个，\(backlog.upBytes) 字节"),
        ])
        table.append([
            options.language.text("Attachments to download", zh: "附件待下载"),
            options.language.text(
                "\(backlog.down), \(backlog.downBytes) bytes", zh: "\(backlog.down) 个，\(backlog.downBytes) 字节"),
        ])
        table.append([
            options.language.text("Last sync", zh: "上次同步"),
            info.lastSyncAt ?? options.language.text("never", zh: "从未同步"),
        ])
        let safe: String
        if let at = info.confirmedAt {
            safe =
                options.language.text(
                    "everything recorded up to \(at) (write #\(info.confirmedCounter)) is held by the server",
                    zh: "截至 \(at) 录入的工作（写入 #\(info.confirmedCounter) 之前）均已保存在服务器")
        } else {
            safe = options.language.text("nothing confirmed by the server yet", zh: "尚无工作确认保存在服务器")
        }
        table.append([options.language.text("Safe at server", zh: "已确认"), safe])
        print(table.render())
        if !waitingReissue.isEmpty {
            options.say(
                "this file took a new replica id; changes the server has not confirmed will be sent again under it at the next sync",
                zh: "本文件已改用新的副本编号；服务器尚未确认的修改将在下次同步时以新编号重新发送")
        }
        if info.resending {
            options.say(
                "the server was restored from a backup; records it lacks are still being sent again: run `fieldsync sync`",
                zh: "服务器曾从备份恢复，仍在重新上传它缺少的记录：请运行 `fieldsync sync`")
        }
        for event in events.reversed() {
            options.say("\(event.at): \(event.message.english)", zh: "\(event.at)：\(event.message.chinese)")
        }
        let refused = try store.refusedRecords()
        for record in refused {
            options.say(
                "refused by the server: \(record.kindName) \(record.id): \(record.refusal ?? "")",
                zh: "被服务器拒绝：\(record.kindName) \(record.id)：\(record.refusal ?? "")")
        }
    }
}
