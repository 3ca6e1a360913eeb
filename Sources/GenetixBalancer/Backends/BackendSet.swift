import GenetixCore
import GenetixNet
import Synchronization

/// The backends of a balancer, shared by every loop. Readers take an immutable snapshot (an array of `Backend`
/// references); changes (discovery, operator actions) build a new array and swap it under a Mutex, bumping an atomic
/// generation so each loop re-reads only when something changed — the hot path reads one atomic.
public final class BackendSet: Sendable {
    private let members = Mutex<[Backend]>([])
    private let generationValue = Atomic<Int>(1)
    /// Passive ejection settings.
    public let ejection: EjectionPolicy
    /// Called (off the hot path's locks) when a backend is ejected: for metrics and events.
    private let onEjection: Mutex<(@Sendable (Backend, Duration) -> Void)?> = Mutex(nil)
    /// Addresses an operator drained: a discovered backend that goes away (its worker stopped) and comes back at the
    /// same address stays drained until the operator enables it.
    private let operatorDrained = Mutex<Set<String>>([])
    /// Weights an operator set, by address: applied again to a backend that comes back at the same address.
    private let operatorWeights = Mutex<[String: Int]>([:])
    /// Told about every operator decision (drain, enable, weight): the node's state file keeps them across restarts.
    private let decisionObserver = Mutex<(@Sendable (OperatorDecision) -> Void)?>(nil)

    /// An empty set.
    public init(ejection: EjectionPolicy = EjectionPolicy()) {
        self.ejection = ejection
    }

    /// Changes whenever membership changes.
    @inline(__always)
    public var generation: Int { generationValue.load(ordering: .acquiring) }

    /// The current backends.
    public var all: [Backend] { members.withLock { $0 } }

    /// The backend named `key` (`host:port`).
    public func backend(_ key: String) -> Backend? { members.withLock { $0.first { $0.key == key } } }

    /// Adds static backends (duplicates by address are ignored).
    public func addStatic(_ addresses: [SocketAddress], weight: Int = 1) {
        let weights = operatorWeights.withLock { $0 }
        mutate { list in
            for address in addresses where !list.contains(where: { $0.key == address.description }) {
                list.append(Backend(address: address, source: .static, weight: weights[address.description] ?? weight))
            }
        }
    }

    /// Makes the static backends exactly `addresses` (a reloaded `--backend` list): new ones are added (with any weight
    /// or drain an operator gave their address), known ones keep their counters, missing ones are removed — requests
    /// in flight to them finish. Discovered backends are untouched. Returns the keys added and removed.
    @discardableResult
    public func replaceStatic(_ addresses: [SocketAddress]) -> (added: [String], removed: [String]) {
        let weights = operatorWeights.withLock { $0 }
        let drained = operatorDrained.withLock { $0 }
        let wanted = addresses.map(\.description)
        var added: [String] = [], removed: [String] = []
        mutate { list in
            list.removeAll { backend in
                guard backend.source == .static, !wanted.contains(backend.key) else { return false }
                removed.append(backend.key)
                return true
            }
            for address in addresses where !list.contains(where: { $0.key == address.description }) {
                let backend = Backend(address: address, source: .static, weight: weights[address.description] ?? 1)
                backend.drainedByOperator.store(drained.contains(backend.key), ordering: .relaxed)
                list.append(backend)
                added.append(backend.key)
            }
        }
        return (added, removed)
    }

    /// Drains (`true`) or enables (`false`) a backend on an operator's word, and remembers it for the address.
    public func setOperatorDrain(_ backend: Backend, _ drained: Bool, actor: String = "system") {
        operatorDrained.withLock { if drained { $0.insert(backend.key) } else { $0.remove(backend.key) } }
        backend.drainedByOperator.store(drained, ordering: .relaxed)
        decisionObserver.withLock { $0 }?(OperatorDecision(backend: backend.key, drained: drained, actor: actor))
    }

