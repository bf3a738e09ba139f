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
        let zh = options.language == .chinese
        var table = TextTable(headers: zh ? ["项目", "内容"] : ["", ""])
        table.append([zh ? "副本" : "Replica", info.replicaID.description])
        table.append([zh ? "数据库" : "Database", store.path])
        table.append([zh ? "服务器" : "Server", info.serverURL])
        table.append([zh ? "区域" : "Region", info.region?.name(in: options.language) ?? "-"])
        table.append([zh ? "技术员" : "Technician", info.technician ?? "-"])
        for kind in RecordKind.allCases {
            table.append([kind.name(in: options.language), String(counts.byKind[kind.rawValue] ?? 0)])
        }
        table.append([zh ? "待上传" : "Pending push", String(counts.pending)])
        table.append([zh ? "冲突" : "Open conflicts", String(counts.conflicts)])
        table.append([
            zh ? "附件待上传" : "Attachments to upload",
            zh ? "\(backlog.up) 个，\(backlog.upBytes) 字节" : "\(backlog.up), \(backlog.upBytes) bytes",
        ])
        table.append([
            zh ? "附件待下载" : "Attachments to download",
            zh ? "\(backlog.down) 个，\(backlog.downBytes) 字节" : "\(backlog.down), \(backlog.downBytes) bytes",
        ])
        table.append([zh ? "上次同步" : "Last sync", info.lastSyncAt ?? (zh ? "从未同步" : "never")])
        let safe: String
        if let at = info.confirmedAt {
            safe =
                zh
                ? "截至 \(at) 录入的工作（写入 #\(info.confirmedCounter) 之前）均已保存在服务器"
                : "everything recorded up to \(at) (write #\(info.confirmedCounter)) is held by the server"
        } else {
            safe = zh ? "尚无工作确认保存在服务器" : "nothing confirmed by the server yet"
        }
        table.append([zh ? "已确认" : "Safe at server", safe])
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
