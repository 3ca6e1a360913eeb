import GenetixCore
import GenetixCrypto
import GenetixNet
import GenetixPostgres

/// The Genetix webapp of one worker: the router with the static site, the JSON API, `/healthz`, `/readyz`,
/// `/metrics` and the supervisor-only `/internal/stats` (loopback, or the worker's own listen address when the app
/// host's workers listen on its network address), every route counted in `RequestMetrics`.
///
/// Handlers never block a loop thread: database calls go through `PostgresPool` threads and password hashing runs on
/// a dedicated `BlockingExecutor`.
public final class Webapp: Sendable {
    let store: CustomerStore
    let secrets: AppSecrets
    let metrics: RequestMetrics
    let limiter: LoginRateLimiter
    let logger: Logger
    let hashing: BlockingExecutor<Void>
    /// The worker's own listen host: its supervisor, on the same host, connects from this address.
    let ownHost: String?
    /// A yescrypt hash to verify against when the email is unknown, so both paths take the same time.
    let decoyHash: String
    /// How long a session lasts.
    let sessionSeconds = 86_400

    static let sessionCookie = "genetix_session"
    static let healthy = HTTPResponse.json(["status": "ok"])

    public init(store: CustomerStore, secrets: AppSecrets, metrics: RequestMetrics, logger: Logger,
                limiter: LoginRateLimiter = LoginRateLimiter(), hashingThreads: Int = 2, ownHost: String? = nil) {
        self.ownHost = ownHost
        self.store = store
        self.secrets = secrets
        self.metrics = metrics
        self.logger = logger
        self.limiter = limiter
        hashing = BlockingExecutor(threads: hashingThreads, name: "hash") { () }
        decoyHash = (try? PasswordHasher.hash(password: SecureRandom.token())) ?? "$y$j9T$decoy$decoy"
    }

    /// Stops the hashing threads.
    public func shutdown() { hashing.shutdown() }

    /// The router serving every route.
    public func router() -> Router {
        var router = Router()
        mountSync(&router, "GET", "/healthz") { _ in Self.healthy }
        mountAsync(&router, "GET", "/readyz") { [store] _ in
            await store.isReachable() ? .json(["status": "ready"])
                : .error(503, code: "database_unreachable", "the database does not answer; retry shortly")
        }
        mountSync(&router, "GET", "/metrics") { [metrics] _ in
            .text(metrics.registry.prometheusText(), contentType: MetricsRegistry.prometheusContentType)
        }
        router.on("GET", "/internal/stats") { [metrics, ownHost] request, responder in
            guard Self.isFromOwnHost(request, ownHost: ownHost) else {
                responder.send(.error(403, code: "forbidden", "/internal/stats answers only its supervisor on the same host"))
                return
            }
            responder.send(.json(metrics.windowedStats()))
        }
        for asset in StaticSite.all {
            mountSync(&router, "GET", asset.path) { request in asset.response(to: request) }
        }
        mountAsync(&router, "POST", "/api/signup") { [self] in await signup($0) }
        mountAsync(&router, "POST", "/api/login") { [self] in await login($0) }
        mountAsync(&router, "POST", "/api/logout") { [self] in await logout($0) }
        mountAsync(&router, "GET", "/api/session") { [self] in await session($0) }
        mountAsync(&router, "POST", "/api/kits") { [self] in await registerKit($0) }
        mountAsync(&router, "GET", "/api/kits") { [self] in await listKits($0) }
        mountAsync(&router, "GET", "/api/kits/{id}/report") { [self] in await report($0) }
        mountAsync(&router, "GET", "/api/me/export") { [self] in await export($0) }
        mountAsync(&router, "DELETE", "/api/me") { [self] in await erase($0) }
        let unmatched = metrics.route("unmatched")
        router.fallback = { [metrics] request, responder in
            let start = metrics.begin()
            let response = HTTPResponse.error(404, code: "not_found", "no route for \(request.method) \(request.path)")
            metrics.end(unmatched, status: 404, since: start)
            responder.send(response)
        }
        return router
    }

    private func mountSync(_ router: inout Router, _ method: String, _ pattern: String,
                           _ handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse) {
        let route = metrics.route(pattern)
        router.on(method, pattern) { [metrics] request, responder in
            let start = metrics.begin()
            let response = handler(request)
            metrics.end(route, status: response.status, since: start)
            responder.send(response)
        }
    }

    private func mountAsync(_ router: inout Router, _ method: String, _ pattern: String,
                            _ handler: @escaping @Sendable (HTTPRequest) async -> HTTPResponse) {
        let route = metrics.route(pattern)
        router.on(method, pattern) { [metrics] request, responder in
            let start = metrics.begin()
            Task {
                let response = await handler(request)
                metrics.end(route, status: response.status, since: start)
                responder.send(response)
            }
        }
    }

    /// Whether the request came straight (not forwarded by a balancer) from loopback or from `ownHost`, the address
    /// the worker listens on: a supervisor connecting to its worker on the same host comes from that address.
    static func isFromOwnHost(_ request: HTTPRequest, ownHost: String?) -> Bool {
        guard request.headers["X-Forwarded-For"] == nil, let host = request.remote?.host else { return false }
        if host == "127.0.0.1" || host == "::1" || host.hasPrefix("127.") { return true }
        guard let ownHost, !ownHost.isEmpty, ownHost != "0.0.0.0", ownHost != "::" else { return false }
        return host == ownHost || host == "::ffff:" + ownHost
    }

    /// Runs CPU-heavy work (yescrypt) on the hashing threads; nil when the worker is shutting down.
    func offload<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T? {
        let result: Result<T, PostgresError> = await hashing.run(timeout: nil, timeoutError: .poolClosed, closedError: .poolClosed) { _ in
            .success(work())
        }
        return try? result.get()
    }

    /// The answer to a failed database call: 503 with Retry-After when no writable server answered, else 500.
    func failure(_ error: PostgresError, doing what: String) -> HTTPResponse {
        if error.isUnavailable {
            logger.warn("database unavailable while \(what): \(error)")
            var response = HTTPResponse.error(503, code: "database_unavailable",
                                              "the database is not reachable right now (a failover may be in progress); retry in a second")
            response.headers.add("Retry-After", "1")
            return response
        }
        logger.error("database error while \(what): \(error)")
        return .error(500, code: "internal_error", "the request failed on our side; it has been logged")
    }

    /// A 400 from a body-reading error, naming the field.
    static func badRequest(_ error: ActionError) -> HTTPResponse {
        .error(error.status, code: error.code, error.description, field: error.field)
    }

    /// Parses a JSON object body whose keys are all in `allowed`.
    static func body(_ request: HTTPRequest, allowed: Set<String>) throws(ActionError) -> ActionBody {
        guard !request.body.isEmpty else { throw .badRequest("the request needs a JSON object body") }
        return try ActionBody(try JSONValue.parse(request.body), allowed: allowed)
    }
}
