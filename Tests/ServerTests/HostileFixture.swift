import FieldSyncServer
import FieldSyncShared
import FieldSyncTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore

/// The server every hostile case meets, and the requests the cases start from.
///
/// Held before the case: three south customers' worth of history and one north customer, so
/// that stale, forged and out-of-scope writes each have a record to aim at.
struct HostileFixture: Sendable {
    /// SQL that would do damage if any layer built a statement from text.
    static let sqlText = "x'); DROP TABLE record; --"

    let people: SyncRoutesTests.People
    /// A second south technician, with a replica of its own.
    let colleague: String
    let revoked: String
    /// South customer 1: name and region written by the south replica's write 1, phone by its write 3.
    let southCustomer: WireRecord
    /// South customer 2, whose phone headquarters' replica wrote last.
    let sharedCustomer: WireRecord
    let northCustomer: WireRecord
    /// The colleague's replica, which has synced twice with a handshake: the server remembers
    /// both epochs (the older and the current) and a mark of 5.
    let copied: ReplicaID
    let olderEpoch: Epoch
    let currentEpoch: Epoch
    /// The attachments the attachment cases aim at (`HostileFixture+Attachments.swift`).
    let attachments: HostileAttachments

    var secrets: [String] { [people.south, people.north, people.hq, colleague, revoked] + attachments.secrets }
    var south: ReplicaID { people.southReplica }

    static func seed(_ server: TestServer) async throws -> HostileFixture {
        let (people, seeded) = try await SyncRoutesTests.seed(server)
        let colleague = try await server.token("south colleague", region: .south).secret
        let revoked = try await server.token("lost phone", region: .south).secret
        _ = try await server.store.revokeToken("lost phone", now: TestServer.now)
        let southCustomer = seeded[0].writing(["phone": "020-1"], dot: people.southReplica.dot(3))
        let sharedCustomer = seeded[1].writing(["phone": "020-2"], dot: people.hqReplica.dot(1))
        let northCustomer = WireRecord.customer(
            .test(3), region: .north, name: "Beijing Memorial Park", dot: people.northReplica.dot(1))
        let copied = ReplicaID(high: 0x51, low: 1)
        let epochs = try await server.test { client in
            try await client.pushed([southCustomer], token: people.south, replica: people.southReplica)
            try await client.pushed([sharedCustomer], token: people.hq, replica: people.hqReplica)
            try await client.pushed([northCustomer], token: people.north, replica: people.northReplica)
            // Two syncs of the colleague's replica, each shown on a pull: the second epoch is current.
            var epochs = [Epoch]()
            for counter in [UInt64(2), 5] {
                let hello = HelloRequest(replica: copied, epoch: epochs.last, counter: counter, confirmed: 0, cursor: 0)
                var headers = HTTPFields()
                headers[.authorization] = "Bearer \(colleague)"
                headers[.replica] = copied.description
                headers[.contentType] = "application/json"
                let answer = try await client.execute(
                    uri: "/v1/hello", method: .post, headers: headers, body: ByteBuffer(bytes: try JSONText.data(hello))
                )
                let epoch = try answer.json(HelloResponse.self).epoch
                epochs.append(epoch)
                headers[.epoch] = epoch.description
                let pull = try await client.execute(uri: "/v1/pull?after=0", method: .get, headers: headers, body: nil)
                precondition(pull.status == .ok, "the colleague's pull shows its epoch")
            }
            return epochs
        }
        let attachments = try await HostileAttachments.seed(server)
        return HostileFixture(
            people: people, colleague: colleague, revoked: revoked, southCustomer: southCustomer,
            sharedCustomer: sharedCustomer, northCustomer: northCustomer, copied: copied, olderEpoch: epochs[0],
            currentEpoch: epochs[1], attachments: attachments)
    }

    /// The colleague's headers, showing `epoch` when given.
    func copiedHeaders(epoch: String? = nil) -> HTTPFields {
        var headers = headers(token: colleague, replica: copied.description)
        if let epoch { headers[.epoch] = epoch }
        return headers
    }