    /// Sets a backend's weight on an operator's word, and remembers it for the address.
    public func setOperatorWeight(_ backend: Backend, _ weight: Int, actor: String = "system") {
        operatorWeights.withLock { $0[backend.key] = weight }
        backend.weight = weight
        decisionObserver.withLock { $0 }?(OperatorDecision(backend: backend.key, weight: weight, actor: actor))
    }

    /// Applies decisions saved before a restart, to the backends present now and to those discovered later.
    public func restoreOperatorDecisions(drained: Set<String>, weights: [String: Int]) {
        operatorDrained.withLock { $0.formUnion(drained) }
        operatorWeights.withLock { $0.merge(weights) { _, saved in saved } }
        for backend in all {
            if drained.contains(backend.key) { backend.drainedByOperator.store(true, ordering: .relaxed) }
            if let weight = weights[backend.key] { backend.weight = weight }
        }
    }

    /// The operator decisions in force: drained addresses and weights by address (a balancer pair shares them).
    public var operatorDecisions: (drained: Set<String>, weights: [String: Int]) {
        (operatorDrained.withLock { $0 }, operatorWeights.withLock { $0 })
    }

    /// Makes the operator decisions exactly `drained` and `weights` (a peer's, copied when a balancer of a pair starts):
    /// unlike `restoreOperatorDecisions`, a drain or weight this balancer had that the peer has not is lifted. Every
    /// change is reported to the decision observer (the state file), with `actor`.
    public func adoptOperatorDecisions(drained: Set<String>, weights: [String: Int], actor: String) {
        let (oldDrained, oldWeights) = operatorDecisions
        operatorDrained.withLock { $0 = drained }
        operatorWeights.withLock { $0 = weights }
        for backend in all {
            backend.drainedByOperator.store(drained.contains(backend.key), ordering: .relaxed)
            if let weight = weights[backend.key] { backend.weight = weight } else if oldWeights[backend.key] != nil { backend.weight = 1 }
        }
        guard let observer = decisionObserver.withLock({ $0 }) else { return }
        for address in oldDrained.symmetricDifference(drained).sorted() {
            observer(OperatorDecision(backend: address, drained: drained.contains(address), actor: actor))
        }
        for address in Set(oldWeights.keys).union(weights.keys).sorted() where oldWeights[address] != weights[address] {
            observer(OperatorDecision(backend: address, weight: weights[address] ?? 1, actor: actor))
        }
    }

    /// Sets the function told about operator decisions.
    public func setDecisionObserver(_ observer: @escaping @Sendable (OperatorDecision) -> Void) {
        decisionObserver.withLock { $0 = observer }
    }

    /// Replaces the backends discovered from `node` with `workers` (address, worker id, draining?): new ones are
    /// added, known ones keep their counters and get the new draining flag, missing ones are removed.
    public func replaceDiscovered(from node: String, with workers: [DiscoveredWorker]) {
        var changed = false
        let drained = operatorDrained.withLock { $0 }
        let weights = operatorWeights.withLock { $0 }
        members.withLock { list in
            var next: [Backend] = []
            for backend in list {
                if case .discovered(let from, _) = backend.source, from == node {
                    if let worker = workers.first(where: { $0.address.description == backend.key }) {
                        backend.drainedByDiscovery.store(worker.draining, ordering: .relaxed)
                        next.append(backend)
                    } else {
                        changed = true
                    }
                } else {
                    next.append(backend)
                }
            }
            for worker in workers where !next.contains(where: { $0.key == worker.address.description }) {
                let backend = Backend(address: worker.address, source: .discovered(node: node, workerId: worker.workerId),
                                      weight: weights[worker.address.description] ?? 1)
                backend.drainedByDiscovery.store(worker.draining, ordering: .relaxed)
                backend.drainedByOperator.store(drained.contains(backend.key), ordering: .relaxed)
                next.append(backend)
                changed = true
            }
            list = next
        }
        if changed { generationValue.wrappingAdd(1, ordering: .releasing) }
    }

