import FieldSyncShared
import FieldSyncTestSupport
import Foundation
import Testing

/// The agent's side of hostile attachments (`docs/bad-input.md`): a file's name is data, never a
/// path to write to, and a program is refused whatever it is called.
@Suite("hostile attachments on the agent")
struct AttachmentHostileTests {
    static let photo = Data([0xFF, 0xD8, 0xFF, 0xE0] + (0..<3000).map { UInt8(truncatingIfNeeded: $0 &* 13) })

    /// Every file under `path`, relative to it.
    static func files(under path: String) -> Set<String> {
        Set(FileManager.default.enumerator(atPath: path)?.compactMap { $0 as? String } ?? [])
    }

    @Test func aFileNameIsNeverAPathAndAProgramIsRefusedWhateverItsName() throws {
        let directory = try TemporaryDirectory("e2e-attachment-hostile")
        defer { directory.remove() }
        let server = try ServerProcess(database: directory.file("server.sqlite"))
        let tech = try FieldAgent(
            "wang", in: directory, server: server,
            token: try server.token(role: "technician", region: "south", name: "wang"), region: "south")
        let (card, _) = try AttachmentEndToEndTests.card(on: tech)

        // A file whose own name (legal on Linux) holds backslashes and dot-dots, reached through `..`.
        let inbox = directory.file("inbox")
        try FileManager.default.createDirectory(atPath: inbox + "/sub", withIntermediateDirectories: true)
        let tricky = inbox + #"/..\..\..\etc\evil.jpg"#
        try Self.photo.write(to: URL(fileURLWithPath: tricky))
        let attached = try AttachmentEndToEndTests.object(
            tech.run(["attach", "card", card, "--file", inbox + "/sub/../" + #"..\..\..\etc\evil.jpg"#, "--json"]))
        let id = try #require(attached["id"] as? String)
        #expect(attached["file_name"] as? String == "evil.jpg", "\(attached)")

        // Saved into a folder: under the kept name, inside that folder, and nowhere else.
        let out = directory.file("out")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let before = Self.files(under: directory.path)
        let saved = try tech.run(["attachment", "get", id, "--output", out, "--json"])
        #expect(saved.status == 0, "\(saved.stderr)")
        #expect(Self.files(under: out) == ["evil.jpg"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: out + "/evil.jpg")) == Self.photo)
        // The only new file besides the replica's own (its WAL) is the one saved.
        let added = Self.files(under: directory.path).subtracting(before).filter { !$0.hasPrefix("wang.sqlite") }
        #expect(added == ["out/evil.jpg"], "\(added)")
        // Saved to a file: exactly there.
        let named = directory.file("out/named.bin")
        #expect(try tech.run(["attachment", "get", id, "--output", named]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: named)) == Self.photo)

        // A program and a script named photo.jpg: refused, nothing recorded.
        let listed = try #require(try tech.run(["attachment", "list", "--json"]).json() as? [[String: Any]])
        for (name, bytes) in [
            ("photo.jpg", Data([0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0] + Array(repeating: 0, count: 200))),
            ("IMG_0001.JPG", Data("#!/bin/sh\nrm -rf \"$HOME\"\n".utf8)),
        ] {
            let file = directory.file(name)
            try bytes.write(to: URL(fileURLWithPath: file))
            let refused = try tech.run(["attach", "card", card, "--file", file])
            #expect(refused.status != 0 && refused.stderr.contains(name), "\(refused.stderr)")
        }
        let still = try #require(try tech.run(["attachment", "list", "--json"]).json() as? [[String: Any]])
        #expect(still.count == listed.count && listed.count == 1)

        // The record with its kept name goes to the server, which takes it.
        let synced = try AttachmentEndToEndTests.object(tech.sync(["--json"]))
        let moved = try #require(synced["attachments"] as? [String: Any], "\(synced)")
        #expect(moved["uploaded"] as? Int == 1, "\(moved)")
    }
}
