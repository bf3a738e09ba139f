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
        if options.json {
            var object = (try? JSONText.decode(JSONValue.self, from: JSONText.data(info)))?.objectValue ?? [:]
            object["records"] = .object(counts.byKind.mapValues { .int(Int64($0)) })
            object["pending"] = .int(Int64(counts.pending))
            object["conflicts"] = .int(Int64(counts.conflicts))
            object["database"] = .string(store.path)
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
        table.append([zh ? "上次同步" : "Last sync", info.lastSyncAt ?? (zh ? "从未同步" : "never")])
        print(table.render())
    }
}