    /// `POST /v1/hello` of the colleague's replica (or `replica`).
    func hello(_ hello: HelloRequest, headers: HTTPFields? = nil) throws -> HostileRequest {
        HostileRequest(
            method: .post, uri: "/v1/hello", headers: headers ?? copiedHeaders(),
            body: ByteBuffer(bytes: try JSONText.data(hello)))
    }

    // MARK: Records

    /// A new south customer (record 10, the south replica's write 10): what most push cases spoil.
    func newCustomer(_ more: [String: JSONValue] = [:]) -> WireRecord {
        WireRecord.customer(.test(10), region: .south, dot: south.dot(10), more)
    }

    /// A new record of `kind` holding `changes`, written by the south replica's write 10.
    func newRecord(kind: String, _ changes: [String: JSONValue]) -> WireRecord {
        var state = RecordState()
        state.write(changes, dot: south.dot(10))
        return WireRecord(id: .test(10), kind: kind, state: state)
    }

    /// A state built pair by pair: `fields` maps a field to its `(dot, value)` pairs.
    static func state(context: [Dot], _ fields: [String: [(Dot, JSONValue)]]) -> RecordState {
        let vector = VersionVector(Dictionary(context.map { ($0.replica, $0.counter) }, uniquingKeysWith: max))
        let pairs = fields.mapValues { $0.map { DottedValue(dot: $0.0, value: .value($0.1)) } }
        return RecordState(context: vector, fields: pairs)!
    }

    // MARK: Requests

    /// A request's headers: `Authorization: Bearer token`, the replica, the content type; `nil` leaves one out.
    func headers(token: String?, replica: String?, contentType: String? = "application/json") -> HTTPFields {
        var headers = HTTPFields()
        if let token { headers[.authorization] = "Bearer \(token)" }
        if let replica { headers[.replica] = replica }
        if let contentType { headers[.contentType] = contentType }
        return headers
    }

    /// The south technician's headers for a push.
    var southHeaders: HTTPFields { headers(token: people.south, replica: south.description) }

    /// `POST /v1/push` of `records`, as the agent sends it; `stores` for a case that must store them.
    func push(_ records: [WireRecord], headers: HTTPFields? = nil, bodyReplica: ReplicaID? = nil, stores: Bool = false)
        throws
        -> HostileRequest
    {
        let body = try JSONText.data(PushRequest(replica: bodyReplica ?? south, records: records))
        return HostileRequest(
            method: .post, uri: "/v1/push", headers: headers ?? southHeaders, body: ByteBuffer(bytes: body),
            stores: stores ? records : [])
    }

    /// `POST /v1/push` with a body as given.
    func push(raw body: some Sequence<UInt8>, headers: HTTPFields? = nil, stores: [WireRecord] = []) -> HostileRequest {
        HostileRequest(
            method: .post, uri: "/v1/push", headers: headers ?? southHeaders, body: ByteBuffer(bytes: Array(body)),
            stores: stores)
    }

    /// The text of a push of one record, written out so a case can spoil any part of it. By default
    /// it is `newCustomer()`'s push.
    func pushText(
        id: String = RecordID.test(10).description, kind: String = "customer", context: String? = nil,
        fields: String? = nil,
        extraRecordMember: String = "", extraMember: String = ""
    ) -> String {
        let context = context ?? #"[["\#(south)",10]]"#
        let fields = fields ?? #""name":[[0,10,"Huaxia Cemetery"]],"region":[[0,10,"south"]]"#
        return
            #"{"replica":"\#(south)","records":[{"id":"\#(id)","kind":"\#(kind)"\#(extraRecordMember),"state":{"c":\#(context),"f":{\#(fields)}}}]\#(extraMember)}"#
    }

    /// `GET` of `uri` with the south technician's headers unless told otherwise.
    func get(_ uri: String, headers: HTTPFields? = nil) -> HostileRequest {
        HostileRequest(
            method: .get, uri: uri,
            headers: headers ?? self.headers(token: people.south, replica: south.description, contentType: nil),
            body: nil)
    }
}
