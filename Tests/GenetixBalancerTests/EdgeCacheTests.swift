import Foundation
import GenetixBalancer
import GenetixCore
import GenetixNet
import Testing

@Suite struct EdgeCacheTests {
    @Test func missThenHitThen304OnIfNoneMatch() async throws {
        let backend = try TestBackend()
        let fixture = try BalancerFixture(backends: [backend.address])
        defer { Task { await fixture.stop(); await backend.stop() } }
        // The client reuses one keep-alive connection, so every request lands on the same loop and its part of the cache.
        let first = try await fixture.get("/static/app.css")
        #expect(first.status == 200)
        #expect(first.headers["X-Cache"] == "MISS")
        let etag = try #require(first.headers["ETag"])
        let second = try await fixture.get("/static/app.css")
        #expect(second.status == 200)
        #expect(second.headers["X-Cache"] == "HIT")
        #expect(second.text == first.text)
        #expect(backend.counters.cacheable.load(ordering: .relaxed) == 1)
        let conditional = try await fixture.get("/static/app.css", headers: ["If-None-Match": etag])
        #expect(conditional.status == 304)
        #expect(conditional.body.isEmpty)
        #expect(backend.counters.cacheable.load(ordering: .relaxed) == 1)
        let status = fixture.balancer.proxy.cacheStatistics.status
        #expect(status.hits == 2)
        #expect(status.misses == 1)
        #expect(status.entries == 1)
    }

    @Test func noStoreIsNeverCached() async throws {
        let backend = try TestBackend()
        let fixture = try BalancerFixture(backends: [backend.address]) { $0.cachePrefixes = ["/"] }
        defer { Task { await fixture.stop(); await backend.stop() } }
        for _ in 0..<3 {
            let r = try await fixture.get("/nostore")
            #expect(r.status == 200)
            #expect(r.headers["X-Cache"] == "MISS")
        }
        #expect(backend.counters.cacheable.load(ordering: .relaxed) == 3)
        #expect(fixture.balancer.proxy.cacheStatistics.status.entries == 0)
    }

    @Test func purgeEmptiesAPrefixOnly() async throws {
        let backend = try TestBackend()
        let fixture = try BalancerFixture(backends: [backend.address]) { $0.cachePrefixes = ["/static/", "/cached/"] }
        defer { Task { await fixture.stop(); await backend.stop() } }
        for path in ["/static/a.js", "/static/b.js", "/cached/page"] { _ = try await fixture.get(path) }
        #expect(fixture.balancer.proxy.cacheStatistics.status.entries == 3)
        let result = try await fixture.action("purge", .object(["prefix": .string("/static/")]))
        #expect(result["removed"]?.intValue == 2)
        #expect(fixture.balancer.proxy.cacheStatistics.status.entries == 1)
        #expect(try await fixture.get("/static/a.js").headers["X-Cache"] == "MISS")
        #expect(try await fixture.get("/cached/page").headers["X-Cache"] == "HIT")
    }

    @Test func requestsWithAuthorizationGetOnlyPublicAnswersFromTheSharedCache() async throws {
        let backend = try TestBackend()
        let fixture = try BalancerFixture(backends: [backend.address]) { $0.cachePrefixes = ["/"] }
        defer { Task { await fixture.stop(); await backend.stop() } }
        // `public` says a shared cache may keep it even for a request with credentials.
        let first = try await fixture.get("/cached/x", headers: ["Authorization": "Bearer t"])
        #expect(first.headers["X-Cache"] == "MISS")
        #expect(try await fixture.get("/cached/x", headers: ["Authorization": "Bearer u"]).headers["X-Cache"] == "HIT")
        // Without `public`, never.
        _ = try await fixture.get("/api/whoami", headers: ["Authorization": "Bearer t"])
        #expect(fixture.balancer.proxy.cacheStatistics.status.entries == 1)
    }
}
