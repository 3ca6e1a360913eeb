import Foundation
import GenetixBalancer
import GenetixCore
import GenetixNet
import Testing

/// Issue 15: the edge cache's defaults cannot leak one customer's answer to another. The backend's `/api/whoami`
/// answers who the caller is with `Cache-Control: max-age=60` and no `public` — the mistake a cache must survive.
@Suite struct CachePrivacyTests {
    @Test func theDefaultPrefixIsTheStaticAssetsOnly() async throws {
        #expect(BalancerConfiguration(name: "x", listen: SocketAddress(host: "127.0.0.1", port: 0)).cachePrefixes == ["/static/"])
        let backend = try TestBackend()
        let fixture = try BalancerFixture(backends: [backend.address])
        defer { Task { await fixture.stop(); await backend.stop() } }
        let anonymous = try await fixture.get("/api/whoami")
        #expect(anonymous.headers["X-Cache"] == nil, "an API path is cache-eligible by default")
        #expect(try await fixture.get("/cached/page").headers["X-Cache"] == nil)
        #expect(try await fixture.get("/static/app.css").headers["X-Cache"] == "MISS")
        #expect(try await fixture.get("/static/app.css").headers["X-Cache"] == "HIT")
    }

    /// Even with every path opened to the cache (`--cache-prefix /`), two customers see their own answers.
    @Test(arguments: ["Cookie", "Authorization"])
    func twoCustomersNeverSeeEachOthersAnswers(field: String) async throws {
        let backend = try TestBackend()
        let fixture = try BalancerFixture(backends: [backend.address]) { $0.cachePrefixes = ["/"] }
        defer { Task { await fixture.stop(); await backend.stop() } }
        let alice = field == "Cookie" ? "session=alice" : "Bearer alice"
        let bob = field == "Cookie" ? "session=bob" : "Bearer bob"
        for _ in 0..<3 {
            let a = try await fixture.get("/api/whoami", headers: [field: alice])
            let b = try await fixture.get("/api/whoami", headers: [field: bob])
            #expect(a.text == "you are \(alice)")
            #expect(b.text == "you are \(bob)")
            #expect(a.headers["X-Cache"] != "HIT" && b.headers["X-Cache"] != "HIT")
        }
        // An anonymous answer stored meanwhile is not served to a customer either.
        _ = try await fixture.get("/api/whoami")
        #expect(try await fixture.get("/api/whoami").headers["X-Cache"] == "HIT")
        #expect(try await fixture.get("/api/whoami", headers: [field: alice]).text == "you are \(alice)")
        #expect(fixture.balancer.proxy.cacheStatistics.status.entries == 1)
    }

    @Test func aResponseThatSetsACookieIsNeverStored() async throws {
        let backend = try TestBackend()
        let fixture = try BalancerFixture(backends: [backend.address])
        defer { Task { await fixture.stop(); await backend.stop() } }
        for _ in 0..<3 {
            let r = try await fixture.get("/static/login-page")
            #expect(r.headers["X-Cache"] == "MISS")
            #expect(r.headers["Set-Cookie"] != nil)
        }
        #expect(backend.counters.cacheable.load(ordering: .relaxed) == 3)
        #expect(fixture.balancer.proxy.cacheStatistics.status.entries == 0)
    }

    @Test func aPublicAssetIsSharedWithCustomersThatSendCookies() async throws {
        let backend = try TestBackend()
        let fixture = try BalancerFixture(backends: [backend.address])
        defer { Task { await fixture.stop(); await backend.stop() } }
        #expect(try await fixture.get("/static/app.js", headers: ["Cookie": "session=alice"]).headers["X-Cache"] == "MISS")
        #expect(try await fixture.get("/static/app.js", headers: ["Cookie": "session=bob"]).headers["X-Cache"] == "HIT")
        #expect(backend.counters.cacheable.load(ordering: .relaxed) == 1)
    }
}
