import Foundation
import Testing
import GenetixTesting
@testable import GenetixCore

@Suite struct PrometheusTextTests {
    static func sampleRegistry() -> MetricsRegistry {
        let r = MetricsRegistry()
        r.counter("http_requests", help: "HTTP requests answered.", labels: ["code": "200", "route": "/api/\"kits\"\\n"]).increment(by: 3)
        r.counter("http_requests", help: "HTTP requests answered.", labels: ["code": "500", "route": "line\nbreak"]).increment()
        r.gauge("workers_online", help: "Workers in state online.\nSecond line with a \\ backslash.").set(2)
        r.gauge("cache_hit_ratio", help: "Share of cache hits.") { 0.75 }
        let h = r.histogram("http_request_duration_seconds", help: "Request latency.", labels: ["route": "/"])
        var rng = SeededGenerator(seed: 9)
        for _ in 0..<10_000 { h.observe(pow(10, Double.random(in: -5..<1.5, using: &rng))) }
        r.registerStandardMetrics(host: HostSampler(diskPath: "/"))
        return r
    }

    @Test func labelValuesAndHelpAreEscaped() {
        let text = Self.sampleRegistry().prometheusText()
        #expect(text.contains(#"http_requests_total{code="200",route="/api/\"kits\"\\n"} 3"#))
        #expect(text.contains(#"http_requests_total{code="500",route="line\nbreak"} 1"#))
        #expect(text.contains(#"# HELP genetix_workers_online Workers in state online.\nSecond line with a \\ backslash."#))
        #expect(text.contains(#"# HELP workers_online Deprecated alias of genetix_workers_online (removed in the next release). Workers in state online.\nSecond line with a \\ backslash."#))
    }

    /// Issue 17: one naming scheme — `genetix_` prefix, ratios instead of percentages — with the old names kept as
    /// deprecated aliases for one release; `process_*` and `genetix_*` names stay as they are.
    @Test func namesAreCanonicalWithOneReleaseAliases() {
        let text = Self.sampleRegistry().prometheusText()
        #expect(text.contains("genetix_http_requests_total{code=\"500\",route=\"line\\nbreak\"} 1\n"))
        #expect(text.contains("genetix_cache_hit_ratio 0.75\n") && text.contains("cache_hit_ratio 0.75\n"))
        #expect(text.contains("# TYPE genetix_host_cpu_ratio gauge\n") && text.contains("# TYPE host_cpu_percent gauge\n"))
        #expect(!text.contains("genetix_process_"))
        #expect(MetricNames.canonical("host_cpu_percent")! == ("genetix_host_cpu_ratio", 0.01))
        #expect(MetricNames.canonical("balancer_requests_total")! == ("genetix_balancer_requests_total", 1))
        #expect(MetricNames.canonical("genetix_app_requests_total") == nil && MetricNames.canonical("process_open_fds") == nil)
        let r = MetricsRegistry()
        r.gauge("disk_used_percent", help: "Disk used.") { 42 }
        #expect(r.prometheusText().contains("genetix_disk_used_ratio 0.42\n"))
    }

    @Test func familiesAreSortedWithOneHelpAndTypeEach() {
        let text = Self.sampleRegistry().prometheusText()
        let types = text.split(separator: "\n").filter { $0.hasPrefix("# TYPE ") }.map { $0.split(separator: " ")[2] }
        #expect(types == types.sorted())
        #expect(Set(types).count == types.count)
        #expect(text.split(separator: "\n").filter { $0.hasPrefix("# HELP ") }.count == types.count)
        #expect(text.contains("# TYPE http_requests_total counter\n"))
        #expect(text.contains("# TYPE process_cpu_seconds_total counter\n"))
        #expect(text.contains("# TYPE http_request_duration_seconds histogram\n"))
        #expect(text.contains("cache_hit_ratio 0.75\n"))
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            #expect(line.split(separator: " ").count == 2, "sample line '\(line)' must be 'name{labels} value'")
        }
    }

    @Test func histogramBucketsAreCumulativeAndEndWithCount() throws {
        let text = Self.sampleRegistry().prometheusText()
        let lines = text.split(separator: "\n").filter { $0.hasPrefix("http_request_duration_seconds") }
        let buckets = lines.filter { $0.hasPrefix("http_request_duration_seconds_bucket") }
        #expect(buckets.count == Histogram.exportBounds.count + 1)
        let counts = buckets.map { UInt64($0.split(separator: " ").last!)! }
        #expect(counts == counts.sorted())
        #expect(buckets.last!.contains(#"le="+Inf""#))
        #expect(buckets.first!.contains(#"{route="/",le="0.0005"}"#))
        let count = try #require(lines.first { $0.hasPrefix("http_request_duration_seconds_count") })
        #expect(UInt64(count.split(separator: " ").last!) == 10_000)
        #expect(counts.last == 10_000)
        #expect(lines.contains { $0.hasPrefix("http_request_duration_seconds_sum{route=\"/\"} ") })
    }

    @Test func promtoolAcceptsTheExposition() throws {
        let promtool = ["/usr/bin/promtool", "/usr/local/bin/promtool"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let promtool else {
            Issue.record("promtool is not installed: run scripts/setup (it installs the Debian package 'prometheus')")
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: promtool)
        process.arguments = ["check", "metrics"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data(Self.sampleRegistry().prometheusText().utf8))
        try input.fileHandleForWriting.close()
        let report = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "promtool check metrics failed: \(report)")
        #expect(report.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "promtool reported: \(report)")
    }
}
