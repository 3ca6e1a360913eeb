import Foundation
import GenetixBalancer
import GenetixCore
import GenetixNet
import Testing

/// Issue 18: one edge cache per node, shared by every loop; request coalescing; stale-while-revalidate and
/// stale-if-error; their counters in status and metrics. Real sockets, a real backend, a balancer with two loops.
@Suite struct SharedCacheTests {
    /// The loop that answered, from the balancer's request id (`PREFIX-LOOP-COUNTER`).
    static func loopIndex(_ response: HTTPClientResponse) -> Substring? {
        response.headers["X-Request-Id"]?.split(separator: "-").dropFirst().first
    }

    @Test func anObjectCostsOneBackendFetchPerNodeWhicheverLoopAnswers() async throws {
        let backend = try TestBackend()
        let fixture = try BalancerFixture(backends: [backend.address])
        defer { Task { await fixture.stop(); await backend.stop() } }
        var loops: Set<Substring> = []
        var answers = 0
        // A fresh connection per request, until both loops have answered (the kernel picks the loop of each).
        while loops.count < 2, answers < 400 {
            let client = HTTPClient(configuration: HTTPClientConfiguration(timeout: .seconds(10)))
            let response = try await client.get(fixture.url("/static/shared.css"))
            await client.shutdown()
            #expect(response.status == 200 && response.text == "asset /static/shared.css")
            #expect(response.headers["X-Cache"] == (answers == 0 ? "MISS" : "HIT"))
            if let loop = Self.loopIndex(response) { loops.insert(loop) }
            answers += 1
        }
        try #require(loops.count == 2, "only loop(s) \(loops) answered in \(answers) connections")
        #expect(backend.counters.cacheable.load(ordering: .relaxed) == 1, "fetched once per loop, not once per node")
        let status = fixture.balancer.proxy.cacheStatistics.status
        #expect(status.entries == 1)
        #expect(status.misses == 1 && status.hits == Int64(answers - 1))
    }

    @Test func aHundredConcurrentMissesMakeOneBackendRequest() async throws {
        let backend = try TestBackend()
        let fixture = try BalancerFixture(backends: [backend.address])
        defer { Task { backend.counters.openGate(); await fixture.stop(); await backend.stop() } }
        let client = HTTPClient(configuration: HTTPClientConfiguration(timeout: .seconds(60), maxIdlePerOrigin: 128))
        let url = fixture.url("/static/gated.css")
        let burst = Task {
            try await withThrowingTaskGroup(of: HTTPClientResponse.self) { group in
                for _ in 0..<100 { group.addTask { try await client.get(url) } }
                var all: [HTTPClientResponse] = []
                for try await r in group { all.append(r) }
                return all
            }
        }
        // The backend holds the one request it got until the other 99 are waiting for it.
        let stats = fixture.balancer.proxy.cacheStatistics
        let allWaiting = await fixture.eventually(within: .seconds(30)) { stats.status.coalesced == 99 }
        backend.counters.openGate()
        let responses = try await burst.value
        await client.shutdown()
        #expect(allWaiting, "coalesced \(stats.status.coalesced) of 99, backend saw \(backend.counters.gated.load(ordering: .relaxed))")
        #expect(backend.counters.gated.load(ordering: .relaxed) == 1)
        #expect(responses.count == 100)
        #expect(responses.allSatisfy { $0.status == 200 && $0.text == "body { color: teal }" })
        #expect(responses.filter { $0.headers["X-Cache"] == "MISS" }.count == 1)
        // The counters, in the status and in the metrics.
        let status = try #require(await fixture.node.status().cache)
        #expect(status.coalesced == 99 && status.misses == 1 && status.entries == 1)
        #expect(fixture.metrics.prometheusText().contains("balancer_cache_coalesced_total 99"))
    }

    /// An object found uncacheable is not coalesced for a while: its requests reach the backend side by side (the
    /// backend answers the second and third only once both are there) instead of queueing behind one another.
    @Test func missesForAnUncacheableObjectDoNotQueueBehindEachOther() async throws {
        let backend = try TestBackend()
        let fixture = try BalancerFixture(backends: [backend.address])
        defer { Task { await fixture.stop(); await backend.stop() } }
        #expect(try await fixture.get("/static/pass.css").text == "uncacheable")
        let client = HTTPClient(configuration: HTTPClientConfiguration(timeout: .seconds(20)))
        let url = fixture.url("/static/pass.css")
        async let a = client.get(url)
        async let b = client.get(url)
        let (ra, rb) = try await (a, b)
        await client.shutdown()
        #expect(ra.status == 200 && rb.status == 200)
        #expect(backend.counters.passSeen.load(ordering: .relaxed) == 3)
        #expect(fixture.balancer.proxy.cacheStatistics.status.coalesced == 0)
    }

    @Test func staleIfErrorServesTheLastCopyWithinItsWindowThenFails() async throws {
        let backend = try TestBackend()
        let fixture = try BalancerFixture(backends: [backend.address])
        defer { Task { await fixture.stop(); await backend.stop() } }
        let first = try await fixture.get("/static/sie.css")
        #expect(first.headers["X-Cache"] == "MISS" && first.text == "version 1")
        await backend.kill()
        // max-age=1, stale-if-error=6: fresh hits, then the stale copy with a warning, then an error.
        var sawStale = false
        var final: HTTPClientResponse?
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let r = try await fixture.get("/static/sie.css")
            if r.status == 200 {
                #expect(r.text == "version 1")
                if r.headers["X-Cache"] == "STALE" {
                    sawStale = true
                    #expect(r.headers["Warning"] == "111 - \"Revalidation Failed\"")
                } else {
                    #expect(r.headers["X-Cache"] == "HIT" && !sawStale, "a fresh hit after a stale answer: \(r.headers)")
                }
            } else {
                final = r
                break
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(sawStale, "the stale copy was never served while the backend was down")
        let status = try #require(final?.status, "still answering from the cache after the stale-if-error window")
        #expect([502, 503, 504].contains(status))
        #expect(fixture.balancer.proxy.cacheStatistics.status.stale > 0)
        #expect(fixture.metrics.prometheusText().contains("balancer_cache_stale_total"))
    }

    @Test func staleWhileRevalidateAnswersAtOnceAndRefreshesInTheBackground() async throws {
        let backend = try TestBackend()
        let fixture = try BalancerFixture(backends: [backend.address])
        defer { Task { await fixture.stop(); await backend.stop() } }
        #expect(try await fixture.get("/static/swr.css").text == "version 1")
        var sawStale = false, refreshed = false
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline, !refreshed {
            let r = try await fixture.get("/static/swr.css")
            #expect(r.status == 200)
            if r.headers["X-Cache"] == "STALE" {
                sawStale = true
                #expect(r.text == "version 1" && r.headers["Warning"] == "110 - \"Response is Stale\"")
            } else if r.text == "version 2" {
                refreshed = true
                #expect(sawStale && (r.headers["X-Cache"] == "HIT" || r.headers["X-Cache"] == "MISS"), "\(r.headers)")
            } else {
                #expect(r.text == "version 1" && r.headers["X-Cache"] == "HIT" && !sawStale, "\(r.text) \(r.headers)")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(sawStale && refreshed)
        // One refresh for any number of stale answers.
        #expect(backend.counters.versions.load(ordering: .relaxed) == 2)
    }
}
