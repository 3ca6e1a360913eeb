@testable import GenetixApp
import Testing

@Suite struct LoginRateLimiterTests {
    private let second: UInt64 = 1_000_000_000

    @Test func anEmptyBucketAnswersTheSecondsToWait() {
        let limiter = LoginRateLimiter(perMinute: 6, burst: 2, now: 0)
        #expect(limiter.attempt(keys: ["email:a"], now: 1) == nil)
        #expect(limiter.attempt(keys: ["email:a"], now: 2) == nil)
        #expect(limiter.attempt(keys: ["email:a"], now: 3) == 10)
        #expect(limiter.attempt(keys: ["email:b"], now: 4) == nil)
        #expect(limiter.attempt(keys: ["email:a"], now: 10 * second + 3) == nil)
    }

    @Test func refilledBucketsAreDroppedSoOnlyRecentKeysAreKept() {
        let limiter = LoginRateLimiter(perMinute: 5, burst: 10, now: 0)
        for i in 0..<5_000 { _ = limiter.attempt(keys: ["email:\(i)@example.test"], now: UInt64(i) * 1_000) }
        #expect(limiter.keyCount == 5_000)
        // One token taken refills in 12 s; after the sweep interval past that, only the new attempt's keys remain.
        let later = 12 * second + LoginRateLimiter.sweepInterval
        #expect(limiter.attempt(keys: ["email:new@example.test", "addr:10.0.0.2"], now: later) == nil)
        #expect(limiter.keyCount == 2)
    }

    @Test func aSweepKeepsTheBucketsThatStillLimit() {
        let limiter = LoginRateLimiter(perMinute: 5, burst: 3, now: 0)
        for _ in 0..<3 { #expect(limiter.attempt(keys: ["email:victim@example.test"], now: 0) == nil) }
        #expect(limiter.attempt(keys: ["email:victim@example.test"], now: 0) != nil)
        // 13 s later a sweep runs (another key's attempt); the drained bucket, refilled to 1.08 tokens, survives it:
        // one attempt passes, the next is limited (a dropped bucket would have started again at 3).
        _ = limiter.attempt(keys: ["email:other@example.test"], now: 13 * second)
        #expect(limiter.attempt(keys: ["email:victim@example.test"], now: 13 * second) == nil)
        #expect(limiter.attempt(keys: ["email:victim@example.test"], now: 13 * second + 1) != nil)
    }

    @Test func aFloodOfDistinctKeysNeverHoldsMoreThanTheCapPastASweep() {
        let limiter = LoginRateLimiter(perMinute: 5, burst: 10, maxKeys: 100, now: 0)
        for i in 0..<250 { _ = limiter.attempt(keys: ["email:\(i)"], now: UInt64(i)) }
        #expect(limiter.keyCount <= 101)
    }
}
