import Foundation
import GenetixApp
import GenetixBalancer
import GenetixCore
import GenetixNet
import GenetixTesting
import Testing

extension SecurityTests {
    /// Issue 15, through a real balancer over a real webapp worker (and a real PostgreSQL): the public edge shows
    /// customers only the product, and its cache never shows one customer another's answers.
    @Suite(.serialized) struct EdgeOverWebappTests {
        /// A balancer with its defaults in front of `app`'s worker.
        static func withBalancer(over app: WebappHarness, configure: (inout BalancerConfiguration) -> Void = { _ in },
                                 _ body: (Balancer, HTTPClient) async throws -> Void) async throws {
            let group = try EventLoopGroup(count: 2, name: "edge-lb")
            var configuration = BalancerConfiguration(name: "lb-1", listen: SocketAddress(host: "127.0.0.1", port: 0))
            configuration.backends = [SocketAddress(host: "127.0.0.1", port: app.port)]
            configuration.healthCheckInterval = .milliseconds(200)
            configuration.accessLog = .off
            configure(&configuration)
            let balancer = try Balancer(configuration: configuration, group: group, metrics: MetricsRegistry(), logs: nil, events: nil)
            let node = BalancerNode(balancer: balancer)
            for _ in 0..<200 where !(await node.isReady()) { try await Task.sleep(for: .milliseconds(50)) }
            let client = HTTPClient(configuration: HTTPClientConfiguration(timeout: .seconds(10)))
            do { try await body(balancer, client) } catch {
                await client.shutdown(); await balancer.shutdown(grace: .milliseconds(200)); group.shutdown()
                throw error
            }
            await client.shutdown(); await balancer.shutdown(grace: .milliseconds(200)); group.shutdown()
        }

        /// The routes customers use: the static site and the JSON API. Everything else a worker mounts is internal.
        static func isCustomerFacing(_ pattern: String) -> Bool { pattern == "/" || pattern.hasPrefix("/static/") || pattern.hasPrefix("/api/") }

        @Test func thePublicListenerAnswersOnlyTheCustomerFacingRoutesAWorkerMounts() async throws {
            try await WebappHarness.with { app in
                try await Self.withBalancer(over: app) { balancer, client in
                    let base = "http://127.0.0.1:\(balancer.http.localAddress.port)"
                    let routes = app.webapp.router().routes
                    #expect(routes.count >= 10)
                    var refused: [String] = []
                    for route in routes {
                        let path = route.pattern.replacingOccurrences(of: "{id}", with: "1")
                        let response = try await client.execute(HTTPClientRequest(method: route.method, url: try HTTPURL(parsing: base + path)))
                        let fromEdge = response.status == 404 && response.text.contains("internal endpoints answer on the admin port only")
                        if Self.isCustomerFacing(route.pattern) {
                            #expect(!fromEdge, "\(route.method) \(route.pattern) is customer-facing but refused")
                        } else {
                            #expect(fromEdge, "\(route.method) \(route.pattern) answered \(response.status) on the public listener: \(response.text.prefix(200))")
                            #expect(!response.text.contains("# TYPE") && !response.text.contains("inFlight"))
                            refused.append(route.pattern)
                        }
                    }
                    #expect(Set(refused) == ["/healthz", "/readyz", "/metrics", "/internal/stats"])
                    // The worker itself still answers its internal endpoints to its own side (the supervisor, on loopback).
                    let direct = try await client.get("http://127.0.0.1:\(app.port)/metrics")
                    #expect(direct.status == 200 && direct.text.contains("# TYPE"))
                }
            }
        }

        /// Two customers, logged in, read their own data through the edge — with the default cache and with every path
        /// opened to it — by bearer token and by session cookie; neither ever gets the other's answer.
        @Test(arguments: [["/static/"], ["/"]])
        func twoCustomersNeverSeeEachOthersAPIAnswers(prefixes: [String]) async throws {
            try await WebappHarness.with { app in
                let alice = try await app.customer("alice@example.test")
                let bob = try await app.customer("bob@example.test")
                try await Self.withBalancer(over: app, configure: { $0.cachePrefixes = prefixes }) { balancer, client in
                    let url = try HTTPURL(parsing: "http://127.0.0.1:\(balancer.http.localAddress.port)/api/me/export")
                    for round in 0..<3 {
                        for (token, me, other) in [(alice, "alice@", "bob@"), (bob, "bob@", "alice@")] {
                            for headers: HTTPHeaders in [["Authorization": "Bearer \(token)"], ["Cookie": "genetix_session=\(token)"]] {
                                let r = try await client.execute(HTTPClientRequest(method: "GET", url: url, headers: headers))
                                #expect(r.status == 200, "round \(round): \(r.status) \(r.text.prefix(120))")
                                #expect(r.text.contains(me) && !r.text.contains(other), "round \(round): \(me) got \(r.text.prefix(200))")
                                #expect(r.headers["X-Cache"] != "HIT")
                            }
                        }
                    }
                    #expect(balancer.proxy.cacheStatistics.status.entries == 0)
                    // The static assets are still shared, cookies or not.
                    let site = "http://127.0.0.1:\(balancer.http.localAddress.port)/static/app.css"
                    _ = try await client.execute(HTTPClientRequest(method: "GET", url: try HTTPURL(parsing: site), headers: ["Cookie": "genetix_session=\(alice)"]))
                    let second = try await client.execute(HTTPClientRequest(method: "GET", url: try HTTPURL(parsing: site), headers: ["Cookie": "genetix_session=\(bob)"]))
                    #expect(second.headers["X-Cache"] == "HIT")
                }
            }
        }
    }
}
