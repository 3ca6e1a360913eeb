import GenetixCore

/// The balancer's instruments, looked up once in the node's registry and kept for the hot path.
public final class BalancerMetrics: Sendable {
    let registry: MetricsRegistry
    /// Answers by status class, index 1…5 for 1xx…5xx.
    let byClass: [Counter]
    let requests: Counter
    let total: Histogram
    let upstream: Histogram
    let retries: Counter
    let ejections: Counter
    let cacheHits: Counter
    let cacheMisses: Counter
    let rateLimited: Counter
    let noBackend: Counter
    let internalRefused: Counter
    let plainRefused: Counter

    /// Registers the balancer's metrics in `registry`.
    public init(registry: MetricsRegistry) {
        self.registry = registry
        byClass = (0...5).map { c in
            registry.counter("balancer_responses", help: "Answers to clients by status class.", labels: ["class": c == 0 ? "other" : "\(c)xx"])
        }
        requests = registry.counter("balancer_requests", help: "Requests received from clients.")
        total = registry.histogram("balancer_request_duration_seconds", help: "Time from a complete request to the end of its answer.")
        upstream = registry.histogram("balancer_upstream_duration_seconds", help: "Time from sending a request to a backend to its response head.")
        retries = registry.counter("balancer_retries", help: "Requests retried on another backend.")
        ejections = registry.counter("balancer_ejections", help: "Backends ejected by passive health checking.")
        cacheHits = registry.counter("balancer_cache_hits", help: "Requests answered from the edge cache.")
        cacheMisses = registry.counter("balancer_cache_misses", help: "Cacheable requests the edge cache could not answer.")
        rateLimited = registry.counter("balancer_rate_limited", help: "Requests refused with 429.")
        noBackend = registry.counter("balancer_no_backend", help: "Requests answered 503 because no backend was available.")
        internalRefused = registry.counter("balancer_internal_path_refused", help: "Requests for internal endpoints refused with 404 on a public listener.")
        plainRefused = registry.counter("balancer_plain_http_refused", help: "API calls refused on plain HTTP because an HTTPS listener exists.")
    }

    @inline(__always)
    func countAnswer(_ status: Int) {
        let c = status / 100
        byClass[c >= 1 && c <= 5 ? c : 0].increment()
    }

    /// Registers per-backend series computed at render time.
    func registerBackend(_ backend: Backend) {
        let labels = ["backend": backend.key]
        registry.counter("balancer_backend_requests", help: "Requests sent to a backend.", labels: labels) {
            Double(backend.requests.load(ordering: .relaxed))
        }
        registry.counter("balancer_backend_errors", help: "Connect errors and 5xx answers of a backend.", labels: labels) {
            Double(backend.errors.load(ordering: .relaxed))
        }
        registry.gauge("balancer_backend_in_flight", help: "Requests in flight to a backend.", labels: labels) {
            Double(backend.inFlight.load(ordering: .relaxed))
        }
        registry.gauge("balancer_backend_up", help: "1 when a backend takes new requests.", labels: labels) {
            backend.state == .up ? 1 : 0
        }
    }

    /// Removes the series of a backend that left.
    func removeBackend(_ backend: Backend) {
        let labels = ["backend": backend.key]
        for name in ["balancer_backend_requests", "balancer_backend_errors", "balancer_backend_in_flight", "balancer_backend_up"] {
            registry.remove(name, labels: labels)
        }
    }
}
