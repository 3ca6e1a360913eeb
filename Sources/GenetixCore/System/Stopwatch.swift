#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads CLOCK_MONOTONIC: cheap, never jumps with wall-clock changes. For timing on hot paths.
public enum MonotonicClock {
    /// Nanoseconds since an arbitrary fixed point (boot).
    @inline(__always)
    public static func nanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }
}

/// A started timer on the monotonic clock; a plain value, free to copy.
public struct Stopwatch: Sendable, Equatable {
    /// When it started, in `MonotonicClock` nanoseconds.
    public let startNanoseconds: UInt64

    /// Starts now.
    @inline(__always)
    public init() { startNanoseconds = MonotonicClock.nanoseconds() }

    /// Starts at a given `MonotonicClock` reading.
    public init(startNanoseconds: UInt64) { self.startNanoseconds = startNanoseconds }

    /// Nanoseconds since the start.
    @inline(__always)
    public var elapsedNanoseconds: UInt64 {
        let now = MonotonicClock.nanoseconds()
        return now > startNanoseconds ? now - startNanoseconds : 0
    }

    /// Seconds since the start.
    @inline(__always)
    public var elapsedSeconds: Double { Double(elapsedNanoseconds) / 1e9 }

    /// The time since the start as a `Duration`.
    public var elapsed: Duration { .nanoseconds(Int64(clamping: elapsedNanoseconds)) }
}
