import GenetixCore
import Synchronization

/// Token buckets per key (`email:…`, `addr:…`): each login attempt takes a token; tokens refill at `perMinute` per
/// minute up to `burst`. An empty bucket means 429 with `Retry-After`.
///
/// A full bucket behaves exactly like one never created, so every `sweepInterval` the buckets that have refilled are
/// dropped: the map holds only the keys that tried in the last `burst / perMinute` minutes (2 by default), not every
/// email ever seen. `maxKeys` is the last resort against a flood of distinct keys within that window.
public final class LoginRateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updatedAt: UInt64
    }

    private struct State {
        var buckets: [String: Bucket] = [:]
        var sweptAt: UInt64
    }

    private let state: Mutex<State>
    private let perSecond: Double
    private let burst: Double
    /// The most keys kept; beyond it (after a sweep) all buckets are dropped.
    let maxKeys: Int
    /// How often refilled buckets are dropped.
    static let sweepInterval: UInt64 = 10_000_000_000

    /// `perMinute` tokens a minute, at most `burst` saved up.
    public init(perMinute: Double = 5, burst: Double = 10, maxKeys: Int = 100_000, now: UInt64 = MonotonicClock.nanoseconds()) {
        perSecond = perMinute / 60
        self.burst = burst
        self.maxKeys = maxKeys
        state = Mutex(State(sweptAt: now))
    }

    /// The number of keys with a bucket now.
    public var keyCount: Int { state.withLock { $0.buckets.count } }

    /// Takes one token from every key's bucket; when any is empty nothing is taken and the answer is the seconds to
    /// wait (at least 1). nil means go ahead.
    public func attempt(keys: [String], now: UInt64 = MonotonicClock.nanoseconds()) -> Int? {
        state.withLock { state -> Int? in
            if now &- state.sweptAt >= Self.sweepInterval || state.buckets.count > maxKeys {
                sweep(&state, now: now)
            }
            var refreshed: [(String, Bucket)] = []
            var wait = 0.0
            for key in keys {
                var bucket = state.buckets[key] ?? Bucket(tokens: burst, updatedAt: now)
                bucket.tokens = refilled(bucket, now: now)
                bucket.updatedAt = now
                if bucket.tokens < 1 { wait = max(wait, (1 - bucket.tokens) / perSecond) }
                refreshed.append((key, bucket))
            }
            for (key, var bucket) in refreshed {
                if wait == 0 { bucket.tokens -= 1 }
                state.buckets[key] = bucket
            }
            return wait == 0 ? nil : max(1, Int(wait.rounded(.up)))
        }
    }

    private func refilled(_ bucket: Bucket, now: UInt64) -> Double {
        let elapsed = now >= bucket.updatedAt ? Double(now - bucket.updatedAt) / 1e9 : 0
        return min(burst, bucket.tokens + elapsed * perSecond)
    }

    /// Drops the buckets that have refilled; if a flood of new keys still leaves more than `maxKeys`, drops them all.
    private func sweep(_ state: inout State, now: UInt64) {
        state.sweptAt = now
        state.buckets = state.buckets.filter { refilled($0.value, now: now) < burst }
        if state.buckets.count > maxKeys { state.buckets.removeAll() }
    }
}
