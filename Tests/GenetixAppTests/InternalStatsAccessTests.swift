@testable import GenetixApp
import GenetixNet
import Testing

/// Who may read a worker's `/internal/stats`: its supervisor on the same host, connecting over loopback or to the
/// worker's own listen address (app hosts whose workers listen on their network address) — nobody else.
struct InternalStatsAccessTests {
    private func request(from host: String, forwarded: Bool = false) -> HTTPRequest {
        var headers = HTTPHeaders()
        if forwarded { headers.add("X-Forwarded-For", "203.0.113.9") }
        return HTTPRequest(head: HTTPRequestHead(method: "GET", target: "/internal/stats", headers: headers),
                           remote: SocketAddress(host: host, port: 40000))
    }

    @Test func loopbackIsAllowedWhateverTheListenHost() {
        #expect(Webapp.isFromOwnHost(request(from: "127.0.0.1"), ownHost: nil))
        #expect(Webapp.isFromOwnHost(request(from: "::1"), ownHost: "10.213.0.11"))
    }

    @Test func theWorkersOwnNetworkAddressIsAllowed() {
        #expect(Webapp.isFromOwnHost(request(from: "10.213.0.11"), ownHost: "10.213.0.11"))
        #expect(Webapp.isFromOwnHost(request(from: "::ffff:10.213.0.11"), ownHost: "10.213.0.11"))
    }

    @Test func otherHostsAndForwardedRequestsAreRefused() {
        #expect(!Webapp.isFromOwnHost(request(from: "10.213.0.2"), ownHost: "10.213.0.11"))
        #expect(!Webapp.isFromOwnHost(request(from: "10.213.0.11", forwarded: true), ownHost: "10.213.0.11"))
        #expect(!Webapp.isFromOwnHost(request(from: "127.0.0.1", forwarded: true), ownHost: nil))
        #expect(!Webapp.isFromOwnHost(request(from: "10.213.0.2"), ownHost: "0.0.0.0"))
    }
}
