/// The counts of a `Histogram` at one moment: a value that can be merged (`+`) with snapshots of other histograms and
/// subtracted (`-`) from a later snapshot of the same histogram to get the distribution of one interval
/// ("p99 of the last 10 seconds").
public struct HistogramSnapshot: Sendable, Equatable {
    /// Observations per bucket of `HistogramBuckets`.
    public private(set) var counts: [UInt64]
    /// The number of observations.
    public private(set) var count: UInt64
    /// The sum of all observed values.
    public private(set) var sum: Double
    /// The smallest observation, when known (a difference of snapshots does not know it).
    public private(set) var min: Double?
    /// The largest observation, when known.
    public private(set) var max: Double?

    /// An empty snapshot.
    public init() {
        counts = Array(repeating: 0, count: HistogramBuckets.count)
        count = 0
        sum = 0
        min = nil
        max = nil
    }

    /// Adds one observation.
    @inline(__always)
    public mutating func record(_ value: Double) {
        counts[HistogramBuckets.index(of: value)] &+= 1
        count &+= 1
        if value.isFinite {
            sum += value
            if let m = min { if value < m { min = value } } else { min = value }
            if let m = max { if value > m { max = value } } else { max = value }
        }
    }

    /// The value below which a share `q` (0…1) of the observations lie, within 1 % relative error; nil when empty.
    ///
    /// Uses the nearest-rank definition: the observation at rank ⌈q·count⌉ of the sorted observations.
    public func quantile(_ q: Double) -> Double? {
        guard count > 0 else { return nil }
        let clamped = q.isNaN ? 0 : Swift.min(Swift.max(q, 0), 1)
        let rank = Swift.max(1, UInt64((clamped * Double(count)).rounded(.up)))
        if rank == 1, let min { return min }
        if rank >= count, let max { return max }
        var seen: UInt64 = 0
        for (index, n) in counts.enumerated() where n > 0 {
            seen += n
            if seen >= rank {
                var value = HistogramBuckets.representative(index)
                if let lo = min, value < lo { value = lo }
                if let hi = max, value > hi { value = hi }
                return value
            }
        }
        return max ?? HistogramBuckets.highest
    }

    /// The number of observations of at most `bound`, counting each bucket by its midpoint (exact to one bucket, < 1.6 %).
    public func cumulativeCount(atMost bound: Double) -> UInt64 {
        var total: UInt64 = 0
        for (index, n) in counts.enumerated() where n > 0 {
            if index == counts.count - 1 { if bound.isInfinite { total += n }; continue }
            if HistogramBuckets.representative(index) <= bound { total += n }
        }
        return total
    }

    /// The mean observation; nil when empty.
    public var mean: Double? { count == 0 ? nil : sum / Double(count) }

    /// The observations of both snapshots together (e.g. of several workers).
    public static func + (a: HistogramSnapshot, b: HistogramSnapshot) -> HistogramSnapshot {
        var r = a
        for i in r.counts.indices { r.counts[i] &+= b.counts[i] }
        r.count &+= b.count
        r.sum += b.sum
        if b.count > 0 {
            r.min = a.count == 0 ? b.min : a.min.flatMap { x in b.min.map { Swift.min(x, $0) } }
            r.max = a.count == 0 ? b.max : a.max.flatMap { x in b.max.map { Swift.max(x, $0) } }
        }
        return r
    }

    /// The observations made between `earlier` and `later` (two snapshots of the same histogram).
    public static func - (later: HistogramSnapshot, earlier: HistogramSnapshot) -> HistogramSnapshot {
        var r = later
        for i in r.counts.indices {
            let e = earlier.counts[i]
            r.counts[i] = r.counts[i] > e ? r.counts[i] - e : 0
        }
        r.count = later.count > earlier.count ? later.count - earlier.count : 0
        r.sum = Swift.max(0, later.sum - earlier.sum)
        if earlier.count > 0 { r.min = nil; r.max = nil }
        return r
    }
}

extension HistogramSnapshot: Codable {
    private enum CodingKeys: String, CodingKey { case count, sum, min, max, buckets }

    /// Encodes the non-empty buckets only, as `[index, count]` pairs.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(count, forKey: .count)
        try c.encode(sum, forKey: .sum)
        try c.encodeIfPresent(min, forKey: .min)
        try c.encodeIfPresent(max, forKey: .max)
        let pairs = counts.enumerated().filter { $0.element > 0 }.map { [UInt64($0.offset), $0.element] }
        try c.encode(pairs, forKey: .buckets)
    }

    /// Decodes the sparse form written by `encode(to:)`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init()
        count = try c.decode(UInt64.self, forKey: .count)
        sum = try c.decode(Double.self, forKey: .sum)
        min = try c.decodeIfPresent(Double.self, forKey: .min)
        max = try c.decodeIfPresent(Double.self, forKey: .max)
        for pair in try c.decode([[UInt64]].self, forKey: .buckets) {
            guard pair.count == 2, pair[0] < UInt64(counts.count) else {
                throw DecodingError.dataCorruptedError(forKey: .buckets, in: c,
                    debugDescription: "a histogram bucket must be [index, count] with index below \(counts.count)")
            }
            counts[Int(pair[0])] = pair[1]
        }
    }
}
