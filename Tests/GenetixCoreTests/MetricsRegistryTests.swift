import Foundation
import Testing
import GenetixTesting
@testable import GenetixCore

@Suite struct MetricsRegistryTests {
    @Test func sameNameAndLabelsReturnTheSameInstrument() {
        let r = MetricsRegistry()
        let a = r.counter("requests", help: "Requests.", labels: ["code": "200", "method": "GET"])
        let b = r.counter("requests_total", help: "Requests.", labels: ["method": "GET", "code": "200"])
        let c = r.counter("requests", help: "Requests.", labels: ["code": "500", "method": "GET"])
        #expect(a === b)
        #expect(a !== c)
        #expect(r.gauge("in_flight", help: "In flight.") === r.gauge("in_flight", help: "In flight."))
        #expect(r.histogram("latency_seconds", help: "Latency.") === r.histogram("latency_seconds", help: "Latency."))
    }

    @Test func countersAreExactUnderConcurrentIncrements() async {
        let r = MetricsRegistry()
        let counter = r.counter("hits", help: "Hits.")
        let gauge = r.gauge("level", help: "Level.")
        let histogram = r.histogram("work_seconds", help: "Work.")
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<32 {
                group.addTask {
                    for i in 0..<5_000 {
                        counter.increment()
                        gauge.increment(by: task % 2 == 0 ? 1 : -1)
                        histogram.observe(Double(i % 100 + 1) / 1000)
                    }
                }
            }
        }
        #expect(counter.value == 32 * 5_000)
        #expect(gauge.value == 0)
        #expect(histogram.count == 32 * 5_000)
    }

    @Test func snapshotCarriesEveryKindAndRoundTripsThroughJSON() throws {
        let r = MetricsRegistry()
        r.counter("requests", help: "Requests.", labels: ["code": "200"]).increment(by: 7)
        r.gauge("workers_online", help: "Workers.").set(3)
        r.gauge("queue_depth", help: "Computed.") { 42 }
        r.gauge("not_sampled_yet", help: "NaN is left out of JSON.") { .nan }
        let h = r.histogram("request_duration_seconds", help: "Latency.")
        for i in 1...100 { h.observe((Double(i) - 0.5) / 1000) }

        let snap = r.snapshot()
        #expect(snap.counter("requests", labels: ["code": "200"]) == 7)
        #expect(snap.counters.first?.name == "requests_total")
        #expect(snap.gauge("workers_online") == 3)
        #expect(snap.gauge("queue_depth") == 42)
        #expect(snap.gauge("not_sampled_yet") == nil)
        let hs = try #require(snap.histogram("request_duration_seconds"))
        #expect(hs.count == 100)
        #expect(abs(hs.p50! - 0.0495) / 0.0495 < 0.01)
        #expect(abs(hs.p99! - 0.0985) / 0.0985 < 0.01)
        #expect(hs.buckets.map(\.le) == Histogram.exportBounds)
        #expect(hs.buckets.first { $0.le == 0.05 }?.count == 50)

        let decoded = try GenetixJSON.decode(MetricsSnapshot.self, from: GenetixJSON.encode(snap))
        #expect(abs(decoded.time.timeIntervalSince(snap.time)) < 0.001)
        #expect(decoded.counters == snap.counters && decoded.gauges == snap.gauges && decoded.histograms == snap.histograms)
    }

    @Test func collectorsRunBeforeEachRendering() {
        let r = MetricsRegistry()
        let g = r.gauge("refreshed", help: "Set by a collector.")
        let runs = Counter()
        r.addCollector {
            runs.increment()
            g.set(Double(runs.value))
        }
        _ = r.prometheusText()
        #expect(r.snapshot().gauge("refreshed") == 2)
    }

    @Test func removingASeriesDropsItFromRendering() {
        let r = MetricsRegistry()
        r.gauge("worker_rss_bytes", help: "RSS.", labels: ["worker": "1"]).set(1)
        r.gauge("worker_rss_bytes", help: "RSS.", labels: ["worker": "2"]).set(2)
        r.remove("worker_rss_bytes", labels: ["worker": "1"])
        let text = r.prometheusText()
        #expect(!text.contains("worker=\"1\""))
        #expect(text.contains("worker_rss_bytes{worker=\"2\"} 2"))
        r.remove("worker_rss_bytes", labels: ["worker": "2"])
        #expect(!r.prometheusText().contains("worker_rss_bytes"))
    }
}
