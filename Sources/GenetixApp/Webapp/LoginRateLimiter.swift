import GenetixCore
import Synchronization

/// Token buckets per key (`email:…`, `addr:…`): each login attempt takes a token; tokens refill at `perMinute` per
/// minute up to `burst`. An empty bucket means 429 with `Retry-After`.
public final class LoginRateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updatedAt: UInt64
    }

    private let buckets = Mutex<[String: Bucket]>([:])
    private let perSecond: Double
    private let burst: Double
    private let maxKeys = 100_000

    /// `perMinute` tokens a minute, at most `burst` saved up.
    public init(perMinute: Double = 5, burst: Double = 10) {
        perSecond = perMinute / 60
        self.burst = burst
    }

    /// Takes one token from every key's bucket; when any is empty nothing is taken and the answer is the seconds to
    /// wait (at least 1). nil means go ahead.
    public func attempt(keys: [String], now: UInt64 = MonotonicClock.nanoseconds()) -> Int? {
        buckets.withLock { buckets -> Int? in
            if buckets.count > maxKeys { buckets.removeAll(keepingCapacity: true) }
            var refreshed: [(String, Bucket)] = []
            var wait = 0.0
            for key in keys {
                var bucket = buckets[key] ?? Bucket(tokens: burst, updatedAt: now)
                let elapsed = Double(now &- bucket.updatedAt) / 1e9
                bucket.tokens = min(burst, bucket.tokens + max(0, elapsed) * perSecond)
                bucket.updatedAt = now
                if bucket.tokens < 1 { wait = max(wait, (1 - bucket.tokens) / perSecond) }
                refreshed.append((key, bucket))
            }
            for (key, var bucket) in refreshed {
                if wait == 0 { bucket.tokens -= 1 }
                buckets[key] = bucket
            }
            return wait == 0 ? nil : max(1, Int(wait.rounded(.up)))
        }
    }
}
