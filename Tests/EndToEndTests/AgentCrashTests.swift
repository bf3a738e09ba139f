import FieldSyncShared
import FieldSyncTestSupport
import Foundation
import Testing

/// `kill -9` during a burst of writes: every acknowledged write survives, the counter never goes back.
@Suite("fieldsync under kill -9")
struct AgentCrashTests {
    @Test func killedDuringWriteBurstLosesNothingAcknowledged() throws {
        let directory = try TemporaryDirectory("agent-crash")
        defer { directory.remove() }
        let database = directory.file("replica.sqlite")
        let fieldsync = BinaryRunner("fieldsync", environment: ["FIELDSYNC_DB": database])
        #expect(
            try fieldsync.run(["init", "--server", "http://127.0.0.1:9", "--token", "t", "--region", "north"]).status
                == 0)

        let seed: UInt64 = 20_261_127
        var random = SplitMix64(seed: seed)
        var acknowledged = Set<String>()
        var lastCounter = 0
        for iteration in 0..<40 {
            let log = directory.file("burst-\(iteration).out")
            // A shell loop of real commands; each prints the record it saved only after its commit.
            let script =
                "for i in $(seq 1 200); do \"$0\" customer add --name \"c\(iteration)-$i\" --json || exit 1; done"
            let burst = ChildProcess()
            burst.executableURL = URL(fileURLWithPath: "/bin/bash")
            burst.arguments = ["-c", script, fieldsync.executable]
            burst.environment = fieldsync.environment
            burst.standardOutput = try FileHandle(forWritingTo: createFile(log))
            burst.standardError = FileHandle.nullDevice
            try burst.run()
            usleep(UInt32(60_000 + random.next() % 500_000))
            // Stop the shell so it starts nothing new, kill the command it is running, then the shell.
            let shell = burst.processIdentifier
            kill(shell, SIGSTOP)
            let children = (try? String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)) ?? ""
            for child in children.split(separator: " ").compactMap({ Int32($0) }) { kill(child, SIGKILL) }
            kill(shell, SIGKILL)
            burst.waitUntilExit()

            let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            for line in output.split(separator: "\n") where line.hasSuffix("}") {
                if let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                    let id = object["id"] as? String
                {
                    acknowledged.insert(id)
                }
            }
            let status = try fieldsync.run(["status", "--json"])
            #expect(status.status == 0, "iteration \(iteration), seed \(seed): \(status.stderr)")
            let counter = (try status.json() as? [String: Any])?["counter"] as? Int ?? -1
            #expect(counter >= lastCounter, "the counter went backwards at iteration \(iteration), seed \(seed)")
            lastCounter = counter
            let listed = try fieldsync.run(["customer", "list", "--json"])
            let ids = Set(((try? listed.json()) as? [[String: Any]] ?? []).compactMap { $0["id"] as? String })
            let lost = acknowledged.subtracting(ids)
            #expect(lost.isEmpty, "iteration \(iteration), seed \(seed): lost \(lost.count) acknowledged writes")
            // Every record took its own dot: the counter can never be behind the records.
            #expect(counter >= ids.count)
        }
        #expect(acknowledged.count > 20, "the bursts should have acknowledged some writes")
    }

    private func createFile(_ path: String) throws -> URL {
        FileManager.default.createFile(atPath: path, contents: nil)
        return URL(fileURLWithPath: path)
    }
}
