import Foundation
@testable import GenetixBalancer
import GenetixCore
import GenetixNet
import Testing

/// The shared cache's bookkeeping without sockets: the size bound under eviction, CLOCK's second chance for entries
/// in use, purges, and `Vary` replacing an unvaried copy.
@Suite struct SharedEdgeCacheTests {
    static func request(_ target: String, _ headers: HTTPHeaders = ["Host": "edge"]) -> HTTPRequest {
        HTTPRequest(head: HTTPRequestHead(method: "GET", target: target, headers: headers))
    }

    static let headers: HTTPHeaders = ["Cache-Control": "public, max-age=60"]

    @Test func evictionKeepsEveryShardUnderItsLimitAndTheFiguresTrue() {
        let stats = CacheStatistics(limitBytes: 64 * 1024)
        let cache = SharedEdgeCache(prefixes: ["/static/"], limitBytes: 64 * 1024, statistics: stats, shardCount: 4)
        var stored: [CachedResponse] = []
        for i in 0..<400 {
            let r = Self.request("/static/\(i).js")
            if let e = cache.store(request: r, base: SharedEdgeCache.baseKey(r), headers: Self.headers, body: Array(repeating: 0x61, count: 900),
                                   etag: nil, now: 1, freshUntil: 1_000_000_000_000) { stored.append(e) }
        }
        #expect(stored.count == 400)
        let live = stored.filter { !$0.isEvicted }
        #expect(stats.status.entries == live.count)
        #expect(Int(stats.status.bytes) == live.reduce(0) { $0 + $1.size })
        #expect(stats.status.bytes <= 64 * 1024)
        #expect(live.count > 40 && live.count < 400)
        // Each live entry is still found; each evicted one is not.
        for e in stored.prefix(50) {
            let r = Self.request(e.target)
            let found: CachedResponse? = if case .fresh(let f) = cache.lookup(r, base: e.baseKey, now: 2, coalesce: false, makeWaiter: { fatalError() }) { f } else { nil }
            #expect((found === e) == !e.isEvicted)
        }
        #expect(cache.purge(prefix: "/static/") == live.count)
        #expect(stats.status.entries == 0 && stats.status.bytes == 0)
        #expect(stored.allSatisfy { $0.isEvicted })
    }

    @Test func anEntryInUseOutlivesUnusedOnes() throws {
        let stats = CacheStatistics(limitBytes: 8 * 1024)
        let cache = SharedEdgeCache(prefixes: ["/"], limitBytes: 8 * 1024, statistics: stats, shardCount: 1)
        func put(_ i: Int) -> CachedResponse? {
            let r = Self.request("/o/\(i)")
            return cache.store(request: r, base: SharedEdgeCache.baseKey(r), headers: Self.headers, body: Array(repeating: 0x62, count: 1500),
                               etag: nil, now: 1, freshUntil: 1_000_000_000_000)
        }
        let hot = try #require(put(0))
        for i in 1..<30 {
            hot.touch()  // a hit between every store
            _ = put(i)
        }
        #expect(!hot.isEvicted, "the entry hit all along was evicted")
        #expect(stats.status.bytes <= 8 * 1024)
    }

    @Test func aVaryingAnswerReplacesTheUnvariedCopy() {
        let stats = CacheStatistics(limitBytes: 1 << 20)
        let cache = SharedEdgeCache(prefixes: ["/"], limitBytes: 1 << 20, statistics: stats)
        let plainRequest = Self.request("/page")
        let base = SharedEdgeCache.baseKey(plainRequest)
        let plain = cache.store(request: plainRequest, base: base, headers: Self.headers, body: Array("plain".utf8), etag: nil, now: 1,
                                freshUntil: 1_000_000_000_000)
        var varying = Self.headers
        varying.add("Vary", "Accept-Language")
        let french = Self.request("/page", ["Host": "edge", "Accept-Language": "fr"])
        let fr = cache.store(request: french, base: base, headers: varying, body: Array("bonjour".utf8), etag: nil, now: 1,
                             freshUntil: 1_000_000_000_000)
        #expect(plain?.isEvicted == true)
        #expect(fr?.varies == true)
        #expect(stats.status.entries == 1)
        let german = Self.request("/page", ["Host": "edge", "Accept-Language": "de"])
        if case .fetch = cache.lookup(german, base: base, now: 2, coalesce: false, makeWaiter: { fatalError() }) {} else {
            Issue.record("another language got the French copy")
        }
    }
}
