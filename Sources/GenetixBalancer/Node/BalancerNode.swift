import Foundation
import GenetixAdmin
import GenetixCore
import GenetixNet

/// The balancer as the admin API sees it: status (backends, listeners, cache, figures), readiness (some backend takes
/// requests) and the actions `drain`, `enable`, `weight` and `purge`.
public struct BalancerNode: AdminNode {
    public let balancer: Balancer
    /// The balancer's place in a pair behind a floating address (nil: a single balancer).
    public let pair: BalancerPair?

    public init(balancer: Balancer, pair: BalancerPair? = nil) {
        self.balancer = balancer
        self.pair = pair
    }

    public func status() async -> NodeStatus {
        let proxy = balancer.proxy
        var status = NodeStatus(name: balancer.configuration.name, kind: .balancer, role: "balancer", version: "",
                                startedAt: Date(), pid: getpid())
        let now = Syscall.monotonicNanos()
        var list: [BackendStatus] = []
        for backend in balancer.backends.all {
            var entry = BackendStatus(address: backend.key, state: backend.state, weight: backend.weight,
                                      inFlight: backend.requestsInFlight)
            entry.source = backend.source.name
            if case .discovered(let node, let worker) = backend.source {
                entry.node = node
                entry.workerId = worker
            }
            let requests = backend.requests.load(ordering: .relaxed)
            entry.requests = Int64(requests)
            entry.errors = Int64(backend.errors.load(ordering: .relaxed))
            let figures = balancer.sampler.figures(backend.key, requests: requests, histogram: backend.latency.snapshot())
            entry.requestsPerSecond = figures.requestsPerSecond
            entry.p99Ms = figures.p99Ms
            let record = backend.checks.withLock { $0 }
            entry.lastCheck = record.lastResult
            if let at = record.lastCheckAt { entry.lastCheckAt = Date().addingTimeInterval(-Self.seconds(ContinuousClock.now - at)) }
            list.append(entry)
        }
        balancer.sampler.retain(Set(list.map(\.address)))
        status.backends = list
        status.listeners = balancer.listeners
        status.pair = pair?.status(balancer.backends)
        status.cache = proxy.cacheStatistics.status
        let metrics = proxy.metrics
        let total = metrics.requests.value
        let figures = balancer.sampler.figures("#total", requests: total, histogram: metrics.total.snapshot())
        let fivexx = metrics.byClass[5].value
        let answered = max(1, metrics.byClass.reduce(0) { $0 + $1.value })
        status.figures = NodeFigures(requestsPerSecond: figures.requestsPerSecond, p50Ms: metrics.total.quantile(0.5).map { $0 * 1000 },
                                     p99Ms: figures.p99Ms, errorRate: Double(fivexx) / Double(answered),
                                     inFlight: list.reduce(0) { $0 + $1.inFlight })
        let routable = balancer.backends.all.filter { $0.isRoutable(now: now) }.count
        if list.isEmpty {
            status.health.worsen(to: .down, "no backends: give --backend or --app-admin, or check the app nodes")
        } else if routable == 0 {
            status.health.worsen(to: .down, "none of the \(list.count) backends takes requests (all down, draining or ejected)")
        } else if routable < list.count {
            status.health.worsen(to: .degraded, "\(list.count - routable) of \(list.count) backends take no requests")
        }
        return status
    }

    public func isReady() async -> Bool {
        if let pair, pair.standby || !pair.isSettled { return false }
        let now = Syscall.monotonicNanos()
        return balancer.backends.all.contains { $0.isRoutable(now: now) }
    }

