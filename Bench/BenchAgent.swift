import FieldSyncAgent
import FieldSyncShared
import Foundation

/// A real field agent: its SQLite replica, the sync client and libcurl, counting wire bytes.
struct BenchAgent: Sendable {
    let store: ReplicaStore
    let client: SyncClient
    let wire: WireCounter
    let phases: PhaseClock

    /// A new replica at `path`, syncing with `server` under `token`.
    static func create(at path: String, server: String, token: String, region: Region?) throws -> BenchAgent {
        let store = try ReplicaStore.create(at: path, serverURL: server, region: region, technician: "bench")
        return BenchAgent(store: store, token: token)
    }

    /// The replica already at `path`.
    static func open(at path: String, token: String) throws -> BenchAgent {
        BenchAgent(store: try ReplicaStore.open(at: path), token: token)
    }

    private init(store: ReplicaStore, token: String) {
        self.store = store
        wire = WireCounter()
        let phases = PhaseClock(wire: wire)
        self.phases = phases
        // No retries: every sync of the benchmark must succeed the first time.
        var options = SyncOptions()
        options.retries = 0
        client = SyncClient(
            store: store, transport: CountingTransport(inner: CurlTransport(), counter: wire), token: token,
            options: options,
            progress: { phases.note($0) })
    }

    /// One sync (push, then pull), failing on anything a technician would be told about.
    @discardableResult
    func sync() throws -> SyncSummary {
        let summary = try client.run()
        if let refused = summary.refused.first {
            throw BenchError("the server refused record \(refused.id): \(refused.reason)")
        }
        return summary
    }

    /// Records `range` of `source` typed in offline, in transactions of up to `batch`, with
    /// references to the records this agent made before them.
    func record(_ range: Range<Int>, from source: BenchRecords, region: Region, batch: Int = 1000) throws {
        let count = source.templates.count
        var made = [Int: RecordID]()
        var index = range.lowerBound
        while index < range.upperBound {
            // A chunk stays within one repetition of the templates, whose references it resolves.
            let end = min(index + batch, range.upperBound, (index / count + 1) * count)
            if index % count == 0 { made.removeAll(keepingCapacity: true) }
            // Referenced kinds first, so every reference names a record already stored.
            for kind in Self.dependencyOrder {
                let positions = (index..<end).filter { source.templates[$0 % count].kind == kind }
                if positions.isEmpty { continue }
                let stored = try store.createMany(positions.map { source.values($0, region: region, made: made) })
                for (position, record) in zip(positions, stored) { made[position % count] = record.id }
            }
            index = end
        }
    }

    static let dependencyOrder: [RecordKind] = [.customer, .visit, .opinionCard, .complaint, .partSupply]
}
