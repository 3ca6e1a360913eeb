/// The supervisor's side of the drain protocol with the balancers.
///
/// Balancers poll `GET /admin/v1/status?observer=<name>&idle=<addr>,<addr>` every 500 ms; `idle` lists the worker
/// addresses that balancer has marked draining and has no request in flight to. A draining worker may be stopped when
/// - every observer seen in the last 3 s lists it as idle and the worker's own in-flight count is 0; or
/// - the drain timeout has passed and in-flight is 0; or
/// - twice the drain timeout has passed (hard cap, whatever is in flight); or
/// - no observer was seen in the last 3 s, in-flight is 0 and 1 s has passed since the drain began.
public struct DrainTracker: Sendable {
    private struct Observer: Sendable {
        var lastSeen: Double
        var idle: Set<String>
    }

    private var observers: [String: Observer] = [:]
    /// Observers older than this (seconds) no longer count.
    public var observerLifetime: Double = 3
    /// The drain timeout (seconds).
    public var timeout: Double

    public init(timeout: Double = 10) { self.timeout = timeout }

    /// Records a status poll by `observer` reporting `idle` addresses at time `now` (seconds, monotonic).
    public mutating func observe(_ observer: String, idle: Set<String>, now: Double) {
        observers[observer] = Observer(lastSeen: now, idle: idle)
        observers = observers.filter { now - $0.value.lastSeen <= observerLifetime * 10 }
    }

    /// Records a status query (`observer`, `idle` comma list); ignores queries without an observer.
    public mutating func observe(query: [String: String], now: Double) {
        guard let name = query["observer"], !name.isEmpty else { return }
        let idle = Set((query["idle"] ?? "").split(separator: ",").map { String($0.trimmingSpacesOnly()) }.filter { !$0.isEmpty })
        observe(name, idle: idle, now: now)
    }

    /// The observers seen within `observerLifetime` of `now`.
    public func activeObservers(now: Double) -> [String] {
        observers.filter { now - $0.value.lastSeen <= observerLifetime }.keys.sorted()
    }

    /// Whether the draining worker at `address` may be stopped now.
    public func mayStop(address: String, inFlight: Int, drainingSince: Double, now: Double) -> Bool {
        let elapsed = now - drainingSince
        if elapsed >= 2 * timeout { return true }
        guard inFlight == 0 else { return false }
        if elapsed >= timeout { return true }
        let active = observers.filter { now - $0.value.lastSeen <= observerLifetime }
        if active.isEmpty { return elapsed >= 1 }
        return active.values.allSatisfy { $0.idle.contains(address) }
    }
}

extension Substring {
    fileprivate func trimmingSpacesOnly() -> Substring {
        var s = self
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return s
    }
}
