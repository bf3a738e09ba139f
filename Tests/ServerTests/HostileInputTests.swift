import FieldSyncServer
import FieldSyncShared
import FieldSyncTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PostgresTestSupport
import Testing

/// Every bad input of the table in `HostileInputTests+Cases.swift`, sent to a seeded server: the
/// server answers what the case says, and what it stores is unchanged (or exactly what was sent,
/// for input that is odd but legitimate). `docs/bad-input.md` lists the same cases with the same answers.
@Suite struct HostileInputTests {
    /// Bodies up to 512 KiB: room for a field over 64 KiB and for deep nesting, and a limit to go over.
    static let configuration: ServerConfiguration = {
        var configuration = ServerConfiguration()
        configuration.maxBodyBytes = 512 * 1024
        configuration.maxAttachmentBytes = HostileAttachments.limit
        return configuration
    }()

    @Test(arguments: StorageBackend.all, HostileCase.all)
    func hostileInputIsAnsweredAndChangesNothing(_ backend: StorageBackend, _ hostile: HostileCase) async throws {
        try await TestServer.with(backend, configuration: Self.configuration) { server in
            let fixture = try await HostileFixture.seed(server)
            let before = try await server.snapshot()
            let tokensBefore = try await server.store.tokens()
            let uploadsBefore = try await fixture.attachments.standing(server)
            let request = try hostile.request(fixture)
            try await server.test { client in
                let response = try await client.execute(
                    uri: request.uri, method: request.method, headers: request.headers, body: request.body)
                try Self.check(response, of: hostile, request: request, fixture: fixture)
                // The server still serves, and its tables are intact.
                let everything = try await client.pullAll(token: fixture.people.hq, replica: fixture.people.hqReplica)
                let held = try await server.snapshot()
                #expect(
                    everything.records.count == held.count && Self.changed(from: held, to: everything.records).isEmpty,
                    "\(hostile)")
            }
            let after = try await server.snapshot()
            switch hostile.answer {
            case .stored:
                let sent = Dictionary(uniqueKeysWithValues: request.stores.map { ($0.id, $0) })
                #expect(!sent.isEmpty, "\(hostile): a stored case names what it stores")
                let expected = before.filter { sent[$0.id] == nil } + request.stores
                #expect(
                    Self.changed(from: expected, to: after).isEmpty,
                    "\(hostile): not stored as sent: \(Self.changed(from: expected, to: after))")
            default:
                #expect(
                    Self.changed(from: before, to: after).isEmpty,
                    "\(hostile): stored data changed: \(Self.changed(from: before, to: after))")
            }
            #expect(try await server.store.tokens() == tokensBefore, "\(hostile): tokens changed")
            // No bytes kept, discarded or moved on: every upload stands where it stood.
            #expect(
                try await fixture.attachments.standing(server) == uploadsBefore, "\(hostile): attachment bytes changed")
        }
    }

    /// The answer `hostile` expects, checked on `response`.
    static func check(
        _ response: TestResponse, of hostile: HostileCase, request: HostileRequest, fixture: HostileFixture
    ) throws {
        let answer = hostile.answer
        #expect(response.status == answer.status, "\(hostile): \(response.text.prefix(300))")
        for secret in fixture.secrets {
            #expect(!response.text.contains(secret), "\(hostile): a token in the answer")
        }
        switch answer {
        case .refused(_, let code):
            #expect(!response.text.contains(HostileFixture.sqlText), "\(hostile): hostile text echoed")
            #expect(response.isJSON, "\(hostile): not JSON")
            let body = try? JSONDecoder().decode(ErrorBody.self, from: Data(response.body.readableBytesView))
            #expect(body?.error.code == code, "\(hostile): \(response.text.prefix(300))")
            #expect(body?.error.message.isEmpty == false, "\(hostile): no message")
            if response.status == .unauthorized {
                #expect(response.headers[.wwwAuthenticate] == "Bearer", "\(hostile)")
            }
        case .rejected(let code):
            let results = try response.json(PushResponse.self).results
            #expect(
                results.count == 1 && results.allSatisfy { $0.outcome == .rejected && $0.code == code },
                "\(hostile): \(results)")
            #expect(results.first?.reason?.isEmpty == false, "\(hostile): no reason")
        case .stored, .unchanged:
            #expect(response.isJSON, "\(hostile): not JSON")
            if request.uri.hasPrefix("/v1/push") {
                let results = try response.json(PushResponse.self).results
                #expect(!results.isEmpty && results.allSatisfy { $0.outcome == .applied }, "\(hostile): \(results)")
            } else if request.uri.hasPrefix("/v1/hello") {
                _ = try response.json(HelloResponse.self)
            } else if request.uri.hasPrefix("/v1/records") {
                // Only what the caller's token may see, whatever was asked for.
                let records = try response.json(RecordsResponse.self).records
                #expect(records.allSatisfy { $0.region == .south }, "\(hostile): \(records.map(\.id))")
            } else {
                _ = try response.json(PullResponse.self)
            }
        case .redirect(let location):
            #expect(response.headers[.location] == location, "\(hostile)")
            // Only the sign-in cookie, and only for a good token.
            let cookie = response.headers[values: .setCookie]
            if location.hasPrefix("/login") {
                #expect(cookie.isEmpty, "\(hostile): signed in")
            } else {
                #expect(cookie.count == 1 && cookie[0].hasPrefix("fieldsync_token="), "\(hostile): \(cookie)")
            }
        }
    }

    /// The ids of the records that differ between two snapshots (added, removed or changed).
    static func changed(from before: [WireRecord], to after: [WireRecord]) -> [RecordID] {
        let old = Dictionary(before.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let new = Dictionary(after.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return Set(old.keys).union(new.keys).filter { old[$0] != new[$0] }.sorted()
    }

    // MARK: The documented table

    /// `docs/bad-input.md` has a row for every case, with the answer the test checks, and no other rows.
    @Test func documentedTableMatchesTheCases() throws {
        let rows = try Self.documentedRows()
        for hostile in HostileCase.all {
            guard let row = rows[hostile.name] else {
                Issue.record("docs/bad-input.md has no row for \(hostile.name)")
                continue
            }
            #expect(row.answer == hostile.answer.documented, "\(hostile.name): the doc says \(row.answer)")
            #expect(
                row.data.hasPrefix(hostile.answer.documentedData),
                "\(hostile.name): the doc's data column says \(row.data)")
        }
        let names = Set(HostileCase.all.map(\.name))
        #expect(names.count == HostileCase.all.count, "case names are unique")
        for name in rows.keys where !names.contains(name) {
            Issue.record("docs/bad-input.md lists \(name), which no test checks")
        }
    }

    /// The rows of the table in `docs/bad-input.md`, by their first cell.
    static func documentedRows() throws -> [String: (answer: String, data: String)] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("docs/bad-input.md"), encoding: .utf8)
        var rows = [String: (answer: String, data: String)]()
        for line in text.split(separator: "\n") where line.hasPrefix("| ") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 4, cells[0] != "Input", !cells[0].hasPrefix("---") else { continue }
            #expect(rows[cells[0]] == nil, "\(cells[0]) is listed twice")
            rows[cells[0]] = (cells[2], cells[3])
        }
        return rows
    }
}

