import FieldSyncServer
import FieldSyncShared
import FieldSyncTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Headquarters sees the photos and scans: the drill-down and the inspection name the attachments
/// of the records they list, only those in the caller's scope, and their bytes go through the
/// same scope check as the API's, with the dashboard's sign-in cookie.
@Suite struct DashboardAttachmentTests {
    static let photo: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0] + Array("a photo of a torn opinion card".utf8)
    static let southCard = RecordID.test(11)
    static let northCard = RecordID.test(21)
    static let southPhoto = RecordID.test(12)
    static let southScan = RecordID.test(13)
    static let northPhoto = RecordID.test(22)

    /// An unsatisfied card of November and its customer, written by `replica`'s writes 1 to 3.
    static func card(_ id: RecordID, customer: RecordID, region: Region, replica: ReplicaID) -> [WireRecord] {
        [
            .customer(customer, region: region, dot: replica.dot(1)),
            WireRecord.opinionCard(id, customer: customer, region: region, rating: 1, dot: replica.dot(2))
                .writing(["filled_at": "2026-11-05T10:00:00+08:00"], dot: replica.dot(3)),
        ]
    }

    static func attachment(
        _ id: RecordID, of card: RecordID, region: Region, bytes: [UInt8], type: AttachmentMediaType, name: String,
        dot: Dot
    ) -> WireRecord {
        var state = RecordState()
        state.write(
            [
                "parent_kind": "opinion_card", "parent": .string(card.description), "region": .string(region.rawValue),
                "digest": .string(AttachmentDigest.of(bytes)), "size": .int(Int64(bytes.count)),
                "media_type": .string(type.rawValue), "file_name": .string(name), "caption": "torn corner",
                "attached_by": "chen jie",
            ], dot: dot)
        return WireRecord(id: id, kind: RecordKind.attachment.rawValue, state: state)
    }

    static func page(_ client: some TestClientProtocol, _ uri: String, token: String) async throws -> String {
        let response = try await client.execute(
            uri: uri, method: .get, headers: [.cookie: "fieldsync_token=\(token)"], body: nil)
        #expect(response.status == .ok, "\(uri)")
        return String(buffer: response.body)
    }

    static func bytes(_ client: some TestClientProtocol, _ id: RecordID, cookie: String?) async throws -> TestResponse {
        var headers = HTTPFields()
        if let cookie { headers[.cookie] = "fieldsync_token=\(cookie)" }
        return try await client.execute(uri: "/dashboard/attachments/\(id)", method: .get, headers: headers, body: nil)
    }

    @Test func pagesNameInScopeAttachmentsOnlyAndServeTheirBytesThroughTheSameScopeCheck() async throws {
        try await TestServer.with { server in
            let south = try await server.token("chen jie", role: .technician, region: .south).secret
            let north = try await server.token("north office", role: .office, region: .north).secret
            let hq = try await server.token("headquarters", role: .hq, region: nil).secret
            let southReplica = TestReplicas.first
            let northReplica = TestReplicas.second
            try await server.test { client in
                let scan = Array("%PDF-1.7\nnot sent yet".utf8)
                _ = try await client.pushed(
                    Self.card(Self.southCard, customer: .test(10), region: .south, replica: southReplica)
                        + [
                            Self.attachment(
                                Self.southPhoto, of: Self.southCard, region: .south, bytes: Self.photo, type: .jpeg,
                                name: "south-card.jpg", dot: southReplica.dot(4)),
                            Self.attachment(
                                Self.southScan, of: Self.southCard, region: .south, bytes: scan, type: .pdf,
                                name: "later-scan.pdf", dot: southReplica.dot(5)),
                        ], token: south, replica: southReplica)
                _ = try await client.pushed(
                    Self.card(Self.northCard, customer: .test(20), region: .north, replica: northReplica)
                        + [
                            Self.attachment(
                                Self.northPhoto, of: Self.northCard, region: .north, bytes: Self.photo, type: .jpeg,
                                name: "north-card.jpg", dot: northReplica.dot(4))
                        ], token: north, replica: northReplica)
                for (id, token) in [(Self.southPhoto, south), (Self.northPhoto, north)] {
                    let put = try await AttachmentRouteTests.put(client, id, offset: 0, Self.photo, token: token)
                    #expect(put.status == .ok)
                }

                // Headquarters' drill-down of the south: the photo as a picture through the scoped
                // route, the scan not uploaded yet, nothing of the north.
                let drill = try await Self.page(
                    client, "/dashboard/records?figure=customer_satisfaction&period=2026-11&region=south&lang=en",
                    token: hq)
                #expect(drill.contains(#"<img src="/dashboard/attachments/\#(Self.southPhoto)""#))
                #expect(drill.contains("south-card.jpg") && drill.contains("torn corner") && drill.contains("chen jie"))
                #expect(drill.contains("later-scan.pdf") && drill.contains("not uploaded yet"))
                #expect(
                    !drill.contains(#"href="/dashboard/attachments/\#(Self.southScan)""#), "no link to missing bytes")
                #expect(!drill.contains("north-card.jpg") && !drill.contains(Self.northPhoto.description))

                // The north office sees its own, never the south's, on both pages.
                for uri in [
                    "/dashboard/records?figure=customer_satisfaction&period=2026-11&lang=en",
                    "/dashboard/inspection?period=2026-11&lang=en",
                ] {
                    let page = try await Self.page(client, uri, token: north)
                    #expect(page.contains("north-card.jpg"), "\(uri)")
                    #expect(!page.contains("south-card.jpg") && !page.contains("later-scan.pdf"), "\(uri)")
                }
                // The south technician's inspection names the south's.
                let inspection = try await Self.page(
                    client, "/dashboard/inspection?period=2026-11&lang=en", token: south)
                #expect(inspection.contains("south-card.jpg") && inspection.contains("later-scan.pdf"))
                #expect(!inspection.contains("north-card.jpg"))

                // The bytes: the south's session and headquarters' get them; the north's session gets
                // the answer of no such attachment; no session, a sign-in error; missing bytes, a 404.
                for token in [south, hq] {
                    let whole = try await Self.bytes(client, Self.southPhoto, cookie: token)
                    #expect(whole.status == .ok && Array(whole.body.readableBytesView) == Self.photo)
                    #expect(whole.headers[.contentType] == "image/jpeg")
                }
                let refused = try await Self.bytes(client, Self.southPhoto, cookie: north)
                #expect(refused.status == .notFound && refused.error?.code == "unknown_attachment")
                #expect(Array(refused.body.readableBytesView) != Self.photo)
                let anonymous = try await Self.bytes(client, Self.southPhoto, cookie: nil)
                #expect(anonymous.status == .unauthorized)
                let missing = try await Self.bytes(client, Self.southScan, cookie: hq)
                #expect(missing.status == .notFound && missing.error?.code == "bytes_not_uploaded")
                let own = try await Self.bytes(client, Self.northPhoto, cookie: north)
                #expect(own.status == .ok)
            }
        }
    }
}
