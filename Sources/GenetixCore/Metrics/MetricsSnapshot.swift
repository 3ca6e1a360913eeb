import Foundation

/// The JSON body of `GET /admin/v1/metrics`: every metric's current value, histograms with their percentiles.
public struct MetricsSnapshot: Codable, Sendable, Equatable {
    /// A counter's or gauge's value.
    public struct Sample: Codable, Sendable, Equatable {
        /// The metric's name (counters with their `_total` suffix).
        public var name: String
        /// The series' labels.
        public var labels: [String: String]
        /// The current value.
        public var value: Double
        /// A sample.
        public init(name: String, labels: [String: String] = [:], value: Double) {
            self.name = name
            self.labels = labels
            self.value = value
        }
    }

    /// One cumulative bucket: how many observations were at most `le`. The implicit `+Inf` bucket is `count`.
    public struct Bucket: Codable, Sendable, Equatable {
        /// The bucket's upper bound in seconds.
        public var le: Double
        /// Observations of at most `le`.
        public var count: UInt64
        /// A bucket.
        public init(le: Double, count: UInt64) { self.le = le; self.count = count }
    }

    /// A histogram's totals, percentiles (nil while empty) and cumulative buckets.
    public struct HistogramSample: Codable, Sendable, Equatable {
        /// The histogram's name.
        public var name: String
        /// The series' labels.
        public var labels: [String: String]
        /// The number of observations.
        public var count: UInt64
        /// The sum of the observations (seconds).
        public var sum: Double
        /// The median, within 1 %.
        public var p50: Double?
        /// The 90th percentile, within 1 %.
        public var p90: Double?
        /// The 99th percentile, within 1 %.
        public var p99: Double?
        /// Cumulative buckets at `Histogram.exportBounds`.
        public var buckets: [Bucket]
        /// A histogram sample.
        public init(name: String, labels: [String: String] = [:], count: UInt64, sum: Double, p50: Double? = nil,
                    p90: Double? = nil, p99: Double? = nil, buckets: [Bucket] = []) {
            self.name = name
            self.labels = labels
            self.count = count
            self.sum = sum
            self.p50 = p50
            self.p90 = p90
            self.p99 = p99
            self.buckets = buckets
        }

        /// Summarises a histogram snapshot under `name` and `labels`.
        public init(name: String, labels: [String: String], snapshot: HistogramSnapshot) {
            self.init(name: name, labels: labels, count: snapshot.count, sum: snapshot.sum,
                      p50: snapshot.quantile(0.5), p90: snapshot.quantile(0.9), p99: snapshot.quantile(0.99),
                      buckets: Histogram.exportBounds.map { Bucket(le: $0, count: snapshot.cumulativeCount(atMost: $0)) })
        }
    }

    /// When the snapshot was taken.
    public var time: Date
    /// Every counter series.
    public var counters: [Sample]
    /// Every gauge series with a finite value.
    public var gauges: [Sample]
    /// Every histogram series.
    public var histograms: [HistogramSample]

    /// A snapshot.
    public init(time: Date, counters: [Sample] = [], gauges: [Sample] = [], histograms: [HistogramSample] = []) {
        self.time = time
        self.counters = counters
        self.gauges = gauges
        self.histograms = histograms
    }

    /// The counter `name` (with or without its `_total` suffix) whose labels include `labels`.
    public func counter(_ name: String, labels: [String: String] = [:]) -> Double? {
        let full = MetricsRegistry.counterName(name)
        return counters.first { sample in sample.name == full && labels.allSatisfy { sample.labels[$0.key] == $0.value } }?.value
    }

    /// The gauge `name` whose labels include `labels`.
    public func gauge(_ name: String, labels: [String: String] = [:]) -> Double? {
        gauges.first { sample in sample.name == name && labels.allSatisfy { sample.labels[$0.key] == $0.value } }?.value
    }

    /// The histogram `name` whose labels include `labels`.
    public func histogram(_ name: String, labels: [String: String] = [:]) -> HistogramSample? {
        histograms.first { sample in sample.name == name && labels.allSatisfy { sample.labels[$0.key] == $0.value } }
    }
}

extension MetricsRegistry {
    /// Every metric's current value as a JSON-friendly snapshot. Non-finite values (a computed gauge that could not be
    /// sampled yet) are left out, since JSON cannot carry them.
    public func snapshot() -> MetricsSnapshot {
        var result = MetricsSnapshot(time: Date())
        for (family, series) in collect() {
            for (labels, instrument) in series {
                let l = labels.dictionary
                switch instrument {
                case .counter(let c): result.counters.append(.init(name: family.name, labels: l, value: Double(c.value)))
                case .counterFunction(let f):
                    let v = f()
                    if v.isFinite { result.counters.append(.init(name: family.name, labels: l, value: v)) }
                case .gauge(let g):
                    if g.value.isFinite { result.gauges.append(.init(name: family.name, labels: l, value: g.value)) }
                case .gaugeFunction(let f):
                    let v = f()
                    if v.isFinite { result.gauges.append(.init(name: family.name, labels: l, value: v)) }
                case .histogram(let h):
                    result.histograms.append(.init(name: family.name, labels: l, snapshot: h.snapshot()))
                }
            }
        }
        return result
    }
}
