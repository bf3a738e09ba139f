import FieldSyncServer
import FieldSyncShared
import FieldSyncTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// The server against its OpenAPI document: every route documented, 405 with `Allow` for a method
/// a route does not take, and what `scripts/schemathesis.sh` found on the dashboard, pinned.
@Suite struct APIDocumentTests {
    /// `METHOD /path` of every operation in the served document.
    static func documentedOperations(_ yaml: String) -> Set<String> {
        var operations = Set<String>()
        var path: String?
        for line in yaml.split(separator: "\n") {
            if line.hasPrefix("  /"), line.hasSuffix(":"), !line.hasPrefix("   ") {
                path = String(line.dropFirst(2).dropLast())
            } else if let path, line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":") {
                let method = line.trimmingWhitespace().dropLast()
                if ["get", "post", "put", "patch", "delete"].contains(method) {
                    operations.insert("\(method.uppercased()) \(path)")
                }
            }
        }
        return operations
    }

    @Test func everyRouteIsDocumentedAndNothingElse() async throws {
        try await TestServer.with { server in
            let routes = buildRouter(store: server.store, configuration: server.configuration, metrics: server.metrics)
                .routes
            let served = Set(
                routes.map {
                    "\($0.method.rawValue) /\($0.path.description.split(separator: "/").joined(separator: "/"))"
                })
            let yaml = try await server.test { client in
                try await client.execute(uri: "/openapi.yaml", method: .get).text
            }
            #expect(yaml.hasPrefix("openapi: 3.1"))
            #expect(Self.documentedOperations(yaml) == served)
        }
    }

    /// Every kind a pull can give is in the document's `RecordKind` (schemathesis found
    /// `attachment` missing once attachment records were seeded).
    @Test func theDocumentNamesEveryRecordKind() async throws {
        let yaml = try await TestServer.with { server in
            try await server.test { client in try await client.execute(uri: "/openapi.yaml", method: .get).text }
        }
        let lines = yaml.split(separator: "\n").map(String.init)
        let kind = try #require(lines.firstIndex(of: "    RecordKind:"))
        let listed = try #require(lines[kind...].first { $0.hasPrefix("      enum: [") })
        let names = listed.dropFirst("      enum: [".count).dropLast().split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        #expect(Set(names) == Set(RecordKind.allCases.map(\.rawValue)))
    }

    /// The attachment's id is written once, among the components' parameters, and every
    /// attachment operation refers to it.
    @Test func theAttachmentIDIsOneParameterEveryAttachmentOperationRefersTo() async throws {
        let yaml = try await TestServer.with { server in
            try await server.test { client in try await client.execute(uri: "/openapi.yaml", method: .get).text }
        }
        #expect(yaml.components(separatedBy: "description: The attachment record's id.").count == 2)
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        let parameters = lines.firstIndex { $0 == "  parameters:" }
        let entry = lines.firstIndex { $0 == "    AttachmentID:" }
        let schemas = lines.firstIndex { $0 == "  schemas:" }
        #expect(parameters != nil && entry != nil && schemas != nil)
        if let parameters, let entry, let schemas { #expect(parameters < entry && entry < schemas) }
        let operations = ["attachmentUpload", "attachmentPut", "attachmentGet"]
        for operation in operations {
            let start = lines.firstIndex { $0.hasSuffix("operationId: \(operation)") }
            let end = start.flatMap { start in
                lines[(start + 1)...].firstIndex { $0.contains("operationId:") || $0.hasPrefix("  /") }
                    ?? lines.endIndex
            }
            #expect(start != nil, "\(operation) is documented")
            if let start, let end {
                #expect(
                    lines[start..<end].contains {
                        $0.hasSuffix(##"- {$ref: "#/components/parameters/AttachmentID"}"##)
                    },
                    "\(operation) refers to the one AttachmentID")
            }
        }
    }

    @Test func aMethodTheRouteDoesNotTakeGets405WithAllow() async throws {
        try await TestServer.with { server in
            try await server.test { client in
                for (method, uri, allowed) in [
                    (HTTPRequest.Method.post, "/healthz", "GET"), (.delete, "/v1/push", "POST"),
                    (.get, "/v1/push", "POST"),
                    (.put, "/login", "GET, POST"), (.options, "/dashboard/records", "GET"),
                ] {
                    let response = try await client.execute(uri: uri, method: method)
                    #expect(
                        response.status == .methodNotAllowed && response.headers[.allow] == allowed, "\(method) \(uri)")
                    #expect(response.isJSON && response.error?.code == "method_not_allowed", "\(method) \(uri)")
                }
                let missing = try await client.execute(uri: "/v1/nothing", method: .post)
                #expect(missing.status == .notFound && missing.headers[.allow] == nil)
            }
        }
    }

    @Test func dashboardReadsItsQueryAsABrowserFormSendsIt() async throws {
        try await TestServer.with { server in
            let hq = try await server.token("headquarters", role: .hq, region: nil).secret
            try await server.test { client in
                let headers: HTTPFields = [.authorization: "Bearer \(hq)"]
                for query in [
                    // A space typed in the period box arrives as `+`.
                    "period=2026-01-01+..+2026-03-31", "period=+2026-Q3+&region=+north+",
                    // Found by schemathesis: "\r\n" is one Character, which trimming missed.
                    "period=%0D%0A2026-11%0D%0A&region=%E3%80%80%0D%0Acentral%0D%0A",
                ] {
                    let response = try await client.execute(uri: "/dashboard?\(query)", method: .get, headers: headers)
                    #expect(response.status == .ok, "\(query): \(response.text)")
                }
            }
        }
    }

    /// Found by schemathesis: the trend of a period in 0001 reached year 0 and crashed the server.
    @Test func aPeriodAtTheCalendarsStartIsShown() async throws {
        try await TestServer.with { server in
            let hq = try await server.token("headquarters", role: .hq, region: nil).secret
            try await server.test { client in
                for page in ["/dashboard", "/dashboard/inspection", "/dashboard/records?figure=score&"] {
                    let uri = page + (page.hasSuffix("&") ? "" : "?") + "period=0001-01"
                    let response = try await client.execute(
                        uri: uri, method: .get, headers: [.authorization: "Bearer \(hq)"])
                    #expect(response.status == .ok, "\(uri): \(response.text)")
                }
            }
        }
    }
}