    public var actions: [AdminAction] {
        let balancer = self.balancer
        let backendSchema: JSONValue = .object([
            "type": .string("object"), "required": .array([.string("backend")]),
            "properties": .object(["backend": .object(["type": .string("string"), "description": .string("HOST:PORT of the backend")])]),
        ])
        return [
            AdminAction(name: "drain", summary: "Stop sending new requests to a backend; requests in flight finish. Refused (409) for the last backend that takes requests unless force is true.",
                        bodySchema: .object([
                            "type": .string("object"), "required": .array([.string("backend")]),
                            "properties": .object([
                                "backend": .object(["type": .string("string"), "description": .string("HOST:PORT of the backend")]),
                                "force": .object(["type": .string("boolean"),
                                                  "description": .string("Drain even the last backend that takes requests (every request then gets 503).")]),
                            ]),
                        ])) { context throws(ActionError) in
                let backend = try Self.backend(context, balancer, allowed: ["backend", "force"])
                let force = try ActionBody(context.body, allowed: ["backend", "force"]).bool("force") ?? false
                if !force, let refusal = DrainRefusal.check(draining: backend, in: balancer.backends, balancer: balancer.configuration.name) {
                    throw .conflict(refusal)
                }
                balancer.backends.setOperatorDrain(backend, true, actor: context.actor)
                balancer.events?.emit(type: "backend.drained", message: "backend \(backend.key) drained by \(context.actor)",
                                      actor: context.actor, target: backend.key)
                return Self.describe(backend)
            },
            AdminAction(name: "enable", summary: "Send requests to a drained backend again.",
                        bodySchema: backendSchema) { context throws(ActionError) in
                let backend = try Self.backend(context, balancer, allowed: ["backend"])
                balancer.backends.setOperatorDrain(backend, false, actor: context.actor)
                backend.ejectedUntil.store(0, ordering: .relaxed)
                balancer.events?.emit(type: "backend.enabled", message: "backend \(backend.key) enabled by \(context.actor)",
                                      actor: context.actor, target: backend.key)
                return Self.describe(backend)
            },
            AdminAction(name: "weight", summary: "Set a backend's weight for weighted balancing (0 takes no new requests).",
                        bodySchema: .object([
                            "type": .string("object"), "required": .array([.string("backend"), .string("weight")]),
                            "properties": .object([
                                "backend": .object(["type": .string("string")]),
                                "weight": .object(["type": .string("integer"), "minimum": .number(0), "maximum": .number(1000)]),
                            ]),
                        ])) { context throws(ActionError) in
                let backend = try Self.backend(context, balancer, allowed: ["backend", "weight"])
                let body = try ActionBody(context.body, allowed: ["backend", "weight"])
                let weight = try body.require("weight", body.int)
                guard (0...1000).contains(weight) else { throw .badRequest("field 'weight' must be from 0 to 1000", field: "weight") }
                balancer.backends.setOperatorWeight(backend, weight, actor: context.actor)
                return Self.describe(backend)
            },
            AdminAction(name: "purge", summary: "Remove cached responses whose path starts with a prefix.",
                        bodySchema: .object([
                            "type": .string("object"), "required": .array([.string("prefix")]),
                            "properties": .object(["prefix": .object(["type": .string("string"), "example": .string("/static/")])]),
                        ])) { context throws(ActionError) in
                let body = try ActionBody(context.body, allowed: ["prefix"])
                let prefix = try body.require("prefix", body.string)
                guard prefix.hasPrefix("/") else { throw .badRequest("field 'prefix' must start with /", field: "prefix") }
                let removed = await balancer.proxy.purge(prefix: prefix)
                return .object(["prefix": .string(prefix), "removed": .number(Double(removed))])
            },
        ] + pairActions
    }

    private static func backend(_ context: ActionContext, _ balancer: Balancer, allowed: Set<String>) throws(ActionError) -> Backend {
        let body = try ActionBody(context.body, allowed: allowed)
        let key = try body.require("backend", body.string)
        guard let backend = balancer.backends.backend(key) else {
            let known = balancer.backends.all.map(\.key).joined(separator: ", ")
            throw .notFound("no backend \(key) (known: \(known.isEmpty ? "none" : known))")
        }
        return backend
    }

    private static func describe(_ backend: Backend) -> JSONValue {
        .object(["backend": .string(backend.key), "state": .string(backend.state.rawValue), "weight": .number(Double(backend.weight)),
                 "inFlight": .number(Double(backend.requestsInFlight))])
    }

    private static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
