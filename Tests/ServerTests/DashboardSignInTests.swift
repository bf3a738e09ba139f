import FieldSyncServer
import FieldSyncShared
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// The dashboard's sign-in cookie, set and read through Hummingbird's cookie API.
@Suite struct DashboardSignInTests {
    /// The cookie's attributes, by name (`HttpOnly` has no value).
    static func attributes(_ setCookie: String) -> [String: String] {
        var out = [String: String]()
        for part in setCookie.split(separator: ";").dropFirst() {
            let pair = part.trimmingWhitespace().split(separator: "=", maxSplits: 1)
            out[String(pair[0])] = pair.count == 2 ? String(pair[1]) : ""
        }
        return out
    }

    @Test(arguments: [false, true])
    func signInSetsAStrictHttpOnlyCookieSecureOverHTTPS(_ https: Bool) async throws {
        var configuration = ServerConfiguration()
        if https {
            configuration.tlsCertificate = "/etc/fieldsync/server.pem"
            configuration.tlsKey = "/etc/fieldsync/server.key"
        }
        try await TestServer.with(configuration: configuration) { server in
            let hq = try await server.token("headquarters", role: .hq, region: nil).secret
            try await server.test { client in
                let signIn = try await client.execute(
                    uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                    body: ByteBuffer(string: "token=\(hq)"))
                #expect(signIn.status == .seeOther && signIn.headers[.location] == "/dashboard")
                let cookies = signIn.headers[values: .setCookie]
                #expect(cookies.count == 1 && cookies[0].hasPrefix("fieldsync_token=\(hq);"), "\(cookies)")
                let set = Self.attributes(cookies.first ?? "")
                #expect(set["HttpOnly"] == "" && set["SameSite"] == "Strict" && set["Path"] == "/", "\(set)")
                #expect(set["Max-Age"] == nil, "a session cookie")
                #expect((set["Secure"] != nil) == https, "\(set)")

                // The browser sends it back among others; the dashboard opens.
                let page = try await client.execute(
                    uri: "/dashboard?lang=en", method: .get,
                    headers: [.cookie: "theme=dark; fieldsync_token=\(hq); lang=en"], body: nil)
                #expect(page.status == .ok)
                #expect(String(buffer: page.body).contains("Service targets"))

                let signOut = try await client.execute(
                    uri: "/logout", method: .get, headers: [.cookie: "fieldsync_token=\(hq)"], body: nil)
                let cleared = signOut.headers[values: .setCookie]
                #expect(cleared.count == 1 && cleared[0].hasPrefix("fieldsync_token=;"), "\(cleared)")
                let clear = Self.attributes(cleared.first ?? "")
                #expect(clear["Max-Age"] == "0" && clear["Path"] == "/" && clear["HttpOnly"] == "", "\(clear)")
                #expect((clear["Secure"] != nil) == https, "\(clear)")
            }
        }
    }
}
