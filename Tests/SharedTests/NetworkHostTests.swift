import FieldSyncShared
import Testing

@Suite struct NetworkHostTests {
    @Test(arguments: [
        "127.0.0.1", "127.8.9.10", "localhost", "LOCALHOST.", "box.localhost", "::1", "[::1]", "0:0:0:0:0:0:0:1",
        "::ffff:127.0.0.1",
    ])
    func loopback(_ host: String) {
        #expect(NetworkHost(host).reach == .loopback)
    }

    @Test(arguments: [
        "10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.254", "192.168.1.20", "169.254.3.4",
        "fd00::5", "[fc12:3456::1]", "fe80::1", "fe80::1%eth0", "febf::1", "::ffff:192.168.0.9",
        "nas.local", "sync.lan", "fieldsync.corp.internal", "server.home.arpa",
    ])
    func privateNetwork(_ host: String) {
        #expect(NetworkHost(host).reach == .privateNetwork)
    }

    @Test(arguments: [
        "example.com", "sync.example.com", "8.8.8.8", "172.15.0.1", "172.32.0.1", "192.169.0.1", "11.0.0.1",
        "100.64.0.1", "0.0.0.0", "::", "2001:db8::1", "fec0::1", "::ffff:8.8.8.8",
        // Not plainly local: a search domain may make a bare name public; odd forms of addresses.
        "fieldsync", "local", ".lan", "localhost.example.com", "example.local.com",
        "127.1", "0127.0.0.1", "0x7f.0.0.1", "127.0.0.256", "1:2:3", "1::2::3", "12345::1", "",
    ])
    func internet(_ host: String) {
        #expect(NetworkHost(host).reach == .internet)
    }

    @Test func hostOfAURL() {
        #expect(NetworkHost(url: "http://127.0.0.1:8080/v1")?.reach == .loopback)
        #expect(NetworkHost(url: "http://[::1]:8080")?.name == "::1")
        #expect(NetworkHost(url: "HTTP://User:pw@192.168.1.2:80/x?y#z")?.name == "192.168.1.2")
        #expect(NetworkHost(url: "https://sync.example.com")?.reach == .internet)
        #expect(NetworkHost(url: "http://sync.lan/")?.reach == .privateNetwork)
        // The host is what follows the last @, not a user name that looks local.
        #expect(NetworkHost(url: "http://localhost@evil.example.com/")?.reach == .internet)
        #expect(NetworkHost(url: "http://127.0.0.1%2eexample.com/")?.reach == .internet)
        #expect(NetworkHost(url: "http://[fe80::1%25eth0]:8080/")?.reach == .privateNetwork)
        #expect(NetworkHost(url: "ftp://localhost") == nil)
        #expect(NetworkHost(url: "http://") == nil)
        #expect(NetworkHost(url: "http://[::1") == nil)
    }
}
