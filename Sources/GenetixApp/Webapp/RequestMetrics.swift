import GenetixCore
import GenetixNet
import Synchronization

/// The worker's request figures: Prometheus series (`genetix_app_requests_total{route,status}`,
/// `genetix_app_request_duration_seconds`, `genetix_app_in_flight_requests`) and the totals the supervisor polls from
/// `/internal/stats`. Per request it costs two atomic updates, one short lock (the status counter) and a histogram
/// observation.
public final class RequestMetrics: Sendable {
    public let registry: MetricsRegistry
    private let inFlightCount = Atomic<Int>(0)
    private let requestCount = Atomic<Int>(0)
    private let latency: Histogram
    private let window = Mutex<(snapshot: HistogramSnapshot, count: Int, at: UInt64)>((HistogramSnapshot(), 0, MonotonicClock.nanoseconds()))

    public init(registry: MetricsRegistry) {
        self.registry = registry
        latency = registry.histogram("genetix_app_request_duration_seconds", help: "Time from routing a request to its answer.")
        registry.gauge("genetix_app_in_flight_requests", help: "Requests being answered right now.") { [weak self] in
            Double(self?.inFlight ?? 0)
        }
    }

    /// The per-status counters of one route (resolve once, when mounting).
    public func route(_ pattern: String) -> RouteMetrics { RouteMetrics(pattern: pattern, registry: registry) }

    /// Marks a request as started.
    @inline(__always)
    public func begin() -> Stopwatch {
        inFlightCount.wrappingAdd(1, ordering: .relaxed)
        return Stopwatch()
    }

    /// Marks a request as answered with `status`.
    @inline(__always)
    public func end(_ route: RouteMetrics, status: Int, since start: Stopwatch) {
        latency.observe(start)
        route.counter(status).increment()
        requestCount.wrappingAdd(1, ordering: .relaxed)
        inFlightCount.wrappingSubtract(1, ordering: .relaxed)
    }

    /// Requests in progress now.
    public var inFlight: Int { inFlightCount.load(ordering: .relaxed) }

    /// Requests answered since start.
    public var requests: Int { requestCount.load(ordering: .relaxed) }

    /// The figures since the previous call (the supervisor polls once a second): totals, rate and latency quantiles.
    public func windowedStats() -> WorkerStats {
        let now = MonotonicClock.nanoseconds()
        let current = latency.snapshot()
        let total = requests
        let (previous, previousCount, at) = window.withLock { w in
            defer { w = (current, total, now) }
            return w
        }
        let recent = current - previous
        let seconds = max(0.001, Double(now &- at) / 1e9)
        return WorkerStats(requests: Int64(total), inFlight: inFlight,
                           requestsPerSecond: Double(total - previousCount) / seconds,
                           p50Ms: recent.quantile(0.5).map { $0 * 1000 }, p99Ms: recent.quantile(0.99).map { $0 * 1000 })
    }
}

/// The request counters of one route, one per status code, created on first use.
public final class RouteMetrics: Sendable {
    public let pattern: String
    private let registry: MetricsRegistry
    private let counters = Mutex<[Int: Counter]>([:])

    init(pattern: String, registry: MetricsRegistry) {
        self.pattern = pattern
        self.registry = registry
    }

    @inline(__always)
    func counter(_ status: Int) -> Counter {
        if let c = counters.withLock({ $0[status] }) { return c }
        let c = registry.counter("genetix_app_requests", help: "Requests answered, by route and status.",
                                 labels: ["route": pattern, "status": String(status)])
        counters.withLock { $0[status] = c }
        return c
    }
}

/// What a worker reports on `GET /internal/stats` (loopback only), polled by its supervisor.
public struct WorkerStats: Codable, Sendable, Equatable {
    public var requests: Int64
    public var inFlight: Int
    public var requestsPerSecond: Double
    public var p50Ms: Double?
    public var p99Ms: Double?

    public init(requests: Int64, inFlight: Int, requestsPerSecond: Double, p50Ms: Double?, p99Ms: Double?) {
        self.requests = requests
        self.inFlight = inFlight
        self.requestsPerSecond = requestsPerSecond
        self.p50Ms = p50Ms
        self.p99Ms = p99Ms
    }
}
