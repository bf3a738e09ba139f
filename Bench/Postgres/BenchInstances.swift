import FieldSyncServer
import FieldSyncShared
import Foundation

/// Server instances in child processes (`serve-instance`) on one store, and a store handle in
/// this process for what an administrator does (tokens).
///
/// ```swift
/// let instances = try await BenchInstances.start(.postgres(url), count: 2, executable: context.executable)
/// let token = try await instances.token(name: "tech-1", region: .north)
/// await instances.stop()
/// ```
final class BenchInstances: Sendable {
    enum Store: Sendable {
        case postgres(url: String)
        case sqlite(path: String)
    }

    let urls: [String]
    let pids: [Int32]
    private let processes: [Process]
    private let admin: any ServerStore
    private let pool: Task<Void, Never>?

    private init(
        urls: [String], processes: [Process], admin: any ServerStore, pool: Task<Void, Never>?
    ) {
        self.urls = urls
        self.processes = processes
        pids = processes.map(\.processIdentifier)
        self.admin = admin
        self.pool = pool
    }

    /// Starts `count` instances on `store` and waits until each listens.
    static func start(_ store: Store, count: Int, executable: String) async throws -> BenchInstances {
        let admin: any ServerStore
        var pool: Task<Void, Never>?
        let arguments: [String]
        switch store {
        case .postgres(let url):
            let postgres = PostgresServerStore(location: try PostgresLocation(url: url), logger: BenchCluster.logger)
            pool = Task { try? await postgres.run() }
            try await postgres.prepare()
            admin = postgres
            arguments = ["--database", url]
        case .sqlite(let path):
            admin = try SQLiteServerStore(path: path)
            arguments = ["--sqlite", path]
        }
        var processes = [Process]()
        var urls = [String]()
        do {
            for _ in 0..<count {
                let (process, port) = try await Threads.run { try spawn(executable, arguments) }
                processes.append(process)
                urls.append("http://127.0.0.1:\(port)")
            }
        } catch {
            for process in processes { process.terminate() }
            pool?.cancel()
            throw error
        }
        return BenchInstances(urls: urls, processes: processes, admin: admin, pool: pool)
    }

    private static func spawn(_ executable: String, _ arguments: [String]) throws -> (Process, Int) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["serve-instance"] + arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        var buffer = Data()
        while !buffer.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            buffer += chunk
        }
        let line = String(decoding: buffer, as: UTF8.self)
        guard line.hasPrefix("listening "),
            let port = Int(line.dropFirst("listening ".count).trimmingCharacters(in: .whitespacesAndNewlines))
        else {
            process.terminate()
            throw BenchError("a server instance did not start (it printed \(line.debugDescription))")
        }
        return (process, port)
    }

    /// A new technician token, as `fieldsync-server token create` makes one: returns the secret.
    func token(name: String, region: Region?) async throws -> String {
        let secret = TokenSecret.generate()
        _ = try await admin.createToken(
            name: name, role: .technician, region: region, hash: TokenSecret.hash(secret), now: BenchServer.now)
        return secret
    }

    /// How many records the store holds.
    func recordCount() async throws -> Int {
        try await admin.allRecords(scope: nil).count
    }

    /// Stops every instance (SIGTERM, as an administrator would) and waits for it.
    func stop() async {
        let processes = processes
        _ = try? await Threads.run {
            for process in processes where process.isRunning { process.terminate() }
            for process in processes { process.waitUntilExit() }
        }
        pool?.cancel()
    }
}