/// One bad input: its name (the first column of `docs/bad-input.md`), the request, and the answer.
struct HostileCase: Sendable, CustomTestStringConvertible, CustomStringConvertible {
    let name: String
    let answer: HostileAnswer
    let request: @Sendable (HostileFixture) throws -> HostileRequest

    init(
        _ name: String, _ answer: HostileAnswer,
        _ request: @escaping @Sendable (HostileFixture) throws -> HostileRequest
    ) {
        self.name = name
        self.answer = answer
        self.request = request
    }

    var description: String { name }
    var testDescription: String { name }
}

/// What the server answers a bad input.
enum HostileAnswer: Sendable, Equatable {
    /// A 4xx with `{"error": {"code", "message"}}`; nothing stored.
    case refused(HTTPResponse.Status, String)
    /// 200, the record rejected with this code in the push's per-record outcomes; nothing stored.
    case rejected(String)
    /// 200, and the record is stored exactly as sent: odd but legitimate input.
    case stored
    /// 200, and nothing changes: the server already holds it, or there is nothing to give.
    case unchanged
    /// 303 to this location (the dashboard's sign-in), nobody signed in.
    case redirect(String)

    var status: HTTPResponse.Status {
        switch self {
        case .refused(let status, _): status
        case .rejected, .stored, .unchanged: .ok
        case .redirect: .seeOther
        }
    }

    /// The Answer column of `docs/bad-input.md`.
    var documented: String {
        switch self {
        case .refused(let status, let code): "\(status.code) `\(code)`"
        case .rejected(let code): "200, record rejected `\(code)`"
        case .stored: "200, applied"
        case .unchanged: "200, nothing to do"
        case .redirect(let location): "303 to `\(location)`"
        }
    }

    /// How the Data column of `docs/bad-input.md` starts.
    var documentedData: String { self == .stored ? "stored as sent" : "unchanged" }
}

/// A request as sent; `stores` are the records a `.stored` case must then find on the server.
struct HostileRequest: Sendable {
    var method: HTTPRequest.Method
    var uri: String
    var headers: HTTPFields
    var body: ByteBuffer?
    var stores: [WireRecord] = []
}
