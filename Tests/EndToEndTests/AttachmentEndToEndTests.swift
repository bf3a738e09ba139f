import FieldSyncShared
import FieldSyncTestSupport
import Foundation
import Testing

/// Photos and scans with the real binaries: attached offline on one replica, synced (records
/// first, then bytes), opened on another; an upload resumed through a link that keeps dropping.
@Suite("attachments end to end")
struct AttachmentEndToEndTests {
    /// A "scan": PDF magic, then `size` bytes that do not repeat.
    static func scan(size: Int, seed: UInt64) -> Data {
        var random = SplitMix64(seed: seed)
        var bytes = Array("%PDF-1.7\n".utf8)
        while bytes.count < size { bytes.append(UInt8(truncatingIfNeeded: random.next())) }
        return Data(bytes)
    }

    static func object(_ result: BinaryRunner.Result) throws -> [String: Any] {
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try result.json() as? [String: Any], "\(result.stdout)")
    }

    /// A customer, a visit and an opinion card on `agent`; returns the card's id and the customer's.
    static func card(on agent: FieldAgent) throws -> (card: String, customer: String) {
        let customer = try #require(
            try object(agent.run(["customer", "add", "--name", "Huaxia Cemetery", "--json"]))["id"] as? String)
        let visit = try #require(
            try object(
                agent.run([
                    "visit", "add", "--customer", customer, "--kind", "repair",
                    "--called-at", "2026-11-20T09:00+08:00", "--arrived-at", "2026-11-20T15:00+08:00", "--json",
                ]))["id"] as? String)
        let card = try #require(
            try object(agent.run(["card", "add", "--visit", visit, "--rating", "satisfied", "--json"]))["id"]
                as? String)
        return (card, customer)
    }

    @Test func aCardScanAttachedOfflineIsOpenedAtHeadquarters() throws {
        let directory = try TemporaryDirectory("e2e-attachments")
        defer { directory.remove() }
        let server = try ServerProcess(database: directory.file("server.sqlite"))
        let tech = try FieldAgent(
            "wang", in: directory, server: server,
            token: try server.token(role: "technician", region: "south", name: "wang"), region: "south")
        let (card, customer) = try Self.card(on: tech)
        let scan = Self.scan(size: 300_000, seed: 15)
        let file = directory.file("card-scan.pdf")
        try scan.write(to: URL(fileURLWithPath: file))

        // Offline: the card is not edited by attaching its scan.
        let before = try Self.object(tech.run(["card", "show", card, "--json"]))
        let attached = try Self.object(
            tech.run(["attach", "card", card, "--file", file, "--caption", "signed card", "--json"]))
        let id = try #require(attached["id"] as? String)
        #expect(attached["media_type"] as? String == "application/pdf" && attached["size"] as? Int == scan.count)
        #expect(attached["file_name"] as? String == "card-scan.pdf" && attached["attached_by"] as? String == "wang")
        let after = try Self.object(tech.run(["card", "show", card, "--json"]))
        #expect(NSDictionary(dictionary: before) == NSDictionary(dictionary: after))
        // The same photo twice is stored once.
        _ = try Self.object(tech.run(["attach", "customer", customer, "--file", file, "--json"]))
        let stored = try runPython(
            "import sqlite3,sys;c=sqlite3.connect(sys.argv[1]);print(c.execute('SELECT COUNT(*) FROM attachment_bytes').fetchone()[0])",
            arguments: [tech.database])
        #expect(String(decoding: stored.output, as: UTF8.self).trimmingWhitespace() == "1")
        // Judged by content: a program named .pdf is refused, and nothing is recorded.
        let program = directory.file("invoice.pdf")
        try Data([0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0] + Array(repeating: 0, count: 100)).write(
            to: URL(fileURLWithPath: program))
        let refused = try tech.run(["attach", "card", card, "--file", program])
        #expect(refused.status != 0 && refused.stderr.contains("content"), "\(refused.stderr)")
        let waiting = try Self.object(tech.run(["status", "--json"]))
        let backlog = try #require(waiting["attachments_waiting"] as? [String: Any])
        #expect(backlog["up"] as? Int == 1 && backlog["up_bytes"] as? Int == scan.count)

        let synced = try Self.object(tech.sync(["--json"]))
        let moved = try #require(synced["attachments"] as? [String: Any], "\(synced)")
        #expect(moved["uploaded"] as? Int == 1 && moved["uploaded_bytes"] as? Int == scan.count, "\(moved)")
        #expect(try Self.object(tech.run(["status", "--json"]))["attachments_waiting"] as? [String: Any] != nil)

        // Headquarters takes no bytes with --attachments none, then opens the scan on demand.
        let hq = try FieldAgent(
            "hq", in: directory, server: server, token: try server.token(role: "hq", name: "hq"), region: nil)
        let hqSync = try Self.object(hq.sync(["--attachments", "none", "--json"]))
        #expect((hqSync["attachments"] as? [String: Any])?["downloaded"] as? Int == 0)
        let listed = try #require(
            try hq.run(["attachment", "list", "card", card, "--json"]).json() as? [[String: Any]])
        #expect(listed.map { $0["id"] as? String } == [id] && listed.first?["here"] as? Bool == false)
        let output = directory.file("opened.pdf")
        let got = try hq.run(["attachment", "get", id, "--output", output])
        #expect(got.status == 0, "\(got.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: output)) == scan)
        // Headquarters' export names the card's scan: file name, type, size, digest and id.
        let digest = try #require(attached["digest"] as? String)
        let csv = try hq.run(["export", "--format", "csv", "--kind", "card", "--no-bom"])
        #expect(csv.stdout.hasPrefix("record_kind,id,") && csv.stdout.contains(",conflicts,attachments"))
        #expect(csv.stdout.contains("card-scan.pdf|application/pdf|\(scan.count)|\(digest)|\(id)"), "\(csv.stdout)")
        let exported = try #require(
            try hq.run(["export", "--format", "json", "--kind", "card"]).json() as? [[String: Any]])
        let named = exported.first { $0["id"] as? String == card }?["attachments"] as? [[String: Any]]
        #expect(named?.map { $0["file_name"] as? String } == ["card-scan.pdf"])
        #expect(named?.first?["digest"] as? String == digest && named?.first?["size"] as? Int == scan.count)
        // Chinese output too.
        let chinese = try hq.run(["attachment", "list", "--lang", "zh"])
        #expect(chinese.stdout.contains("服务器") && chinese.stdout.contains(id))
        // Deleting the attachment is a record's delete, synced like any other.
        let deleted = try hq.run(["delete", "attachment", id, "--json"])
        #expect(deleted.status == 0, "\(deleted.stderr)")
        try hq.sync()
        try tech.sync()
        let left = try #require(try tech.run(["attachment", "list", "--json"]).json() as? [[String: Any]])
        #expect(!left.contains { $0["id"] as? String == id })
    }

    @Test func anUploadThroughALinkThatKeepsDroppingResumesAndArrivesWhole() throws {
        let directory = try TemporaryDirectory("e2e-attachments-faults")
        defer { directory.remove() }
        let server = try ServerProcess(database: directory.file("server.sqlite"))
        var schedule = FaultProxy.Schedule(
            seed: 15,
            probabilities: [.dropBeforeForward: 0.1, .dropAfterForward: 0.15, .resetAfterForward: 0.1, .truncate: 0.05])
        schedule.only = "PUT /v1/attachments"
        let proxy = try FaultProxy(upstreamPort: server.port, schedule: schedule)
        defer { proxy.stop() }
        let tech = try FieldAgent(
            "wang", in: directory, serverURL: proxy.url,
            token: try server.token(role: "technician", region: "south", name: "wang"), region: "south")
        let (card, _) = try Self.card(on: tech)
        let scan = Self.scan(size: 2_000_000, seed: 16)
        let file = directory.file("scan.pdf")
        try scan.write(to: URL(fileURLWithPath: file))
        let id = try #require(
            try Self.object(tech.run(["attach", "card", card, "--file", file, "--json"]))["id"] as? String)
        // Syncs until the bytes are up: each one resumes where the last stopped.
        var uploaded = false
        for _ in 0..<4 where !uploaded {
            let result = try tech.run([
                "sync", "--retries", "5", "--retry-delay", "0.01", "--attachment-piece", "65536", "--json",
            ])
            let summary = (try? result.json()) as? [String: Any]
            uploaded = ((summary?["attachments"] as? [String: Any])?["uploaded"] as? Int) == 1
        }
        #expect(uploaded)
        let puts = proxy.log.filter { $0.request.hasPrefix("PUT /v1/attachments/\(id)/content") }
        let faults = puts.filter { $0.fault != .pass }
        #expect(!faults.isEmpty, "the link never dropped: \(proxy.counts)")
        // Never started over: once the server took a piece past 0, no piece at 0 was sent again.
        let offsets = puts.compactMap { Int($0.request.split(separator: "=").last ?? "") }
        if let firstMoved = offsets.firstIndex(where: { $0 > 0 }) {
            #expect(!offsets[firstMoved...].contains(0), "\(offsets)")
        }
        // Whole and checked at the other end.
        let hq = try FieldAgent(
            "hq", in: directory, server: server, token: try server.token(role: "hq", name: "hq"), region: nil)
        let hqSync = try Self.object(hq.sync(["--json"]))
        #expect((hqSync["attachments"] as? [String: Any])?["downloaded"] as? Int == 1, "\(hqSync)")
        let output = directory.file("opened.pdf")
        #expect(try hq.run(["attachment", "get", id, "--output", output]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: output)) == scan)
    }
}
