/// The metrics the console keeps a short history of, for sparklines and graphs.
public enum MetricSeries: String, Sendable, CaseIterable, Hashable {
    case requestsPerSecond, p99Ms, errorRate, cpuPercent, residentBytes, lagBytes, transactionsPerSecond, cacheHitRatio
}

/// The last samples of one metric, oldest first, at most `capacity` of them.
public struct MetricHistory: Sendable, Equatable {
    public static let defaultCapacity = 60
    public private(set) var samples: [Double] = []
    public let capacity: Int

    public init(capacity: Int = MetricHistory.defaultCapacity, samples: [Double] = []) {
        self.capacity = capacity
        self.samples = Array(samples.suffix(capacity))
    }

    /// Adds a sample, dropping the oldest beyond the capacity.
    public mutating func append(_ value: Double) {
        samples.append(value.isFinite ? value : 0)
        if samples.count > capacity { samples.removeFirst(samples.count - capacity) }
    }

    /// Puts `value` in the place of the newest sample (appends when there is none), by `append`'s rule for values
    /// that are not finite.
    public mutating func replaceLast(_ value: Double) {
        if samples.isEmpty { append(value) } else { samples[samples.count - 1] = value.isFinite ? value : 0 }
    }

    public var last: Double? { samples.last }
}
