import Synchronization

/// A count that only goes up (requests served, bytes sent, restarts). Lock-free.
public final class Counter: Sendable {
    private let atomic = Atomic<Int>(0)

    /// A new counter at zero (normally made by `MetricsRegistry.counter`).
    public init() {}

    /// Adds `amount` (zero or more).
    @inline(__always)
    public func increment(by amount: Int = 1) {
        precondition(amount >= 0, "a counter only goes up; use a Gauge for values that go down")
        atomic.add(amount, ordering: .relaxed)
    }

    /// The current count.
    public var value: Int { atomic.load(ordering: .relaxed) }
}
