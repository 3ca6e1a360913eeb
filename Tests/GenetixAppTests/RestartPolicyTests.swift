import GenetixApp
import Testing

@Suite struct RestartPolicyTests {
    @Test func backoffGrowsByHalfUpToFifteenSeconds() {
        let policy = RestartPolicy()
        let delays = (1...5).map { policy.delay(consecutiveCrashes: $0) }
        let expected = [0.1, 0.15, 0.225, 0.3375, 0.50625]
        for (d, e) in zip(delays, expected) { #expect(abs(d - e) < 1e-9) }
        #expect(policy.delay(consecutiveCrashes: 30) == 15)
    }

    @Test func aLongUptimeResetsTheBackoff() {
        let policy = RestartPolicy()
        #expect(policy.consecutiveCrashes(after: 6, uptime: 2) == 7)
        #expect(policy.consecutiveCrashes(after: 6, uptime: 31) == 1)
    }

    @Test func fiveCrashesWithinThirtySecondsIsACrashLoop() {
        let policy = RestartPolicy()
        #expect(!policy.isCrashLoop(crashTimes: [1, 2, 3, 4], now: 5))
        #expect(policy.isCrashLoop(crashTimes: [1, 2, 3, 4, 5], now: 5))
        #expect(!policy.isCrashLoop(crashTimes: [1, 2, 3, 40, 41], now: 41))
    }
}