    /// Sets the function told about ejections.
    public func setEjectionObserver(_ observer: @escaping @Sendable (Backend, Duration) -> Void) {
        onEjection.withLock { $0 = observer }
    }

    private func mutate(_ body: (inout [Backend]) -> Void) {
        members.withLock { body(&$0) }
        generationValue.wrappingAdd(1, ordering: .releasing)
    }

    // MARK: Passive ejection

    /// Records a good answer from `backend`.
    @inline(__always)
    func recordSuccess(_ backend: Backend) {
        if backend.consecutiveFailures.load(ordering: .relaxed) != 0 {
            backend.consecutiveFailures.store(0, ordering: .relaxed)
        }
        if backend.consecutiveEjections.load(ordering: .relaxed) != 0 {
            // Healthy for a whole base period after its last ejection ended: forget the ejection history.
            let until = backend.ejectedUntil.load(ordering: .relaxed)
            if until &+ ejection.baseDuration.nanoseconds < Syscall.monotonicNanos() {
                backend.consecutiveEjections.store(0, ordering: .relaxed)
            }
        }
    }

    /// Records a connect error or a 5xx; ejects the backend after `ejection.consecutiveFailures` in a row, unless that
    /// would put more than half of the backends out. Returns the ejection time when it ejected.
    @discardableResult
    func recordFailure(_ backend: Backend, now: UInt64 = Syscall.monotonicNanos()) -> Duration? {
        backend.errors.wrappingAdd(1, ordering: .relaxed)
        let failures = backend.consecutiveFailures.wrappingAdd(1, ordering: .relaxed).newValue
        guard failures >= ejection.consecutiveFailures, !backend.isEjected(now: now) else { return nil }
        let duration: Duration? = members.withLock { list in
            let ejected = list.filter { $0 !== backend && $0.isEjected(now: now) }.count
            guard (ejected + 1) * 2 <= list.count else { return nil }
            let times = backend.consecutiveEjections.wrappingAdd(1, ordering: .relaxed).newValue
            let duration = ejection.baseDuration * min(times, ejection.maxMultiplier)
            backend.ejectedUntil.store(now &+ duration.nanoseconds, ordering: .relaxed)
            backend.consecutiveFailures.store(0, ordering: .relaxed)
            return duration
        }
        if let duration, let observer = onEjection.withLock({ $0 }) { observer(backend, duration) }
        return duration
    }

    /// Routable backends at `now`.
    func routable(now: UInt64 = Syscall.monotonicNanos()) -> [Backend] { all.filter { $0.isRoutable(now: now) } }
}

/// An operator's decision about one backend: drained or enabled, or a new weight.
public struct OperatorDecision: Sendable, Equatable {
    public var backend: String
    public var drained: Bool?
    public var weight: Int?
    public var actor: String
    public init(backend: String, drained: Bool? = nil, weight: Int? = nil, actor: String) {
        self.backend = backend
        self.drained = drained
        self.weight = weight
        self.actor = actor
    }
}

/// A worker an app node published: where it listens and whether it is draining.
public struct DiscoveredWorker: Sendable, Equatable {
    public var address: SocketAddress
    public var workerId: Int?
    public var draining: Bool
    public init(address: SocketAddress, workerId: Int?, draining: Bool) {
        self.address = address
        self.workerId = workerId
        self.draining = draining
    }
}

/// When passive ejection takes a backend out: after `consecutiveFailures` connect errors or 5xx answers in a row, for
/// `baseDuration` × the number of consecutive ejections (capped at `maxMultiplier`).
public struct EjectionPolicy: Sendable, Equatable {
    public var consecutiveFailures: Int
    public var baseDuration: Duration
    public var maxMultiplier: Int
    public init(consecutiveFailures: Int = 5, baseDuration: Duration = .seconds(30), maxMultiplier: Int = 10) {
        self.consecutiveFailures = consecutiveFailures
        self.baseDuration = baseDuration
        self.maxMultiplier = maxMultiplier
    }
}
