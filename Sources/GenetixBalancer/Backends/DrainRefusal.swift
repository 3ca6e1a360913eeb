import GenetixCore
import GenetixNet

/// The safety rule of the `drain` action: draining the last backend that takes requests would turn every request
/// into a 503, so it is refused unless the operator says `force`.
enum DrainRefusal {
    /// Why draining `backend` is refused, or nil when other backends still take requests (or it takes none itself).
    static func check(draining backend: Backend, in backends: BackendSet, balancer: String) -> String? {
        let now = Syscall.monotonicNanos()
        guard backend.isRoutable(now: now) else { return nil }
        let others = backends.all.filter { $0 !== backend && $0.isRoutable(now: now) }
        guard others.isEmpty else { return nil }
        return "refusing to drain \(backend.key): it is the last backend of \(balancer) that takes requests, so every request "
            + "would get 503 until another backend is up; enable or add a backend first, or drain it anyway with "
            + "{\"backend\": \"\(backend.key)\", \"force\": true} (genetix drain \(balancer) \(backend.key) --force)"
    }
}
