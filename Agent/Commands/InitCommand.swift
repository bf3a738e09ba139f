import ArgumentParser
import FieldSyncShared

/// `fieldsync init --server URL --token TOKEN`: a new replica, made offline.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create this device's replica. Works offline.",
        discussion: """
            Makes a random 128-bit replica id, so you can record work before the first sync. \
            The token is stored beside the database in a file only you can read.

            A plain http:// server is accepted only on this machine or a private network \
            (10/8, 172.16/12, 192.168/16, 169.254/16, fc00::/7, fe80::/10, localhost, names \
            ending in .local, .lan, .internal or .home.arpa): anywhere else the token would cross \
            the internet unencrypted. Use https://, or --allow-http when the way is trusted (a VPN).
            """)

    @Option(help: "The sync server's address, e.g. https://sync.example.com:8443.") var server: String
    @Option(help: "The token the office gave you.") var token: String
    @Option(help: "Your region, the default for new customers: north, northwest, southwest, central, south (华北…).")
    var region: String?
    @Option(help: "Your name, filled in as the technician of your visits.") var technician: String?
    @Flag(
        name: .customLong("allow-http"),
        help: "Accept a plain http:// server on the internet (the token then crosses it unencrypted).")
    var allowHTTP = false
    @OptionGroup var options: GlobalOptions

    func validate() throws {
        guard server.hasPrefix("http://") || server.hasPrefix("https://") else {
            throw ValidationError("--server takes an http:// or https:// address, not \(server)")
        }
        if server.hasPrefix("http://"), !allowHTTP, NetworkHost(url: server)?.reach ?? .internet == .internet {
            throw ValidationError(
                """
                --server \(server) is plain HTTP on the internet: the token would cross it unencrypted. \
                Use https://, or give --allow-http if the way to the server is trusted (a VPN)
                """)
        }
        guard !token.trimmingWhitespace().isEmpty, !token.contains(where: \.isWhitespace) else {
            throw ValidationError("--token takes the token as the office gave it, without spaces")
        }
        if let region, Region(parsing: region) == nil {
            throw ValidationError("--region takes north, northwest, southwest, central or south (华北 西北 西南 华中 华南)")
        }
    }

    func run() throws {
        let path = options.databasePath
        let store = try ReplicaStore.create(
            at: path, serverURL: server, region: region.flatMap(Region.init(parsing:)), technician: technician)
        try TokenFile(databasePath: path).write(token.trimmingWhitespace())
        let info = try store.info()
        if options.json {
            print(JSONText.encode(info))
        } else {
            options.say(
                "created replica \(info.replicaID) at \(path)\nyou can record work now; run `fieldsync sync` when you have a network",
                zh: "已创建副本 \(info.replicaID)，位于 \(path)\n现在即可离线录入；有网络时运行 `fieldsync sync`")
        }
    }
}
