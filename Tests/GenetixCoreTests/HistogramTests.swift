import Foundation
import Testing
import GenetixTesting
@testable import GenetixCore

@Suite struct HistogramTests {
    /// The observation at rank ⌈q·n⌉ of the sorted samples (the definition `quantile` promises).
    static func exactQuantile(_ sorted: [Double], _ q: Double) -> Double {
        sorted[max(0, Int((q * Double(sorted.count)).rounded(.up)) - 1)]
    }

    static func checkQuantiles(_ samples: [Double], label: String) {
        let h = Histogram()
        for s in samples { h.observe(s) }
        let sorted = samples.sorted()
        #expect(h.count == UInt64(samples.count))
        for q in [0.01, 0.5, 0.9, 0.99, 0.999] {
            let exact = exactQuantile(sorted, q)
            let estimate = h.quantile(q)!
            let error = abs(estimate - exact) / exact
            #expect(error <= 0.01, "\(label) p\(q * 100): estimate \(estimate), exact \(exact), error \(error)")
        }
        #expect(h.quantile(0) == sorted.first)
        #expect(h.quantile(1) == sorted.last)
        #expect(abs(h.sum - samples.reduce(0, +)) < 1e-6 * h.sum)
    }

    @Test func recordingABatchEqualsObservingEachValue() {
        let one = Histogram(), batched = Histogram()
        var batch = HistogramSnapshot()
        for v in [0.002, 0.0005, 0.3, 0.04] { one.observe(v); batch.record(v) }
        batched.observe(0.01)
        one.observe(0.01)
        batched.record(batch)
        batched.record(HistogramSnapshot())  // an empty batch changes nothing
        let a = batched.snapshot(), b = one.snapshot()
        #expect(a.counts == b.counts)
        #expect(a.min == b.min && a.max == b.max)
        #expect(abs(a.sum - b.sum) < 1e-12)
        #expect(batched.count == 5)
        #expect(batched.quantile(1) == 0.3)
    }

    @Test func quantilesOfAUniformDistributionAreWithinOnePercent() {
        var rng = SeededGenerator(seed: 1)
        Self.checkQuantiles((0..<100_000).map { _ in Double.random(in: 0.001..<0.1, using: &rng) }, label: "uniform")
    }

    @Test func quantilesOfAnExponentialDistributionAreWithinOnePercent() {
        var rng = SeededGenerator(seed: 2)
        let samples = (0..<100_000).map { _ in -log(Double.random(in: Double.ulpOfOne..<1, using: &rng)) * 0.005 + 0.000_001 }
        Self.checkQuantiles(samples, label: "exponential")
    }

    @Test func quantilesOfABimodalDistributionAreWithinOnePercent() {
        var rng = SeededGenerator(seed: 3)
        let samples = (0..<100_000).map { _ in
            Double.random(in: 0..<1, using: &rng) < 0.9
                ? Double.random(in: 0.0008..<0.0012, using: &rng)
                : Double.random(in: 0.2..<0.3, using: &rng)
        }
        Self.checkQuantiles(samples, label: "bimodal")
    }

    @Test func quantilesAcrossOneMicrosecondToHundredSecondsAreWithinOnePercent() {
        var rng = SeededGenerator(seed: 4)
        let samples = (0..<100_000).map { _ in pow(10, Double.random(in: -6..<2, using: &rng)) }
        Self.checkQuantiles(samples, label: "log-uniform")
    }

    @Test func everyValueFallsInsideItsBucketAndBucketsAreNarrow() {
        var rng = SeededGenerator(seed: 5)
        for _ in 0..<10_000 {
            let v = pow(10, Double.random(in: -7..<3, using: &rng))
            let i = HistogramBuckets.index(of: v)
            #expect(i > 0 && i < HistogramBuckets.count - 1)
            #expect(HistogramBuckets.lowerBound(i) <= v && v < HistogramBuckets.upperBound(i))
            #expect((HistogramBuckets.upperBound(i) - HistogramBuckets.lowerBound(i)) / HistogramBuckets.lowerBound(i) <= 1.0 / 64 + 1e-12)
        }
        #expect(HistogramBuckets.index(of: 0) == 0)
        #expect(HistogramBuckets.index(of: -1) == 0)
        #expect(HistogramBuckets.index(of: .nan) == 0)
        #expect(HistogramBuckets.index(of: 5000) == HistogramBuckets.count - 1)
    }

    @Test func emptyHistogramHasNoQuantileAndZerosReportZero() {
        let h = Histogram()
        #expect(h.quantile(0.5) == nil)
        for _ in 0..<10 { h.observe(0) }
        #expect(h.quantile(0.99) == 0)
        #expect(h.count == 10)
    }

    @Test func subtractingAnEarlierSnapshotLeavesTheIntervalsObservations() {
        let h = Histogram()
        let alone = Histogram()
        var rng = SeededGenerator(seed: 6)
        for _ in 0..<5000 { h.observe(Double.random(in: 0.5..<1.0, using: &rng)) }
        let before = h.snapshot()
        for _ in 0..<3000 {
            let v = Double.random(in: 0.001..<0.002, using: &rng)
            h.observe(v)
            alone.observe(v)
        }
        let interval = h.snapshot() - before
        let expected = alone.snapshot()
        #expect(interval.count == 3000)
        #expect(interval.counts == expected.counts)
        #expect(abs(interval.sum - expected.sum) < 1e-9)
        #expect(interval.quantile(0.99)! < 0.0021)
        #expect(interval.min == nil && interval.max == nil)
        #expect(abs(interval.quantile(0.5)! - expected.quantile(0.5)!) / expected.quantile(0.5)! < 0.01)
    }

    @Test func mergingSnapshotsAddsTheirObservations() {
        let a = Histogram(), b = Histogram(), both = Histogram()
        for i in 1...1000 {
            let v = Double(i) / 1000
            (i % 3 == 0 ? a : b).observe(v)
            both.observe(v)
        }
        let merged = a.snapshot() + b.snapshot()
        #expect(merged.counts == both.snapshot().counts && merged.count == 1000)
        #expect(merged.min == 0.001 && merged.max == 1.0 && abs(merged.sum - both.sum) < 1e-9)
        #expect(HistogramSnapshot() + a.snapshot() == a.snapshot())
    }

    @Test func snapshotSurvivesAJSONRoundTrip() throws {
        let h = Histogram()
        for v in [0.001, 0.002, 0.002, 3.5, 0] { h.observe(v) }
        let bytes = GenetixJSON.encode(h.snapshot())
        let decoded = try GenetixJSON.decode(HistogramSnapshot.self, from: bytes)
        #expect(decoded == h.snapshot())
        #expect(String(decoding: bytes, as: UTF8.self).count < 300)
    }
}
