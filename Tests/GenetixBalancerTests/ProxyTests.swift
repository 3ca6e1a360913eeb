import Foundation
import GenetixBalancer
import GenetixCore
import GenetixNet
import GenetixTesting
import Glibc
import Testing

@Suite struct ProxyTests {
    @Test func forwardsWithProxyHeadersAndWithoutHopByHopFields() async throws {
        let backend = try TestBackend()
        let fixture = try BalancerFixture(backends: [backend.address])
        defer { Task { await fixture.stop(); await backend.stop() } }
        let r = try await fixture.get("/echo-headers", headers: [
            "X-Forwarded-For": "10.0.0.9", "Connection": "X-Secret", "X-Secret": "hop", "Keep-Alive": "timeout=1",
            "Proxy-Authorization": "Basic x", "TE": "trailers", "X-Keep": "yes",
        ])
        #expect(r.status == 200)
        let seen = backend.counters.lastHeaders.withLock { $0 }
        #expect(seen["X-Forwarded-For"] == "10.0.0.9, 127.0.0.1")
        #expect(seen["X-Forwarded-Proto"] == "http")
        #expect(seen["Via"] == "1.1 lb-test")
        #expect(seen["X-Keep"] == "yes")
        for hop in ["X-Secret", "Keep-Alive", "Proxy-Authorization", "TE"] { #expect(seen[hop] == nil, "\(hop) reached the backend") }
        let id = try #require(seen["X-Request-Id"])
        // `<6 base-36 digits of randomness>-<loop>-<counter in base 36>`, at most 15 bytes (a small string); the next
        // request on the loop gets the next counter.
        let parts = id.split(separator: "-")
        let base36 = { (part: Substring) in part.allSatisfy { $0.isASCII && ($0.isNumber || $0.isLowercase) } }
        #expect(parts.count == 3 && parts[0].count == 6 && parts.allSatisfy(base36) && id.utf8.count <= 15, "\(id)")
        // The response: the backend's hop-by-hop fields are gone (the backend's own server already drops Connection), Via and the same request id are added.
        #expect(r.headers["Keep-Alive"] == nil)
        #expect(r.headers["Via"] == "1.1 lb-test")
        #expect(r.headers["X-Request-Id"] == id)
        #expect(r.headers["X-Backend"] == "backend-\(backend.port)")
        let next = try #require(try await fixture.get("/echo-headers").headers["X-Request-Id"])
        if parts.count == 3, next.hasPrefix(parts[0] + "-" + parts[1] + "-"), let a = UInt64(parts[2], radix: 36) {
            #expect(next == "\(parts[0])-\(parts[1])-\(String(a + 1, radix: 36))")
        }
        // A request id sent by the client is kept.
        _ = try await fixture.get("/echo-headers", headers: ["X-Request-Id": "abc-123"])
        #expect(backend.counters.lastHeaders.withLock { $0["X-Request-Id"] } == "abc-123")
        // Both appear in the access log.
        fixture.logs.flush()
        let proxyLogDeadline = ContinuousClock.now + .seconds(10)
        var logged = false
        while ContinuousClock.now < proxyLogDeadline, !logged {
            logged = fixture.logs.page(after: 0, limit: 1000).entries.contains { $0.source == "access" && $0.fields["requestId"] == "abc-123" }
            if !logged { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(logged)
    }

    /// An HTTP/1.0 request may carry no `Host`; the request the backend gets is HTTP/1.1, which must, so the proxy
    /// names the backend (as nginx does) instead of forwarding a request a strict backend refuses with 400.
    @Test func http10RequestWithoutHostReachesTheBackendWithOne() async throws {
        let backend = try TestBackend()
        let fixture = try BalancerFixture(backends: [backend.address])
        defer { Task { await fixture.stop(); await backend.stop() } }
        let socket = try RawSocket(port: fixture.port)
        socket.send("GET /echo-headers HTTP/1.0\r\n\r\n")
        let answer = await socket.readAll()
        #expect(answer.hasPrefix("HTTP/1.1 200"), "\(answer)")
        #expect(backend.counters.lastHeaders.withLock { $0["Host"] } == "127.0.0.1:\(backend.port)")
        // A Host the client sent is passed on unchanged, once.
        _ = try await fixture.get("/echo-headers", headers: ["Host": "genetix.example"])
        #expect(backend.counters.lastHeaders.withLock { $0.values("Host") } == ["genetix.example"])
    }

    @Test func roundRobinSpreadsRequestsOverBackends() async throws {
        let a = try TestBackend(), b = try TestBackend()
        let fixture = try BalancerFixture(backends: [a.address, b.address])
        defer { Task { await fixture.stop(); await a.stop(); await b.stop() } }
        for _ in 0..<40 { #expect(try await fixture.get("/").status == 200) }
        #expect(a.seen + b.seen == 40)
        #expect(a.seen >= 10 && b.seen >= 10)
    }

    @Test func ambiguousFramingIsRefusedAtTheEdgeAndNeverReachesABackend() async throws {
        let backend = try TestBackend()
        let fixture = try BalancerFixture(backends: [backend.address])
        defer { Task { await fixture.stop(); await backend.stop() } }
        let socket = try RawSocket(port: fixture.port)
        socket.send("POST /apply HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n")
        let answer = await socket.readAll()
        #expect(answer.hasPrefix("HTTP/1.1 400"))
        #expect(!answer.contains("HTTP/1.1 200"))
        #expect(backend.seen == 0)
        #expect(backend.ledger.count == 0)
    }

    @Test func noBackendIs503WithTheRequestId() async throws {
        let fixture = try BalancerFixture(backends: [])
        defer { Task { await fixture.stop() } }
        let r = try await fixture.get("/", headers: ["X-Request-Id": "req-503"])
        #expect(r.status == 503)
        let body = try JSONValue.parse(r.body)
        #expect(body["error"]?["code"]?.stringValue == "no_backend")
        #expect(body["error"]?["requestId"]?.stringValue == "req-503")
    }

    @Test func upstreamTimeoutIs504() async throws {
        let backend = try TestBackend()
        let fixture = try BalancerFixture(backends: [backend.address]) { $0.upstream.responseTimeout = .milliseconds(300) }
        defer { Task { await fixture.stop(); await backend.stop() } }
        let r = try await fixture.get("/slow")
        #expect(r.status == 504)
        #expect(try JSONValue.parse(r.body)["error"]?["code"]?.stringValue == "upstream_timeout")
    }

    @Test func garbageFromTheBackendIs502() async throws {
        let garbage = try CannedServer(["SPDY/9 what\r\n\r\n"])  // bytes that are not HTTP
        let fixture = try BalancerFixture(backends: [SocketAddress(host: "127.0.0.1", port: garbage.port)]) {
            $0.healthCheckInterval = .seconds(60)
        }
        defer { Task { await fixture.stop(); garbage.stop() } }
        let r = try await fixture.get("/")
        #expect(r.status == 502)
        #expect(try JSONValue.parse(r.body)["error"]?["code"]?.stringValue == "bad_gateway")
    }

    @Test func refusedConnectionIsRetriedOnAnotherBackend() async throws {
        let good = try TestBackend()
        let dead = try TestBackend()
        await dead.kill()
        let fixture = try BalancerFixture(backends: [dead.address, good.address]) { $0.healthCheckInterval = .seconds(60) }
        defer { Task { await fixture.stop(); await good.stop(); await dead.stop() } }
        for i in 0..<6 {
            let r = try await fixture.post("/apply", body: "retry-\(i)")
            #expect(r.status == 200, "POST \(i) answered \(r.status): \(r.text)")
        }
        #expect(good.ledger.duplicates.isEmpty)
        #expect(good.ledger.count == 6)
        // Five refused connects in a row eject the dead backend.
        #expect(fixture.state(of: dead.address) == .ejected)
    }

    @Test func rateLimitAnswers429WithRetryAfter() async throws {
        let backend = try TestBackend()
        let fixture = try BalancerFixture(backends: [backend.address]) {
            $0.loginRateLimit = RateLimit(perSecond: 1, burst: 2)
        }
        defer { Task { await fixture.stop(); await backend.stop() } }
        var statuses: [Int] = []
        var retryAfter: String?
        for _ in 0..<4 {
            let r = try await fixture.get("/api/login")
            statuses.append(r.status)
            if r.status == 429 { retryAfter = r.headers["Retry-After"] }
        }
        #expect(statuses.prefix(2) == [200, 200])
        #expect(statuses.last == 429)
        #expect(retryAfter.flatMap { Int($0) }.map { $0 >= 1 } == true)
        // Other paths are not limited by the login bucket.
        #expect(try await fixture.get("/").status == 200)
    }

    /// The proxy times a request from the start of the loop's turn that read it, and an upstream exchange from the
    /// turn that sent it to the turn that read the answer (no clock read of their own, as nginx's cached time): so a
    /// measured duration may be longer than the true one, never shorter. A backend that answers 200 ms late must show
    /// at least 200 ms in both histograms and in the access line.
    @Test func durationsFromTheTurnClockAreNeverShorterThanTheTrueOnes() async throws {
        let backend = try TestBackend()
        let fixture = try BalancerFixture(backends: [backend.address])
        defer { Task { await fixture.stop(); await backend.stop() } }
        let r = try await fixture.get("/after-200ms")
        #expect(r.status == 200 && r.text == "late")
        // The loops hand their histograms and access records over on their 100 ms housekeeping timer.
        func figure(_ name: String) -> Double? {
            fixture.metrics.prometheusText().split(separator: "\n")
                .first { $0.hasPrefix(name + " ") }
                .flatMap { Double($0.split(separator: " ")[1]) }
        }
        func accessDuration() -> Double? {
            fixture.logs.page(after: 0, limit: 1000).entries
                .first { $0.source == "access" && $0.fields["path"] == "/after-200ms" }
                .flatMap { $0.fields["durationMs"].flatMap(Double.init) }
        }
        #expect(await fixture.eventually(within: .seconds(5)) {
            figure("genetix_balancer_upstream_duration_seconds_count") == 1 && figure("genetix_balancer_request_duration_seconds_count") == 1
                && accessDuration() != nil
        })
        let upstream = try #require(figure("genetix_balancer_upstream_duration_seconds_sum"))
        let total = try #require(figure("genetix_balancer_request_duration_seconds_sum"))
        let logged = try #require(accessDuration())
        #expect(upstream >= 0.2, "upstream \(upstream) s")
        #expect(total >= upstream, "total \(total) s, upstream \(upstream) s")
        #expect(logged >= 200, "access line \(logged) ms")
    }
}
