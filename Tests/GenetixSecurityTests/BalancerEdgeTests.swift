import Foundation
import GenetixBalancer
import GenetixNet
import GenetixTesting
import Testing

extension SecurityTests {
    /// Hostile HTTP at the balancer's public edge: every smuggling variant and oversized part gets its status and a close
    /// without a byte reaching the backend (its request counter stays put); slow and vanishing clients neither stop
    /// normal traffic nor leak half requests upstream. TLS on the public listener: 1.2 and 1.3 only, no weak suite.
    @Suite(.serialized) struct BalancerEdgeTests {
        @Test func hostileRequestsNeverReachTheBackend() async throws {
            try await BalancerHarness.with { lb in
                for hostile in HostileRequests.smuggling + HostileRequests.oversized {
                    let answer = try await HostileClients.send(hostile.bytes, port: lb.port)
                    #expect(answer.status == hostile.status, "\(hostile): answered \(answer.text.prefix(120))")
                    #expect(answer.responses == 1, "\(hostile): \(answer.responses) responses")
                    #expect(answer.closes, "\(hostile): the connection is not closed after the refusal")
                }
                #expect(lb.backend.requests.isEmpty, "reached the backend: \(lb.backend.requests)")
                // The edge keeps serving, and a normal request does reach the backend.
                let normal = try await HostileClients.send(Array("GET /after HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n".utf8), port: lb.port)
                #expect(normal.status == 200)
                #expect(lb.backend.requests == ["GET /after"])
            }
        }

        @Test func aThousandSlowClientsDoNotStopANormalOne() async throws {
            #expect(HostileClients.raiseFileLimit(to: 4096) >= 2100)
            try await BalancerHarness.with(configure: { $0.listen.headerTimeout = .seconds(2) }) { lb in
                let slow = try await HostileClients.slowClients(1000, port: lb.port)
                let client = HTTPClient(configuration: HTTPClientConfiguration(timeout: .seconds(10)))
                for i in 0..<20 {
                    let response = try await client.get("http://127.0.0.1:\(lb.port)/normal-\(i)")
                    #expect(response.status == 200, "normal request \(i) answered \(response.status) beside 1000 slow clients")
                }
                await client.shutdown()
                var timedOut = 0
                for socket in slow.prefix(50) where await socket.readAll().hasPrefix("HTTP/1.1 408 ") { timedOut += 1 }
                #expect(timedOut == 50)
                #expect(lb.backend.requests.filter { $0.contains("/slow-") }.isEmpty, "a half-sent head reached the backend")
                #expect(lb.backend.requests.count == 20)
            }
        }

        @Test func clientsVanishingMidBodyLeaveNothingUpstream() async throws {
            try await BalancerHarness.with { lb in
                for i in 0..<40 {
                    try await HostileClients.vanishMidBody(port: lb.port, head: "POST /api/signup HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n",
                                                           declared: 8192, sent: i * 50, reset: i % 2 == 0)
                }
                let after = try await HostileClients.send(Array("GET /still-serving HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n".utf8), port: lb.port)
                #expect(after.status == 200)
                #expect(lb.backend.requests == ["GET /still-serving"], "a request cut short was completed upstream: \(lb.backend.requests)")
            }
        }

        @Test func publicHTTPSListenerPolicy() async throws {
            try await TemporaryDirectory.with(prefix: "security-lb-tls") { directory in
                try await BalancerHarness.with(tls: try TLSPolicyTests.certificate(directory)) { lb in
                    let https = try #require(lb.balancer.https)
                    try await TLSPolicyTests.probe(port: https.localAddress.port, path: "/through-tls")
                    #expect(lb.backend.requests.contains("GET /through-tls"))
                }
            }
        }
    }
}
