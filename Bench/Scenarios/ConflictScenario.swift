import FieldSyncAgent
import FieldSyncShared
import Foundation

/// Two agents edit the same records concurrently, then sync until both have everything: both
/// end with the same states, every record holding one conflict for a person to settle.
enum ConflictScenario {
    /// The field each kind's edit changes (opinion cards are immutable and left out).
    static let editedField: [RecordKind: String] = [
        .customer: "phone", .visit: "work_done", .complaint: "handler", .partSupply: "part",
    ]

    static func run(_ context: BenchContext) async throws -> ScenarioResult {
        let count = context.plan.conflictRecords
        let directory = try context.directory(for: "conflict")
        let server = try await BenchServer.start(in: directory)
        do {
            let writer = ReplicaID(high: 0xBE7C_0000_0000_0000, low: 5)
            let records = Array(
                context.source.wireRecords(
                    0..<count * 2, region: .north, replica: writer, stream: 5, kinds: Set(editedField.keys)
                ).prefix(count))
            guard records.count == count else {
                throw BenchError("conflict: only \(records.count) editable records generated")
            }
            try await server.seed(records, pusher: writer, batch: context.plan.seedBatch)
            let pair = [
                try BenchAgent.create(
                    at: directory + "/a.sqlite", server: server.url,
                    token: try await server.token(name: "tech-a", region: .north),
                    region: .north),
                try BenchAgent.create(
                    at: directory + "/b.sqlite", server: server.url,
                    token: try await server.token(name: "tech-b", region: .north),
                    region: .north),
            ]
            context.say("conflict: two agents pull \(count) records, then both edit every one of them offline")
            _ = try await Threads.all(count: 2) { side in try pair[side].sync() }
            _ = try await Threads.all(count: 2) { side in
                for (index, record) in records.enumerated() {
                    guard let kind = RecordKind(rawValue: record.kind), let field = editedField[kind] else { continue }
                    _ = try pair[side].store.edit(
                        kind: kind, id: record.id, changes: [field: .string("\(side == 0 ? "A" : "B")-\(index)")])
                }
            }

            context.say("conflict: both sync at once, then until neither has anything to move")
            PeakMemory.resetPeak()
            let clock = ContinuousClock()
            let start = clock.now
            var moved = 0
            var rounds = 0
            while true {
                let summaries = try await Threads.all(count: 2) { side in try pair[side].sync() }
                rounds += 1
                let round = summaries.reduce(0) { $0 + $1.pushed + $1.pulled }
                moved += round
                if round == 0 { break }
                guard rounds < 6 else {
                    throw BenchError("conflict: the two agents still move records after \(rounds) rounds")
                }
            }
            let seconds = (clock.now - start) / .seconds(1)
            let peak = PeakMemory.peakBytes()

            var result = ScenarioResult(name: "conflict-heavy", records: moved, seconds: seconds)
            result.details["rounds"] = Double(rounds)
            result.wireBytes = pair.reduce(0) { $0 + $1.wire.totals.sent + $1.wire.totals.received }
            result.peakMemory["bench (server + 2 agents)"] = peak
            let a = try pair[0].store.wireRecords()
            let b = try pair[1].store.wireRecords()
            let conflicts = try pair.map { try $0.store.conflictedRecords().count }
            result.details["conflicts"] = Double(conflicts[0])
            try result.check(a.count == count && b.count == count, "both replicas hold the \(count) records")
            try result.check(a == b, "both replicas are equal")
            try result.check(conflicts == [count, count], "both show \(count) records in conflict")
            try result.check(
                try BenchContext.serverCount(server.databasePath) == count, "the server holds the \(count) records")
            result.baseline = try await Threads.run {
                try Baseline.measure(
                    from: server.databasePath, batch: SyncOptions().pushBatchSize, into: directory + "/baseline.sqlite")
            }
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }
}
