/// The fixed log-linear bucket layout every `Histogram` shares (HDR-style).
///
/// Each power of two between 2⁻²⁴ s (about 60 ns) and 2¹⁰ s (about 17 minutes) is split into 64 equal sub-buckets, so a
/// bucket is at most 1/64 of its lower bound wide and its midpoint is within 0.8 % of any value inside it. Index 0 holds
/// values below the range (zero, negatives, NaN), the last index holds values at or above it.
public enum HistogramBuckets {
    /// Sub-buckets per power of two, as a bit count (64 sub-buckets).
    static let subBucketBits = 6
    static let subBuckets = 1 << subBucketBits
    /// The smallest tracked exponent: values below 2⁻²⁴ s go to the underflow bucket.
    static let minExponent = -24
    /// Values at or above 2¹⁰ s go to the overflow bucket.
    static let maxExponent = 10

    /// The smallest value with a bucket of its own.
    public static let lowest = Double(sign: .plus, exponent: minExponent, significand: 1)
    /// The value from which on everything shares the overflow bucket.
    public static let highest = Double(sign: .plus, exponent: maxExponent, significand: 1)
    /// The number of buckets, underflow and overflow included.
    public static let count = (maxExponent - minExponent) * subBuckets + 2

    /// The bucket that holds `value`.
    @inline(__always)
    public static func index(of value: Double) -> Int {
        guard value >= lowest else { return 0 }
        guard value < highest else { return count - 1 }
        let bits = value.bitPattern
        let exponent = Int((bits >> 52) & 0x7FF) - 1023
        let sub = Int((bits >> UInt64(52 - subBucketBits)) & UInt64(subBuckets - 1))
        return 1 + (exponent - minExponent) * subBuckets + sub
    }

    /// The smallest value that falls into bucket `index`.
    public static func lowerBound(_ index: Int) -> Double {
        if index <= 0 { return 0 }
        if index >= count - 1 { return highest }
        let k = index - 1
        let exponent = minExponent + k / subBuckets
        let sub = k % subBuckets
        return Double(sign: .plus, exponent: exponent, significand: 1 + Double(sub) / Double(subBuckets))
    }

    /// The value just above bucket `index` (the overflow bucket has no upper bound: `+infinity`).
    public static func upperBound(_ index: Int) -> Double {
        if index >= count - 1 { return .infinity }
        return lowerBound(index + 1)
    }

    /// The value reported for observations in bucket `index`: its midpoint (the overflow bucket reports its lower bound).
    public static func representative(_ index: Int) -> Double {
        if index >= count - 1 { return highest }
        return (lowerBound(index) + upperBound(index)) / 2
    }
}
