import GenetixNet

/// Everything a balancer is told at start: listeners, backends, discovery, balancing, limits, cache and logging.
public struct BalancerConfiguration: Sendable {
    /// The node's name: in `Via`, and the `observer` of discovery polls.
    public var name: String
    /// The plain HTTP listener (its limits, timeouts and connection cap are the edge's).
    public var listen: HTTPServerConfiguration
    /// The HTTPS listener, when TLS is terminated here.
    public var tlsListen: HTTPServerConfiguration?
    /// With an HTTPS listener: answer GET and HEAD on plain HTTP with 308 to the same target on HTTPS (on by default;
    /// `--no-redirect-https` serves pages on plain HTTP). Without an HTTPS listener it does nothing.
    public var redirectToHTTPS = true
    /// With an HTTPS listener: refuse API calls on plain HTTP (any method but GET/HEAD, and every path under `/api/`)
    /// with 403 and a JSON error naming the HTTPS address — a redirect would come after the body was already sent in
    /// clear (on by default; `--no-refuse-plain-api`).
    public var refusePlainAPI = true
    /// With an HTTPS listener: send `Strict-Transport-Security` on HTTPS answers (on by default; `--no-hsts`).
    public var hsts = true
    /// Paths the public listeners refuse with 404: a backend's internal endpoints (see `PublicEdgePolicy`).
    public var internalPaths = PublicEdgePolicy.defaultInternalPaths
    /// Static backends.
    public var backends: [SocketAddress] = []
    /// App nodes' admin base URLs to discover workers from.
    public var appAdminURLs: [HTTPURL] = []
    /// Bearer token for the app nodes' admin API (viewer or operator).
    public var appToken: String?
    /// TLS for `https://` app admin URLs (`--app-ca`: the CA their certificates are verified against); nil uses the
    /// system's trusted CAs for https.
    public var appTLS: TLSContext?
    public var discoveryInterval: Duration = .milliseconds(500)
    public var policy: BalancingPolicy = .roundRobin
    public var upstream = UpstreamSettings()
    public var healthCheckPath = "/readyz"
    public var healthCheckInterval: Duration = .seconds(1)
    public var healthCheckTimeout: Duration = .milliseconds(800)
    /// Consecutive good checks before a down backend is up again.
    public var healthyAfter = 2
    /// Consecutive failed checks before a backend is down.
    public var unhealthyAfter = 3
    public var ejection = EjectionPolicy()
    /// Retries of a failed request on another backend (the rules of `ProxyExchange`).
    public var retries = 1
    public var rateLimit = RateLimit.unlimited
    public var loginRateLimit = RateLimit(perSecond: 10, burst: 20)
    public var loginPaths = ["/api/login"]
    /// Edge-cache size over all loops; 0 disables the cache.
    public var cacheBytes = 64 << 20
    /// Path prefixes whose GET responses may be cached: the static assets only by default, never the API.
    public var cachePrefixes = BalancerConfiguration.defaultCachePrefixes
    /// The default cacheable prefixes: the webapp's static-asset paths.
    public static let defaultCachePrefixes = ["/static/"]
    public var accessLog = AccessLogMode.all
    /// A rotated JSON-lines file for the access log, besides the node's log stream.
    public var accessLogFile: String?
    /// Most access records waiting for the writer; beyond it records are dropped and counted, never queued.
    public var accessLogQueueLimit = 65_536

    /// A configuration with defaults for everything but the name and the plain listener.
    public init(name: String, listen: SocketAddress) {
        self.name = name
        self.listen = HTTPServerConfiguration(address: listen)
        self.listen.serverHeader = nil
    }
}

/// Which requests the access log records.
public enum AccessLogMode: String, Sendable, CaseIterable {
    case off
    /// One request in 100, and every answer of 400 or above.
    case sampled
    case all
}
