import GenetixCore
import GenetixNet
import Synchronization

/// The proxy shared by a balancer's listeners: configuration, backends, metrics and the per-loop state it hands each
/// request to. `handler` is the `HTTPHandler` for the HTTP and HTTPS servers.
public final class BalancerProxy: @unchecked Sendable {
    // @unchecked Sendable: `loops` is filled in init and never changed; each ProxyLoop is used only on its own loop
    // (the handler runs on the connection's loop, other access goes through `loop.execute`/`submit`).
    public let configuration: BalancerConfiguration
    public let backends: BackendSet
    public let metrics: BalancerMetrics
    public let cacheStatistics: CacheStatistics
    /// The node's edge cache, shared by every loop.
    let cache: SharedEdgeCache
    /// The access log, when one is kept.
    public let accessLog: AccessLog?
    let logger: Logger?
    let viaValue: String
    let maxCachedBodyBytes: Int
    /// The internal paths the public listeners refuse.
    let publicEdge: PublicEdgePolicy
    /// The API paths (`/api/…` in any spelling the worker's router accepts, e.g. `//api/kits`): refused on plain HTTP.
    let apiPaths = PublicEdgePolicy(internalPaths: ["/api/"])
    /// Whether HSTS is sent on HTTPS answers (configured and an HTTPS listener exists).
    let sendsHSTS: Bool
    /// Each loop's state, in loop order. Written only in init, before any request: so no access can overlap another
    /// and the runtime's dynamic check is off; found by a scan (a few `===` per request, no hashing).
    @exclusivity(unchecked) private var loops: [(loop: EventLoop, state: ProxyLoop)] = []
    private let group: EventLoopGroup
    private let httpsPort = Atomic<Int>(0)

    static let hstsValue = "max-age=31536000; includeSubDomains"

    /// Builds the per-loop state on every loop of `group`.
    public init(configuration: BalancerConfiguration, backends: BackendSet, metrics: BalancerMetrics, group: EventLoopGroup,
                accessLog: AccessLog?, logger: Logger?) {
        self.configuration = configuration
        self.backends = backends
        self.metrics = metrics
        self.group = group
        self.accessLog = accessLog
        self.logger = logger
        cacheStatistics = CacheStatistics(limitBytes: configuration.cacheBytes)
        viaValue = "1.1 " + configuration.name
        publicEdge = PublicEdgePolicy(internalPaths: configuration.internalPaths)
        sendsHSTS = configuration.hsts && configuration.tlsListen != nil
        cache = SharedEdgeCache(prefixes: configuration.cachePrefixes, limitBytes: configuration.cacheBytes, statistics: cacheStatistics)
        maxCachedBodyBytes = cache.maxEntryBytes
        for (i, loop) in group.loops.enumerated() {
            loops.append((loop, ProxyLoop(loop: loop, index: i, shared: self, loopCount: group.loops.count)))
        }
        for entry in loops {
            let state = LoopBound(entry.state)
            entry.loop.execute { state.value.start() }
        }
    }

    /// The handler for the edge servers: runs on the connection's loop and uses that loop's state.
    public var handler: HTTPHandler {
        { [self] request, responder in
            guard let state = state(of: responder.eventLoop) else {
                responder.send(.error(500, code: "wrong_loop", "the balancer's servers must run on the balancer's event loops"))
                return
            }
            state.handle(request, responder)
        }
    }

    /// The state of `loop`, if it is one of the proxy's.
    @inline(__always)
    private func state(of loop: EventLoop) -> ProxyLoop? {
        for entry in loops where entry.loop === loop { return entry.state }
        return nil
    }

    /// Tells the proxy the HTTPS listener's port (for the redirects and refusals of plain HTTP).
    public func setHTTPSPort(_ port: Int) { httpsPort.store(port, ordering: .relaxed) }

    /// Whether an HTTPS listener is up.
    var hasHTTPS: Bool { httpsPort.load(ordering: .relaxed) > 0 }

    /// `https://host[:port]/target` for a plain request, or nil without an HTTPS listener.
    func httpsLocation(for request: HTTPRequest) -> String? {
        let port = httpsPort.load(ordering: .relaxed)
        guard port > 0 else { return nil }
        var host = request.headers["Host"] ?? "localhost"
        if host.hasPrefix("[") {
            if let close = host.firstIndex(of: "]") { host = String(host[...close]) }
        } else if let colon = host.firstIndex(of: ":") {
            host = String(host[..<colon])
        }
        return "https://\(host)\(port == 443 ? "" : ":\(port)")\(request.head.target)"
    }

    /// Removes cached entries under `prefix`; returns how many were removed. The loops' indexes drop them on sight.
    public func purge(prefix: String) async -> Int {
        cache.purge(prefix: prefix)
    }

    /// Closes every upstream connection and flushes the access log.
    public func shutdown() async {
        for (_, state) in loops {
            let bound = LoopBound(state)
            try? await state.loop.submit { bound.value.stop() }
        }
        accessLog?.flush()
    }

    /// Logs a failed exchange with a backend (error path only).
    func backendErrorLogged(_ backend: Backend, status: Int, message: String, requestId: String) {
        logger?.warn("answered \(status): \(message)", fields: ["backend": backend.key, "requestId": requestId, "status": String(status)])
    }
}
