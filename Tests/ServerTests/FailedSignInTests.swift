import FieldSyncServer
import FieldSyncShared
import FieldSyncTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@Suite("failed sign-ins")
struct FailedSignInTests {
    @Test func aClientIsHeldBackAfterTooManyFailuresUntilTheWindowEnds() {
        var window = FailedSignIns(limit: 3, window: 60)
        for second in 0..<3 {
            #expect(!window.isBlocked(client: "a", at: Double(second)))
            window.recordFailure(client: "a", at: Double(second))
        }
        #expect(window.isBlocked(client: "a", at: 10))
        #expect(!window.isBlocked(client: "b", at: 10), "other clients are not affected")
        #expect(!window.isBlocked(client: "a", at: 60), "the window ends a minute after its first failure")
        window.recordFailure(client: "a", at: 61)
        #expect(!window.isBlocked(client: "a", at: 62), "a new window starts afresh")
    }

    @Test func wrongTokensGet429AfterTheLimitAndARightTokenAlsoWaits() async throws {
        var configuration = ServerConfiguration()
        configuration.failedSignInLimit = 5
        configuration.failedSignInWindow = 3600
        try await TestServer.with(configuration: configuration) { server in
            let good = try await server.token("chen", region: .south).secret
            try await server.test { client in
                for _ in 0..<5 {
                    let response = try await client.execute(
                        uri: "/v1/pull", method: .get, headers: [.authorization: "Bearer fs_wrong"], body: nil)
                    #expect(response.status == .unauthorized)
                }
                let blocked = try await client.execute(
                    uri: "/v1/pull", method: .get,
                    headers: [
                        .authorization: "Bearer \(good)",
                        HTTPField.Name(SyncHeader.replica)!: String(repeating: "a", count: 32),
                    ],
                    body: nil)
                #expect(blocked.status == .tooManyRequests)
                let body = try JSONDecoder().decode(ErrorBody.self, from: Data(blocked.body.readableBytesView))
                #expect(body.error.code == "too_many_failures")
            }
        }
    }
}
