import Foundation
@testable import GenetixBalancer
import GenetixCore
import GenetixNet
import Testing

/// Issue 15: a backend's internal endpoints never answer on the public listener, whatever the spelling.
@Suite struct PublicEdgeTests {
    static let internalSpellings = [
        "/metrics", "/metrics/", "//metrics", "/metrics?format=text", "/METRICS", "/Metrics", "/%6detrics", "/%6D%65trics",
        "/%252fmetrics", "/static/../metrics", "/./metrics", "/metrics;x=1", "/internal/stats", "/internal//stats", "/healthz",
        "/readyz", "/readyz?verbose=1", "/admin/v1/status", "/debug/pprof", "\\metrics",
    ]

    @Test func internalPathsInAnySpellingAreRefused() {
        let policy = PublicEdgePolicy(internalPaths: PublicEdgePolicy.defaultInternalPaths)
        for path in Self.internalSpellings {
            let p = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
            #expect(policy.isInternal(Substring(p)), "\(path) is not recognised as internal")
        }
        for path in ["/", "/static/app.css", "/api/kits", "/metricsx", "/api/metrics", "/static/healthz.png", "/internals"] {
            #expect(!policy.isInternal(Substring(path)), "\(path) is refused but is customer-facing")
        }
    }

    @Test func theBalancerAnswers404AndTheBackendNeverSeesThem() async throws {
        let backend = try TestBackend()
        let fixture = try BalancerFixture(backends: [backend.address])
        defer { Task { await fixture.stop(); await backend.stop() } }
        for path in Self.internalSpellings where !path.hasPrefix("\\") {
            let r = try await fixture.get(path)
            #expect(r.status == 404, "\(path) answered \(r.status)")
            #expect(r.text.contains("\"code\":\"not_found\""), "\(path): \(r.text)")
        }
        #expect(backend.seen == 0, "an internal path reached the backend")
        #expect(try await fixture.get("/metricsx").status == 200)
        #expect(backend.seen == 1)
    }
}
