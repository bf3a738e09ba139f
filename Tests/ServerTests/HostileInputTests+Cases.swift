import FieldSyncShared
import FieldSyncTestSupport
import Foundation
import HTTPTypes
import NIOCore

/// The table of bad inputs. Each name is the first column of a row of `docs/bad-input.md`.
extension HostileCase {
    static let all: [HostileCase] =
        body + size + text + unknownMembers + numbers + ids + regions + dots + copies + callers + pullParameters
        + sql + pages + attachments

    static let malformed = HostileAnswer.refused(.badRequest, "malformed_request")

    /// JSON that is not a push.
    static let body: [HostileCase] = [
        HostileCase("malformed JSON", malformed) { f in f.push(raw: f.pushText().utf8.dropLast(4)) },
        HostileCase("not JSON at all", malformed) { f in f.push(raw: "replica=1&records=2".utf8) },
        HostileCase("empty body", malformed) { f in f.push(raw: []) },
        HostileCase("JSON null", malformed) { f in f.push(raw: "null".utf8) },
        HostileCase("JSON of another shape", malformed) { f in f.push(raw: "[1, 2, 3]".utf8) },
        HostileCase("records not a list", malformed) { f in f.push(raw: #"{"replica":"\#(f.south)","records":5}"#.utf8)
        },
        HostileCase("record without a state", malformed) { f in
            f.push(raw: #"{"replica":"\#(f.south)","records":[{"id":"\#(RecordID.test(10))","kind":"customer"}]}"#.utf8)
        },
        HostileCase("mistyped counter", malformed) { f in
            f.push(raw: f.pushText(context: #"[["\#(f.south)","10"]]"#).utf8)
        },
        HostileCase("mistyped field", malformed) { f in
            f.push(raw: f.pushText(fields: #""name":"Huaxia Cemetery","region":[[0,10,"south"]]"#).utf8)
        },
        HostileCase("mistyped replica in the body", malformed) { f in
            f.push(raw: #"{"replica":42,"records":[]}"#.utf8)
        },
        HostileCase("duplicate key", malformed) { f in
            f.push(raw: f.pushText(extraMember: #","records":[]"#).utf8)
        },
        HostileCase("duplicate key in a record", malformed) { f in
            f.push(
                raw: f.pushText(
                    fields: #""name":[[0,10,"Huaxia Cemetery"]],"region":[[0,10,"south"]],"region":[[0,10,"north"]]"#
                ).utf8)
        },
        HostileCase("deep nesting", malformed) { f in
            let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
            return f.push(
                raw: f.pushText(
                    fields: #""name":[[0,10,"Huaxia Cemetery"]],"region":[[0,10,"south"]],"notes":[[0,10,\#(deep)]]"#
                ).utf8)
        },
        HostileCase("wrong content type", .refused(.unsupportedMediaType, "unsupported_media_type")) { f in
            var headers = f.southHeaders
            headers[.contentType] = "text/plain"
            return try f.push([f.newCustomer()], headers: headers)
        },
        HostileCase("no content type", .stored) { f in
            try f.push(
                [f.newCustomer()],
                headers: f.headers(token: f.people.south, replica: f.south.description, contentType: nil), stores: true)
        },
    ]

    /// Bodies and values past the limits.
    static let size: [HostileCase] = [
        HostileCase("body over the limit", .refused(.contentTooLarge, "body_too_large")) { f in
            let body = Array(
                f.pushText(fields: #""name":[[0,10,"\#(String(repeating: "a", count: 600 * 1024))"]]"#).utf8)
            var headers = f.southHeaders
            headers[.contentLength] = String(body.count)
            return f.push(raw: body, headers: headers)
        },
        HostileCase("body over the limit, no length given", .refused(.contentTooLarge, "body_too_large")) { f in
            f.push(raw: f.pushText(fields: #""name":[[0,10,"\#(String(repeating: "a", count: 600 * 1024))"]]"#).utf8)
        },
        HostileCase("field over 64 KiB", .rejected("invalid_record")) { f in
            try f.push([f.newCustomer(["notes": .string(String(repeating: "长", count: 22 * 1024))])])
        },
        HostileCase("field name over 64 KiB", .rejected("invalid_record")) { f in
            try f.push([f.newCustomer([String(repeating: "n", count: 65 * 1024): "x"])])
        },
        HostileCase("text over 10,000 characters", .rejected("invalid_record")) { f in
            try f.push([f.newCustomer(["address": .string(String(repeating: "路", count: 10_001))])])
        },
    ]

    /// Text that is not what it should be.
    static let text: [HostileCase] = [
        HostileCase("invalid UTF-8", malformed) { f in
            let text = f.pushText()
            let name = text.range(of: "Huaxia")!
            var bytes = Array(text[..<name.lowerBound].utf8)
            bytes += [0xC3, 0x28, 0xFF, 0xFE]
            bytes += Array(text[name.upperBound...].utf8)
            return f.push(raw: bytes)
        },
        HostileCase("unpaired surrogate", malformed) { f in
            f.push(raw: f.pushText(fields: #""name":[[0,10,"Hua\ud800xia"]],"region":[[0,10,"south"]]"#).utf8)
        },
        HostileCase("control characters in text", .stored) { f in
            try f.push([f.newCustomer(["name": "Hua\u{0}xia\u{7}\u{1B}[2J", "contact": "\u{202E}gnaW"])], stores: true)
        },
        HostileCase("NUL in a field named like a column", .stored) { f in
            try f.push([f.newCustomer(["customer": "\u{0}'; --"])], stores: true)
        },
    ]

    /// Members and fields the server does not know.
    static let unknownMembers: [HostileCase] = [
        HostileCase("unknown member in the body", .stored) { f in
            f.push(raw: f.pushText(extraMember: #","admin":true,"region":"north""#).utf8, stores: [f.newCustomer()])
        },
        HostileCase("unknown member in a record", .stored) { f in
            f.push(
                raw: f.pushText(extraRecordMember: #","region":"north","owner":"hq""#).utf8, stores: [f.newCustomer()])
        },
        HostileCase("unknown field in a record", .stored) { f in
            try f.push([f.newCustomer(["colour": "red", "extras": ["tags": ["a", 1, nil, 2.5]]])], stores: true)
        },
    ]

    /// Numbers out of range, and ones JSON does not have.
    static let numbers: [HostileCase] = [
        HostileCase("integer out of range", .rejected("invalid_record")) { f in
            f.push(
                raw: f.pushText(
                    fields:
                        #""name":[[0,10,"Huaxia Cemetery"]],"region":[[0,10,"south"]],"products":[[0,10,[{"product":"urn","quantity":9223372036854775808}]]]"#
                ).utf8)
        },
        HostileCase("quantity below one", .rejected("invalid_record")) { f in
            try f.push([f.newCustomer(["products": [["product": "urn", "quantity": -3]]])])
        },
        HostileCase("counter out of range", malformed) { f in
            f.push(raw: f.pushText(context: #"[["\#(f.south)",18446744073709551616]]"#).utf8)
        },
        HostileCase("negative counter", malformed) { f in
            f.push(raw: f.pushText(context: #"[["\#(f.south)",-10]]"#).utf8)
        },
        HostileCase("counter zero", malformed) { f in
            f.push(
                raw: f.pushText(
                    context: #"[["\#(f.south)",0]]"#,
                    fields: #""name":[[0,0,"Huaxia Cemetery"]],"region":[[0,0,"south"]]"#
                ).utf8)
        },
        HostileCase("NaN", malformed) { f in
            f.push(
                raw: f.pushText(
                    fields: #""name":[[0,10,"Huaxia Cemetery"]],"region":[[0,10,"south"]],"weight":[[0,10,NaN]]"#
                ).utf8)
        },
        HostileCase("Infinity", malformed) { f in
            f.push(
                raw: f.pushText(
                    fields: #""name":[[0,10,"Huaxia Cemetery"]],"region":[[0,10,"south"]],"weight":[[0,10,-Infinity]]"#
                ).utf8)
        },
        HostileCase("number too large for a double", malformed) { f in
            f.push(
                raw: f.pushText(
                    fields: #""name":[[0,10,"Huaxia Cemetery"]],"region":[[0,10,"south"]],"weight":[[0,10,1e999]]"#
                ).utf8)
        },
    ]

    /// Record ids and references that are not ids.
    static let ids: [HostileCase] = [
        HostileCase("record id not a UUID", malformed) { f in f.push(raw: f.pushText(id: "42").utf8) },
        HostileCase("record id with ../", malformed) { f in
            f.push(raw: f.pushText(id: "../../../../../../etc/passwd").utf8)
        },
        HostileCase("record id with %2F", malformed) { f in
            f.push(raw: f.pushText(id: "019ac453-8800-7000-8000-..%2F..%2F..").utf8)
        },
        HostileCase("reference with a path", .rejected("invalid_record")) { f in
            try f.push([
                f.newRecord(kind: "opinion_card", ["customer": "../customer/1", "region": "south", "rating": 5])
            ])
        },
        HostileCase("path tricks in the URL", .refused(.notFound, "not_found")) { f in f.get("/v1/pull/..%2F..%2Fpush")
        },
        HostileCase("dot segments in the URL", .refused(.notFound, "not_found")) { f in
            f.get("/v1/../healthz/../v1/pull")
        },
        HostileCase("unknown kind", .rejected("unknown_kind")) { f in f.push(raw: f.pushText(kind: "invoice").utf8) },
        HostileCase("wrong method", .refused(.methodNotAllowed, "method_not_allowed")) { f in f.get("/v1/push") },
        HostileCase("unknown route", .refused(.notFound, "not_found")) { f in f.get("/v1/records/\(RecordID.test(1))")
        },
    ]

    /// Regions that are not one of the five.
    static let regions: [HostileCase] = [
        HostileCase("region not one of the five", .rejected("invalid_record")) { f in
            try f.push([f.newCustomer(["region": "mars"])])
        },
        HostileCase("region in another spelling", .rejected("invalid_record")) { f in
            try f.push([f.newCustomer(["region": "华南"])])
        },
        HostileCase("region not text", .rejected("invalid_record")) { f in
            try f.push([f.newCustomer(["region": ["south"]])])
        },
    ]

    /// Dots that lie about who wrote what.
    static let dots: [HostileCase] = [
        HostileCase("dot of another replica", .refused(.forbidden, SyncErrorCode.forgedDot)) { f in
            try f.push([WireRecord.customer(.test(10), region: .south, dot: f.people.northReplica.dot(1))])
        },
        HostileCase("another replica's dot with another value", .refused(.forbidden, SyncErrorCode.forgedDot)) { f in
            // Headquarters' write 1 put "020-2" in the phone; the south replica says it wrote something else.
            let state = HostileFixture.state(
                context: [f.south.dot(2), f.people.hqReplica.dot(1)],
                [
                    "name": [(f.south.dot(2), "Huaxia Cemetery")], "region": [(f.south.dot(2), "south")],
                    "phone": [(f.people.hqReplica.dot(1), "zzz forged")],
                ])
            return try f.push([WireRecord(id: f.sharedCustomer.id, kind: "customer", state: state)])
        },
        HostileCase("own dot reused with another value", .refused(.conflict, SyncErrorCode.replicaForked)) { f in
            let state = HostileFixture.state(
                context: [f.south.dot(3)],
                [
                    "name": [(f.south.dot(1), "zzz reused")], "region": [(f.south.dot(1), "south")],
                    "phone": [(f.south.dot(3), "020-1")],
                ])
            return try f.push([WireRecord(id: f.southCustomer.id, kind: "customer", state: state)])
        },
        HostileCase("regressing dot", .refused(.conflict, SyncErrorCode.replicaForked)) { f in
            // The record as it was before the south replica's write 3, from the south replica itself:
            // a copy of its file that forgot its own write (restored, cloned, rolled back).
            try f.push([WireRecord.customer(f.southCustomer.id, region: .south, dot: f.south.dot(1))])
        },
        HostileCase("regressing dot with another value", .refused(.conflict, SyncErrorCode.replicaForked)) { f in
            // Write 2 of the south replica went to another record; here it claims to have renamed this one.
            let state = HostileFixture.state(
                context: [f.south.dot(2)],
                ["name": [(f.south.dot(2), "Renamed")], "region": [(f.south.dot(1), "south")]])
            return try f.push([WireRecord(id: f.southCustomer.id, kind: "customer", state: state)])
        },
        HostileCase("dot the context has not seen", malformed) { f in
            f.push(raw: f.pushText(fields: #""name":[[0,11,"Huaxia Cemetery"]],"region":[[0,10,"south"]]"#).utf8)
        },
        HostileCase("dot naming no replica of the context", malformed) { f in
            f.push(raw: f.pushText(fields: #""name":[[3,10,"Huaxia Cemetery"]],"region":[[0,10,"south"]]"#).utf8)
        },
        HostileCase("replica twice in a context", malformed) { f in
            f.push(raw: f.pushText(context: #"[["\#(f.south)",10],["\#(f.south)",12]]"#).utf8)
        },
    ]

    /// Tokens and replicas that are not who they say.
    static let callers: [HostileCase] = [
        HostileCase("no token", .refused(.unauthorized, SyncErrorCode.unauthorized)) { f in
            try f.push([f.newCustomer()], headers: f.headers(token: nil, replica: f.south.description))
        },
        HostileCase("unknown token", .refused(.unauthorized, SyncErrorCode.unauthorized)) { f in
            try f.push(
                [f.newCustomer()],
                headers: f.headers(token: "fs_" + String(repeating: "0", count: 64), replica: f.south.description))
        },
        HostileCase("revoked token", .refused(.unauthorized, SyncErrorCode.tokenRevoked)) { f in
            try f.push([f.newCustomer()], headers: f.headers(token: f.revoked, replica: f.south.description))
        },
        HostileCase("revoked token on a pull", .refused(.unauthorized, SyncErrorCode.tokenRevoked)) { f in
            f.get("/v1/pull", headers: f.headers(token: f.revoked, replica: f.south.description, contentType: nil))
        },
        HostileCase("not a Bearer token", .refused(.unauthorized, SyncErrorCode.unauthorized)) { f in
            var headers = f.headers(token: nil, replica: f.south.description)
            headers[.authorization] = "Basic " + Data("south:\(f.people.south)".utf8).base64EncodedString()
            return try f.push([f.newCustomer()], headers: headers)
        },
        HostileCase("Bearer without a token", .refused(.unauthorized, SyncErrorCode.unauthorized)) { f in
            var headers = f.headers(token: nil, replica: f.south.description)
            headers[.authorization] = "Bearer "
            return try f.push([f.newCustomer()], headers: headers)
        },
        HostileCase("token over 256 characters", .refused(.unauthorized, SyncErrorCode.unauthorized)) { f in
            try f.push(
                [f.newCustomer()],
                headers: f.headers(
                    token: f.people.south + String(repeating: "A", count: 10_000), replica: f.south.description))
        },
        HostileCase("two Authorization headers", .refused(.unauthorized, SyncErrorCode.unauthorized)) { f in
            var headers = f.southHeaders
            headers.append(HTTPField(name: .authorization, value: "Bearer \(f.people.hq)"))
            return try f.push([f.newCustomer()], headers: headers)
        },
        HostileCase("token in the query string", .refused(.unauthorized, SyncErrorCode.unauthorized)) { f in
            f.get(
                "/v1/pull?access_token=\(f.people.south)",
                headers: f.headers(token: nil, replica: f.south.description, contentType: nil))
        },
        HostileCase("no replica header", .refused(.badRequest, "missing_replica")) { f in
            try f.push([f.newCustomer()], headers: f.headers(token: f.people.south, replica: nil))
        },
        HostileCase("replica header not hex", .refused(.badRequest, "missing_replica")) { f in
            try f.push(
                [f.newCustomer()], headers: f.headers(token: f.people.south, replica: String(repeating: "z", count: 32))
            )
        },
        HostileCase("replica header differs from the body", .refused(.badRequest, "replica_mismatch")) { f in
            try f.push([f.newCustomer()], bodyReplica: TestReplicas.first)
        },
        HostileCase("replica reused with another token", .refused(.forbidden, SyncErrorCode.replicaBound)) { f in
            try f.push([f.newCustomer()], headers: f.headers(token: f.colleague, replica: f.south.description))
        },
        HostileCase("replica reused with another token, pull", .refused(.forbidden, SyncErrorCode.replicaBound)) { f in
            f.get("/v1/pull", headers: f.headers(token: f.colleague, replica: f.south.description, contentType: nil))
        },
        HostileCase("push outside the token's region", .refused(.forbidden, SyncErrorCode.outOfScope)) { f in
            try f.push([f.newCustomer(), WireRecord.customer(.test(11), region: .north, dot: f.south.dot(11))])
        },
        HostileCase("edit of another region's record", .refused(.forbidden, SyncErrorCode.outOfScope)) { f in
            try f.push([f.northCustomer.writing(["phone": "010-9"], dot: f.south.dot(10))])
        },
        HostileCase("moving another region's record into one's own", .refused(.forbidden, SyncErrorCode.outOfScope)) {
            f in
            try f.push([f.northCustomer.writing(["region": "south"], dot: f.south.dot(10))])
        },
    ]

    /// `GET /v1/pull` with query parameters that are not whole numbers in range.
    static let pullParameters: [HostileCase] =
        [
            ("after negative", "after=-1"), ("after beyond 64 bits", "after=9223372036854775808"),
            ("after not a number", "after=1e3"),
            ("limit zero", "limit=0"), ("limit negative", "limit=-5"), ("limit over the page maximum", "limit=2001"),
            ("limit beyond 64 bits", "limit=99999999999999999999"), ("limit not a number", "limit=ten"),
        ].map { name, query in
            HostileCase(name, .refused(.badRequest, "invalid_parameter")) { f in f.get("/v1/pull?\(query)") }
        } + [
            HostileCase("after past the end", .unchanged) { f in f.get("/v1/pull?after=9223372036854775807&limit=2000")
            }
        ]

    /// SQL where text goes: stored as plain text, or refused like any other bad value.
    static let sql: [HostileCase] = [
        HostileCase("SQL text in every field", .stored) { f in
            let text = JSONValue.string(HostileFixture.sqlText)
            let record = f.newCustomer([
                "name": text, "contact": text, "phone": text, "address": text, "training": text,
                "products": [["product": text, "model": text, "quantity": 1]], HostileFixture.sqlText: text,
            ])
            return try f.push([record], stores: true)
        },
        HostileCase("SQL text in the kind", .rejected("unknown_kind")) { f in
            f.push(raw: f.pushText(kind: "customer'; DELETE FROM record; --").utf8)
        },
        HostileCase("SQL text in the region", .rejected("invalid_record")) { f in
            try f.push([f.newCustomer(["region": .string("south' OR '1'='1")])])
        },
        HostileCase("SQL text in the record id", malformed) { f in
            f.push(raw: f.pushText(id: "1' OR '1'='1'; DROP TABLE record; --").utf8)
        },
        HostileCase("SQL text in the replica header", .refused(.badRequest, "missing_replica")) { f in
            try f.push(
                [f.newCustomer()],
                headers: f.headers(token: f.people.south, replica: "' OR 1=1; DROP TABLE replica; --"))
        },
        HostileCase("SQL text in the token", .refused(.unauthorized, SyncErrorCode.unauthorized)) { f in
            try f.push([f.newCustomer()], headers: f.headers(token: "' OR '1'='1", replica: f.south.description))
        },
        HostileCase("SQL text in a query parameter", .refused(.badRequest, "invalid_parameter")) { f in
            f.get("/v1/pull?after=0%20OR%201=1")
        },
    ]

    /// The dashboard's and the sign-in's own parameters.
    static let pages: [HostileCase] = [
        HostileCase("dashboard region not one of the five", .refused(.badRequest, "invalid_region")) { f in
            f.get("/dashboard?region=mars", headers: f.headers(token: f.people.hq, replica: nil, contentType: nil))
        },
        HostileCase("dashboard region of another office", .refused(.forbidden, SyncErrorCode.outOfScope)) { f in
            f.get("/dashboard?region=north", headers: f.headers(token: f.people.south, replica: nil, contentType: nil))
        },
        HostileCase("dashboard period that is not one", .refused(.badRequest, "invalid_period")) { f in
            f.get(
                "/dashboard/inspection?period=2026-13'--",
                headers: f.headers(token: f.people.hq, replica: nil, contentType: nil))
        },
        HostileCase("drill-down figure that is not one", .refused(.badRequest, "invalid_figure")) { f in
            f.get(
                "/dashboard/records?figure=../../etc/passwd",
                headers: f.headers(token: f.people.hq, replica: nil, contentType: nil))
        },
        HostileCase("sign-in with a revoked token", .redirect("/login?failed=1")) { f in
            HostileRequest(
                method: .post, uri: "/login", headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "token=\(f.revoked)"))
        },
        HostileCase("sign-in form over 4 KiB", .refused(.contentTooLarge, "body_too_large")) { f in
            HostileRequest(
                method: .post, uri: "/login", headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "token=" + String(repeating: "a", count: 8192)))
        },
        HostileCase("sign-in link that leaves the dashboard", .redirect("/dashboard")) { f in
            f.get("/login?token=\(f.people.south)&next=https://evil.example/dashboard", headers: [:])
        },
        HostileCase("sign-in link with a header break", .redirect("/dashboard")) { f in
            f.get(
                "/login?token=\(f.people.south)&next=/dashboard%0D%0ASet-Cookie:%20fieldsync_token=stolen", headers: [:]
            )
        },
    ]

    /// Copies of a replica's file (restored, cloned, rolled back) and servers that forgot: the
    /// handshake's answers (`ReplicaHandshake`).
    static let copies: [HostileCase] = [
        HostileCase("sync from an older copy of a replica's file", .refused(.conflict, SyncErrorCode.replicaForked)) {
            f in
            try f.hello(HelloRequest(replica: f.copied, epoch: f.olderEpoch, counter: 9, confirmed: 0, cursor: 0))
        },
        HostileCase("sync from a rolled-back copy", .refused(.conflict, SyncErrorCode.replicaForked)) { f in
            // The current epoch, but a counter behind the 5 the server holds from the replica.
            try f.hello(HelloRequest(replica: f.copied, epoch: f.currentEpoch, counter: 2, confirmed: 0, cursor: 0))
        },
        HostileCase("sync from a copy that never kept an epoch", .refused(.conflict, SyncErrorCode.replicaForked)) {
            f in
            try f.hello(HelloRequest(replica: f.copied, epoch: nil, counter: 9, confirmed: 0, cursor: 0))
        },
        HostileCase("push under another copy's epoch", .refused(.conflict, SyncErrorCode.replicaForked)) { f in
            let record = WireRecord.customer(.test(20), region: .south, name: "Copy's customer", dot: f.copied.dot(6))
            let body = try JSONText.data(PushRequest(replica: f.copied, records: [record]))
            return HostileRequest(
                method: .post, uri: "/v1/push", headers: f.copiedHeaders(epoch: f.olderEpoch.description),
                body: ByteBuffer(bytes: body))
        },
        HostileCase("pull under another copy's epoch", .refused(.conflict, SyncErrorCode.replicaForked)) { f in
            var headers = f.copiedHeaders(epoch: f.olderEpoch.description)
            headers[.contentType] = nil
            return HostileRequest(method: .get, uri: "/v1/pull?after=0", headers: headers, body: nil)
        },
        HostileCase(
            "push without the epoch of a replica that has one", .refused(.conflict, SyncErrorCode.replicaForked)
        ) { f in
            let record = WireRecord.customer(.test(20), region: .south, name: "Copy's customer", dot: f.copied.dot(6))
            let body = try JSONText.data(PushRequest(replica: f.copied, records: [record]))
            return HostileRequest(
                method: .post, uri: "/v1/push", headers: f.copiedHeaders(), body: ByteBuffer(bytes: body))
        },
        HostileCase("epoch that is not one", .refused(.badRequest, "invalid_epoch")) { f in
            let record = WireRecord.customer(.test(20), region: .south, name: "Copy's customer", dot: f.copied.dot(6))
            let body = try JSONText.data(PushRequest(replica: f.copied, records: [record]))
            return HostileRequest(
                method: .post, uri: "/v1/push",
                headers: f.copiedHeaders(epoch: "12.not-an-epoch \(HostileFixture.sqlText)"),
                body: ByteBuffer(bytes: body))
        },
        HostileCase("hello of a replica the server has forgotten", .unchanged) { f in
            // A replica that synced before with a server restored since: told so, to send everything again.
            let forgotten = ReplicaID(high: 0x52, low: 1)
            let epoch = Epoch(number: 77, token: String(repeating: "7", count: 32))
            return try f.hello(
                HelloRequest(replica: forgotten, epoch: epoch, counter: 4, confirmed: 4, cursor: 9),
                headers: f.headers(token: f.colleague, replica: forgotten.description))
        },
        HostileCase("hello confirming more than it wrote", malformed) { f in
            try f.hello(HelloRequest(replica: f.copied, epoch: f.currentEpoch, counter: 5, confirmed: 6, cursor: 0))
        },
        HostileCase("hello naming another replica", .refused(.badRequest, "replica_mismatch")) { f in
            try f.hello(HelloRequest(replica: f.south, epoch: nil, counter: 3, confirmed: 0, cursor: 0))
        },
        HostileCase("hello of another token's replica", .refused(.forbidden, SyncErrorCode.replicaBound)) { f in
            try f.hello(
                HelloRequest(replica: f.south, epoch: nil, counter: 3, confirmed: 0, cursor: 0),
                headers: f.headers(token: f.colleague, replica: f.south.description))
        },
        HostileCase("records of another region asked for by id", .unchanged) { f in
            let body = try JSONText.data(RecordsRequest(ids: [f.northCustomer.id, f.southCustomer.id]))
            return HostileRequest(
                method: .post, uri: "/v1/records", headers: f.southHeaders, body: ByteBuffer(bytes: body))
        },
    ]

    /// Attachments' bytes that are not what their record says, and uploads no record names
    /// (`HostileAttachments`): no bytes kept, none served.
    static let attachments: [HostileCase] = [
        HostileCase("attachment with a wrong digest", .refused(.badRequest, "digest_mismatch")) { f in
            f.putAttachment(f.attachments.liar.description, f.attachments.liarBytes)
        },
        HostileCase("truncated upload", .refused(.notFound, "bytes_not_uploaded")) { f in
            f.getAttachment(f.attachments.partial.description)
        },
        HostileCase("truncated upload, a range of what arrived", .refused(.notFound, "bytes_not_uploaded")) { f in
            f.getAttachment(f.attachments.partial.description, range: "bytes=0-99")
        },
        HostileCase("attachment over the limit", .refused(.contentTooLarge, "attachment_too_large")) { f in
            f.putAttachment(f.attachments.big.description, HostileAttachments.jpeg(1000, seed: 4))
        },
        HostileCase("program named photo.jpg", .refused(.unsupportedMediaType, "unsupported_attachment")) { f in
            f.putAttachment(f.attachments.program.description, f.attachments.programBytes)
        },
        HostileCase("script named photo.jpg", .refused(.unsupportedMediaType, "unsupported_attachment")) { f in
            f.putAttachment(f.attachments.script.description, f.attachments.scriptBytes)
        },
        HostileCase("another region's digest", .refused(.notFound, "bytes_not_uploaded")) { f in
            f.getAttachment(f.attachments.borrowed.description)
        },
        HostileCase("attachment record claiming more bytes than it names", .refused(.notFound, "bytes_not_uploaded")) {
            f in f.getAttachment(f.attachments.inflated.description)
        },
        HostileCase("attachment record claiming fewer bytes than it names", .refused(.notFound, "bytes_not_uploaded")) {
            f in f.getAttachment(f.attachments.shrunk.description)
        },
        HostileCase("attachment of another region", .refused(.notFound, "unknown_attachment")) { f in
            f.getAttachment(f.attachments.northPhoto.description)
        },
        HostileCase("file name with ../", .stored) { f in
            try f.pushAttachment(fileName: "../../etc/passwd")
        },
        HostileCase("file name that is an absolute path", .stored) { f in
            try f.pushAttachment(fileName: "/etc/passwd")
        },
        HostileCase("file name with NUL", .stored) { f in
            try f.pushAttachment(fileName: "photo.jpg\u{0}.sh")
        },
        HostileCase("file name with backslashes", .stored) { f in
            try f.pushAttachment(fileName: #"..\..\Windows\System32\photo.jpg"#)
        },
        HostileCase("upload no record names", .refused(.notFound, "unknown_attachment")) { f in
            f.putAttachment(HostileAttachments.id(0xDEAD).description, HostileAttachments.jpeg(1000, seed: 5))
        },
        HostileCase("upload to a record that is not an attachment", .refused(.notFound, "unknown_attachment")) { f in
            f.putAttachment(f.southCustomer.id.description, HostileAttachments.jpeg(1000, seed: 5))
        },
        HostileCase("upload to another region's attachment", .refused(.notFound, "unknown_attachment")) { f in
            f.putAttachment(f.attachments.northPhoto.description, HostileAttachments.jpeg(1000, seed: 5))
        },
        HostileCase("attachment id with a path", .refused(.badRequest, "invalid_id")) { f in
            f.getAttachment("..%2F..%2Fetc%2Fpasswd")
        },
        HostileCase("upload offset that is not one", .refused(.badRequest, "invalid_offset")) { f in
            f.putAttachment(f.attachments.liar.description, offset: "-1", f.attachments.liarBytes)
        },
        HostileCase("empty piece of a whole upload", malformed) { f in
            // Found by schemathesis: a PUT with no body was answered 200 once the upload was whole.
            f.putAttachment(HostileAttachments.id(0x10A).description, [])
        },
        HostileCase("upload past the record's size", .refused(.badRequest, "upload_overrun")) { f in
            f.putAttachment(f.attachments.liar.description, f.attachments.liarBytes + [0])
        },
    ]
}
