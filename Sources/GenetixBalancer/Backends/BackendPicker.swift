import GenetixNet

/// Chooses a backend for each request; one per event loop, touched only on that loop, so its counters need no locks.
///
/// Keeps the loop's copy of the backend list and refreshes it when the shared `BackendSet`'s generation moves.
final class BackendPicker {
    private let set: BackendSet
    private let policy: BalancingPolicy
    private var generation = 0
    private(set) var backends: [Backend] = []
    private var next = 0
    /// Smooth weighted round robin's running weights, by index in `backends`.
    private var currentWeights: [Int] = []

    init(set: BackendSet, policy: BalancingPolicy) {
        self.set = set
        self.policy = policy
    }

    /// Re-reads the shared list when it changed.
    @inline(__always)
    func refresh() {
        let g = set.generation
        if g != generation {
            generation = g
            backends = set.all
            currentWeights = Array(repeating: 0, count: backends.count)
            if next >= backends.count { next = 0 }
        }
    }

    /// A routable backend other than those in `excluding`, or nil when none is left.
    func pick(excluding: Backend? = nil, now: UInt64) -> Backend? {
        refresh()
        let count = backends.count
        guard count > 0 else { return nil }
        switch policy {
        case .roundRobin:
            for step in 0..<count {
                let i = (next + step) % count
                let b = backends[i]
                if b !== excluding, b.isRoutable(now: now) {
                    next = (i + 1) % count
                    return b
                }
            }
            return nil
        case .leastConnections:
            var best: Backend?
            var bestLoad = Int.max
            for step in 0..<count {
                let i = (next + step) % count
                let b = backends[i]
                guard b !== excluding, b.isRoutable(now: now) else { continue }
                let load = b.inFlight.load(ordering: .relaxed)
                if load < bestLoad {
                    best = b
                    bestLoad = load
                }
            }
            next = (next + 1) % count
            return best
        case .weighted:
            var total = 0
            var bestIndex = -1
            for i in 0..<count {
                let b = backends[i]
                guard b !== excluding, b.isRoutable(now: now) else { continue }
                let w = b.weight
                currentWeights[i] += w
                total += w
                if bestIndex < 0 || currentWeights[i] > currentWeights[bestIndex] { bestIndex = i }
            }
            guard bestIndex >= 0 else { return nil }
            currentWeights[bestIndex] -= total
            return backends[bestIndex]
        }
    }
}
