import FieldSyncShared
import FieldSyncTestSupport
import Foundation
import PostgresTestSupport
import Testing

/// The bytes' transfer under a link that drops mid-piece and under `kill -9` of either program:
/// resumed at the byte where it stopped, never served or kept half, finished by the next sync.
@Suite("attachment transfer end to end", .serialized)
struct AttachmentTransferTests {
    /// What the server answers for the whole content of attachment `id`: its status and, for a
    /// 200, whether the body is exactly the `size` bytes of `digest`; the error code otherwise.
    static func served(port: Int, id: String, token: String, digest: String, size: Int) throws -> (
        status: Int, whole: Bool, code: String, received: Int
    ) {
        let script = """
            import hashlib, json, sys, urllib.request, urllib.error
            port, id, token, digest, size = sys.argv[1:6]
            request = urllib.request.Request(
                'http://127.0.0.1:%s/v1/attachments/%s/content' % (port, id), headers={'Authorization': 'Bearer ' + token})
            try:
                body = urllib.request.urlopen(request, timeout=30).read()
                print(200, int(len(body) == int(size) and hashlib.sha256(body).hexdigest() == digest), '-')
            except urllib.error.HTTPError as error:
                print(error.code, 0, json.loads(error.read() or b'{}').get('error', {}).get('code', '-'))
            request = urllib.request.Request(
                'http://127.0.0.1:%s/v1/attachments/%s/upload' % (port, id), headers={'Authorization': 'Bearer ' + token})
            try:
                print(json.loads(urllib.request.urlopen(request, timeout=30).read())['received'])
            except urllib.error.HTTPError:
                print(0)
            """
        let result = try runPython(script, arguments: [String(port), id, token, digest, String(size)])
        let fields = String(decoding: result.output, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\n" })
            .map { $0.trimmingWhitespace() }
        guard fields.count == 4, let status = Int(fields[0]), let received = Int(fields[3]) else {
            throw ServerProcessError(message: "no answer about the content: \(result.errors)")
        }
        return (status, fields[1] == "1", fields[2], received)
    }

    /// Waits (up to 30 s) until `progress` passes `beyond`, so that a kill lands in the middle of
    /// a transfer however busy the machine is (a fixed sleep missed it while builds ran).
    static func waitForProgress(beyond: Int, _ progress: () throws -> Int) rethrows {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, try progress() <= beyond { usleep(20_000) }
    }

    /// What a 404 for the content may say: the bytes have not all arrived, or (a kill before the
    /// records' push committed) the record itself has not.
    static let notServed: Set<String> = ["bytes_not_uploaded", "unknown_attachment"]

    /// The attachment bytes an agent holds as whole: whether each matches its digest, and how many
    /// bytes its downloads in progress hold.
    static func held(_ agent: FieldAgent) throws -> (digests: [String], allMatch: Bool, inProgress: Int) {
        let script = """
            import hashlib, sqlite3, sys
            c = sqlite3.connect(sys.argv[1])
            rows = c.execute('SELECT digest, data, size FROM attachment_bytes').fetchall()
            ok = all(hashlib.sha256(bytes(d)).hexdigest() == g and len(d) == s for g, d, s in rows)
            partial = c.execute('SELECT COALESCE(SUM(length(data)), 0) FROM attachment_download_piece').fetchone()[0]
            print(int(ok), partial, ' '.join(g for g, _, _ in rows))
            """
        let output = String(decoding: try runPython(script, arguments: [agent.database]).output, as: UTF8.self)
        let fields = output.trimmingWhitespace().split(separator: " ").map(String.init)
        return (Array(fields.dropFirst(2)), fields.first == "1", Int(fields.dropFirst().first ?? "") ?? -1)
    }

    static func attached(_ agent: FieldAgent, size: Int, seed: UInt64, in directory: TemporaryDirectory) throws -> (
        id: String, scan: Data, digest: String
    ) {
        let (card, _) = try AttachmentEndToEndTests.card(on: agent)
        let scan = AttachmentEndToEndTests.scan(size: size, seed: seed)
        let file = directory.file("scan-\(seed).pdf")
        try scan.write(to: URL(fileURLWithPath: file))
        let attached = try AttachmentEndToEndTests.object(
            agent.run(["attach", "card", card, "--file", file, "--json"]))
        return (try #require(attached["id"] as? String), scan, AttachmentDigest.of(scan))
    }

    static func summary(_ result: BinaryRunner.Result) -> [String: Any] {
        ((try? result.json()) as? [String: Any])?["attachments"] as? [String: Any] ?? [:]
    }

    /// Issue 15's figure: a 20 MB scan over a link that drops every megabyte, both ways. Each drop
    /// cuts a piece part-way; what arrived is kept on either side and the next piece starts at the
    /// byte where the link stopped, so the bytes relayed stay within a small bound of the scan's size.
    @Test func aTwentyMegabyteScanOverALinkDroppingEveryMegabyteArrivesWholeWithoutStartingOver() throws {
        let directory = try TemporaryDirectory("e2e-attachment-cuts")
        defer { directory.remove() }
        let server = try ServerProcess(database: directory.file("server.sqlite"))
        let proxy = try CuttingProxy(upstreamPort: server.port, cutEvery: 1 << 20)
        defer { proxy.stop() }
        let tech = try FieldAgent(
            "wang", in: directory, serverURL: proxy.url,
            token: try server.token(role: "technician", region: "south", name: "wang"), region: "south")
        let size = 20 << 20
        let (id, scan, digest) = try Self.attached(tech, size: size, seed: 20, in: directory)
        proxy.resetCounts()

        var uploaded = false
        for _ in 0..<5 where !uploaded {
            let result = try tech.run(["sync", "--retries", "8", "--retry-delay", "0.01", "--json"])
            uploaded = Self.summary(result)["uploaded"] as? Int == 1
        }
        #expect(uploaded)
        let (upCuts, up) = (proxy.cuts, proxy.bytesUp)
        #expect(upCuts >= 19, "the link dropped only \(upCuts) times")
        // Requests' heads and the records' sync are some kilobytes; beyond that, only what a drop
        // caught between the server's append and the agent's next question may go twice (measured:
        // about 0.4 MB over 20 drops). Starting each cut piece over would cost half a piece a drop
        // on average, some 2.5 MB here.
        let bound = size + 1 << 20
        #expect(up <= bound, "\(up) bytes went up for a \(size)-byte scan over \(upCuts) drops")

        let hqToken = try server.token(role: "hq", name: "hq")
        let hq = try FieldAgent("hq", in: directory, serverURL: proxy.url, token: hqToken, region: nil)
        proxy.resetCounts()
        var downloaded = false
        for _ in 0..<5 where !downloaded {
            let result = try hq.run(["sync", "--retries", "8", "--retry-delay", "0.01", "--json"])
            downloaded = Self.summary(result)["downloaded"] as? Int == 1
        }
        #expect(downloaded)
        let (downCuts, down) = (proxy.cuts, proxy.bytesDown)
        #expect(downCuts >= 19, "the link dropped only \(downCuts) times")
        #expect(down <= bound, "\(down) bytes came down for a \(size)-byte scan over \(downCuts) drops")
        let held = try Self.held(hq)
        #expect(held.allMatch && held.digests == [digest] && held.inProgress == 0)
        let output = directory.file("opened.pdf")
        #expect(try hq.run(["attachment", "get", id, "--output", output]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: output)) == scan)
        print("20 MB over drops every MB: up \(up) bytes, \(upCuts) drops; down \(down) bytes, \(downCuts) drops")
    }

    /// `kill -9` of the agent while it uploads and while it downloads: the server never serves
    /// the bytes half, the agent never keeps them half, and the next sync finishes each transfer.
    @Test func agentKilledMidTransferNeitherServesNorKeepsBytesHalf() throws {
        let directory = try TemporaryDirectory("e2e-attachment-agent-kill")
        defer { directory.remove() }
        let server = try ServerProcess(database: directory.file("server.sqlite"))
        let techToken = try server.token(role: "technician", region: "south", name: "wang")
        let tech = try FieldAgent("wang", in: directory, server: server, token: techToken, region: "south")
        let size = 16 << 20
        let (id, scan, digest) = try Self.attached(tech, size: size, seed: 9, in: directory)
        let piece = ["--attachment-piece", "65536", "--retry-delay", "0.01"]

        var random = SplitMix64(seed: 9)
        var midUpload = 0
        var received = 0
        for _ in 0..<10 {
            let sync = try tech.startSync(piece)
            try Self.waitForProgress(beyond: received) {
                try Self.served(port: server.port, id: id, token: techToken, digest: digest, size: size).received
            }
            usleep(UInt32(random.next() % 50_000))
            // During the upload: not served until whole.
            let during = try Self.served(port: server.port, id: id, token: techToken, digest: digest, size: size)
            #expect(
                during.status == 404 && Self.notServed.contains(during.code) || during.status == 200 && during.whole)
            kill(sync.processIdentifier, SIGKILL)
            sync.waitUntilExit()
            let after = try Self.served(port: server.port, id: id, token: techToken, digest: digest, size: size)
            #expect(after.status == 404 && Self.notServed.contains(after.code) || after.status == 200 && after.whole)
            if after.status == 200 { break }
            if after.received > 0 { midUpload += 1 }
            received = after.received
        }
        #expect(midUpload > 0, "no kill landed in the middle of the upload")
        _ = try tech.sync(piece)
        let waiting = try AttachmentEndToEndTests.object(tech.run(["status", "--json"]))["attachments_waiting"]
        #expect((waiting as? [String: Any])?["up"] as? Int == 0, "\(String(describing: waiting))")
        let whole = try Self.served(port: server.port, id: id, token: techToken, digest: digest, size: size)
        #expect(whole.status == 200 && whole.whole)

        let hq = try FieldAgent(
            "hq", in: directory, server: server, token: try server.token(role: "hq", name: "hq"), region: nil)
        try hq.sync(["--attachments", "none"])
        var midDownload = 0
        var fetched = 0
        for _ in 0..<10 {
            let sync = try hq.startSync(piece)
            try Self.waitForProgress(beyond: fetched) {
                let held = try Self.held(hq)
                return held.digests.isEmpty ? held.inProgress : .max
            }
            usleep(UInt32(random.next() % 50_000))
            kill(sync.processIdentifier, SIGKILL)
            sync.waitUntilExit()
            let held = try Self.held(hq)
            #expect(held.allMatch, "the agent kept bytes that do not match their digest")
            if held.digests.isEmpty { midDownload += held.inProgress > 0 ? 1 : 0 } else { break }
            fetched = held.inProgress
        }
        #expect(midDownload > 0, "no kill landed in the middle of the download")
        _ = try hq.sync(piece)
        let held = try Self.held(hq)
        #expect(held.allMatch && held.digests == [digest] && held.inProgress == 0)
        let output = directory.file("opened.pdf")
        #expect(try hq.run(["attachment", "get", id, "--output", output]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: output)) == scan)
    }

    /// `kill -9` of the server while an agent uploads and while another downloads, on both
    /// stores: after the restart the bytes are served whole or not at all, and the next sync
    /// finishes the transfer.
    @Test(arguments: StorageBackend.all)
    func serverKilledMidTransferNeitherServesNorKeepsBytesHalf(_ backend: StorageBackend) async throws {
        let directory = try TemporaryDirectory("e2e-attachment-server-kill")
        defer { directory.remove() }
        try await withServerStore(backend, in: directory) { store in
            let server = try ServerProcess(storeArguments: store)
            let techToken = try server.token(role: "technician", region: "south", name: "wang")
            let tech = try FieldAgent("wang", in: directory, server: server, token: techToken, region: "south")
            let size = 16 << 20
            let (id, scan, digest) = try Self.attached(tech, size: size, seed: 11, in: directory)
            let piece = ["--attachment-piece", "65536", "--retry-delay", "0.01"]

            var random = SplitMix64(seed: 11)
            var midUpload = 0
            var received = 0
            for _ in 0..<8 {
                let sync = try tech.startSync(piece)
                try Self.waitForProgress(beyond: received) {
                    try Self.served(port: server.port, id: id, token: techToken, digest: digest, size: size).received
                }
                usleep(UInt32(random.next() % 50_000))
                server.kill()
                sync.waitUntilExit()
                try server.restart()
                let after = try Self.served(port: server.port, id: id, token: techToken, digest: digest, size: size)
                #expect(
                    after.status == 404 && Self.notServed.contains(after.code) || after.status == 200 && after.whole)
                if after.status == 200 { break }
                if after.received > 0 { midUpload += 1 }
                received = after.received
            }
            #expect(midUpload > 0, "no kill landed in the middle of the upload")
            _ = try tech.sync(piece)
            let whole = try Self.served(port: server.port, id: id, token: techToken, digest: digest, size: size)
            #expect(whole.status == 200 && whole.whole)

            let hq = try FieldAgent(
                "hq", in: directory, server: server, token: try server.token(role: "hq", name: "hq"), region: nil)
            try hq.sync(["--attachments", "none"])
            var midDownload = 0
            var fetched = 0
            for _ in 0..<8 {
                let sync = try hq.startSync(piece)
                try Self.waitForProgress(beyond: fetched) {
                    let held = try Self.held(hq)
                    return held.digests.isEmpty ? held.inProgress : .max
                }
                usleep(UInt32(random.next() % 50_000))
                server.kill()
                sync.waitUntilExit()
                try server.restart()
                let held = try Self.held(hq)
                #expect(held.allMatch, "the agent kept bytes that do not match their digest")
                if held.digests.isEmpty { midDownload += held.inProgress > 0 ? 1 : 0 } else { break }
                fetched = held.inProgress
            }
            #expect(midDownload > 0, "no kill landed in the middle of the download")
            _ = try hq.sync(piece)
            let held = try Self.held(hq)
            #expect(held.allMatch && held.digests == [digest] && held.inProgress == 0)
            let output = directory.file("opened.pdf")
            #expect(try hq.run(["attachment", "get", id, "--output", output]).status == 0)
            #expect(try Data(contentsOf: URL(fileURLWithPath: output)) == scan)
        }
    }
}
