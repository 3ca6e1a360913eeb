/// PM2-style crash handling: exponential backoff between restarts and crash-loop detection.
///
/// - the n-th consecutive crash waits 100 ms × 1.5^(n−1), at most 15 s;
/// - a worker that stayed up 30 s or more before crashing starts again from 100 ms;
/// - 5 crashes within 30 s is a crash loop: the worker is marked `errored` and not restarted (until an operator
///   restarts it or scales it away).
public struct RestartPolicy: Sendable, Equatable {
    public var initialDelay: Double = 0.1
    public var factor: Double = 1.5
    public var maxDelay: Double = 15
    public var resetAfterUptime: Double = 30
    public var crashLoopCount: Int = 5
    public var crashLoopWindow: Double = 30

    public init() {}

    /// The delay before the restart after `consecutiveCrashes` crashes in a row (1 for the first).
    public func delay(consecutiveCrashes: Int) -> Double {
        guard consecutiveCrashes > 1 else { return initialDelay }
        var d = initialDelay
        for _ in 1..<consecutiveCrashes {
            d *= factor
            if d >= maxDelay { return maxDelay }
        }
        return Swift.min(d, maxDelay)
    }

    /// The consecutive-crash count after a crash that ended `uptime` seconds of running.
    public func consecutiveCrashes(after previous: Int, uptime: Double) -> Int {
        uptime >= resetAfterUptime ? 1 : previous + 1
    }

    /// Whether the crash times (seconds) ending at `now` make a crash loop.
    public func isCrashLoop(crashTimes: [Double], now: Double) -> Bool {
        crashTimes.filter { now - $0 <= crashLoopWindow }.count >= crashLoopCount
    }
}
