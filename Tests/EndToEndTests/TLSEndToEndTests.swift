import FieldSyncTestSupport
import Foundation
import Testing

/// HTTPS between the real binaries, with a company CA made in the test.
@Suite("TLS end to end", .serialized)
struct TLSEndToEndTests {
    /// Runs openssl with `arguments` in `directory`; records an issue if it fails.
    func openssl(_ arguments: [String], in directory: TemporaryDirectory) throws {
        let process = ChildProcess()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory.path)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "openssl \(arguments.first ?? "")")
    }

    @Test func agentSyncsOverHTTPSOnlyWhenItTrustsTheCompanyCA() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl") else {
            if ProcessInfo.processInfo.environment["CI"] != nil { Issue.record("openssl is missing in CI") }
            return
        }
        let directory = try TemporaryDirectory("e2e-tls")
        defer { directory.remove() }
        let curve = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try openssl(
            ["req", "-x509"] + curve + [
                "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=FieldSync Test CA",
            ], in: directory)
        try openssl(
            ["req"] + curve + ["-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1"], in: directory)
        try "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n".write(
            toFile: directory.file("ext.cnf"), atomically: true, encoding: .utf8)
        try openssl(
            [
                "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out",
                "server.pem",
                "-days", "2", "-extfile", "ext.cnf",
            ], in: directory)

        let database = directory.file("server.sqlite")
        let admin = BinaryRunner("fieldsync-server")
        let token = try admin.run([
            "token", "create", "--db", database, "--role", "technician", "--region", "south", "--name", "t",
        ])
        .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let server = try ServerProcess(
            storeArguments: [
                "--db", database, "--tls-cert", directory.file("server.pem"), "--tls-key", directory.file("server.key"),
            ])
        let agent = BinaryRunner("fieldsync", environment: ["FIELDSYNC_DB": directory.file("agent.sqlite")])
        #expect(
            try agent.run([
                "init", "--server", "https://127.0.0.1:\(server.port)", "--token", token, "--region", "south",
            ]).status == 0)
        #expect(try agent.run(["customer", "add", "--name", "银河公墓"]).status == 0)

        let untrusted = try agent.run(["sync", "--retries", "0"])
        #expect(untrusted.status == 1, "a server the agent cannot verify is refused: \(untrusted.stderr)")
        #expect(untrusted.stderr.contains("--ca"))

        let trusted = try agent.run(["sync", "--retries", "0", "--ca", directory.file("ca.pem")])
        #expect(trusted.status == 0, "\(trusted.stderr)")
        #expect(trusted.stdout.contains("pushed 1"))
    }
}
