import Foundation
import GenetixCore
import GenetixCrypto
import GenetixNet
import Synchronization

/// Serves the admin API of one node: /healthz, /readyz, the kind's public routes, and under /admin/v1 status,
/// metrics, logs, events, actions and the OpenAPI document, with auth, the allowlist and an audit trail.
public final class AdminServer: Sendable {
    public let configuration: AdminServerConfiguration
    let node: any AdminNode
    let logs: LogStore
    let events: EventStore
    let metrics: MetricsRegistry
    let authenticator: AdminAuthenticator
    let audit: Logger
    private let http: HTTPServer
    private let processSampler = ProcessSampler()
    private let hostSampler: HostSampler
    private let lastProcessSample = Mutex<ProcessSample?>(nil)
    let statusTagger = StatusTagger()
    /// Tags of the status read without the host's figures (`?host=0`): their own generations, so a reader that shows
    /// the host and one that does not never move each other's tags.
    let hostlessStatusTagger = StatusTagger()
    /// The status reads held open by `wait` (released at shutdown, so they never hold it up).
    let statusHolds = StatusHolds()
    /// Every route mounted, as `METHOD path` (the OpenAPI test compares the document to this).
    public let mountedRoutes: [String]

    /// The address the admin API listens on (with the real port when 0 was asked for).
    public var localAddress: SocketAddress { http.localAddress }

    /// The base URL of the admin API, e.g. `http://127.0.0.1:9201`.
    public var url: String { "\(configuration.tls == nil ? "http" : "https")://\(localAddress)" }

    /// Binds the admin port and starts serving `node`.
    public init(configuration: AdminServerConfiguration, node: any AdminNode, logs: LogStore, events: EventStore,
                metrics: MetricsRegistry, group: EventLoopGroup) throws(NetError) {
        self.configuration = configuration
        self.node = node
        self.logs = logs
        self.events = events
        self.metrics = metrics
        authenticator = AdminAuthenticator(tokens: configuration.tokens, allow: configuration.allow)
        audit = logs.logger("audit")
        hostSampler = HostSampler(diskPath: configuration.dataDirectory ?? "/")
        let box = RouterBox()
        var router = Router()
        var mounted: [String] = []
        func mount(_ method: String, _ path: String, _ handler: @escaping @Sendable (HTTPRequest) async -> HTTPResponse) {
            router.on(method, path, async: handler)
            mounted.append("\(method) \(path)")
        }
        // The allowlist guards the whole admin port, the unauthenticated probes included: an address outside it
        // learns nothing (not even the role a database's /primary reveals). The other routes check it in `authorize`.
        let gate = authenticator
        // The open probes also answer OPTIONS with the GET's status and no body (a refusal keeps its JSON error), as Patroni's do: HAProxy templates
        // written for Patroni check with `option httpchk OPTIONS /primary`. (HEAD: the router answers it for any GET.)
        func mountOpen(_ path: String, _ handler: @escaping @Sendable (HTTPRequest) async -> HTTPResponse) {
            let guarded: @Sendable (HTTPRequest) async -> HTTPResponse = { request in
                guard gate.admits(request.remote) else { return AdminAuthenticator.outsideAllowlist(request).response }
                return await handler(request)
            }
            mount("GET", path, guarded)
            mount("OPTIONS", path) { request in
                var response = await guarded(request)
                // The probe's verdict is its status; a refusal or a bad query keeps its JSON error.
                if response.status == 200 || response.status == 503 { response.body = [] }
                response.headers.replace("Allow", "GET, HEAD, OPTIONS")
                return response
            }
        }
        mountOpen("/healthz") { _ in .json(["status": "alive"]) }
        mountOpen("/readyz") { _ in
            await box.server?.node.isReady() == true ? .json(["status": "ready"]) : .error(503, code: "not_ready", "the node is not ready to take work")
        }
        for route in node.publicRoutes() { mountOpen(route.path, route.handler) }
        mount("GET", "/admin/v1/status") { await box.server?.statusResponse($0) ?? Self.gone }
        mount("GET", "/admin/v1/metrics") { await box.server?.metricsResponse($0) ?? Self.gone }
        mount("GET", "/metrics") { await box.server?.prometheusResponse($0) ?? Self.gone }
        mount("GET", "/admin/v1/logs") { await box.server?.logsResponse($0) ?? Self.gone }
        mount("GET", "/admin/v1/events") { await box.server?.eventsResponse($0) ?? Self.gone }
        mount("GET", "/admin/v1/openapi.json") { await box.server?.openAPIResponse($0) ?? Self.gone }
        mount("POST", "/admin/v1/actions/{name}") { await box.server?.actionResponse($0) ?? Self.gone }
        mountedRoutes = mounted
        var httpConfig = HTTPServerConfiguration(address: configuration.listen, tls: configuration.tls)
        httpConfig.limits.maxBodyBytes = 256 * 1024
        httpConfig.errorFormat = .json
        http = try HTTPServer(configuration: httpConfig, group: group, handler: router.handler)
        box.server = self
    }

    /// Stops serving, letting requests in progress (long polls included) finish within `grace`.
    public func shutdown(grace: Duration = .seconds(2)) async {
        statusHolds.release()
        await http.shutdown(grace: grace)
    }

    static let gone = HTTPResponse.error(503, code: "shutting_down", "the node is shutting down")

    // MARK: Handlers

    /// `GET /admin/v1/status[?wait=S][&host=0]`: the status with its tag, or 304 to a matching `If-None-Match`; with
    /// `wait`, a matching read is held until the tag moves or S passes (`heldStatusResponse`). `host=0` leaves the
    /// host's figures (load, memory, disk) out of the answer and its tag: a reader that does not show them (the
    /// console's overview) is not sent every node's status each time the host's load average moves.
    func statusResponse(_ request: HTTPRequest) async -> HTTPResponse {
        let caller: AdminToken
        switch authenticator.authorize(request, need: .viewer) {
        case .success(let t): caller = t
        case .failure(let denial): return denial.response
        }
        let options: StatusReadOptions
        switch StatusReadOptions.parse(request.query) {
        case .success(let o): options = o
        case .failure(let problem): return .error(400, code: "bad_request", problem.message, field: problem.field)
        }
        await node.statusRequested(query: request.query, by: caller.name)
        let status = await currentStatus(withHost: options.withHost)
        let tagger = options.withHost ? statusTagger : hostlessStatusTagger
        guard let wait = options.wait else { return tagger.response(for: status, to: request) }
        return await heldStatusResponse(status, to: request, wait: wait, withHost: options.withHost, tagger: tagger)
    }

    /// The node's status as a status read answers it: the node's own, plus identity, host sample, saved state,
    /// stream cursors and the process figures the node does not measure itself.
    func currentStatus(withHost: Bool = true) async -> NodeStatus {
        var status = await node.status()
        status.name = configuration.name
        status.kind = configuration.kind
        status.version = GenetixVersion.string
        status.startedAt = configuration.startedAt
        status.pid = getpid()
        status.host = withHost ? try? hostSampler.sample() : nil
        if let stateFile = configuration.stateFile { status.savedState = stateFile.status() }
        status.streams = StreamCursors(logs: logs.latestSeq, events: events.latestSeq)
        var figures = status.figures ?? NodeFigures()
        if let sample = try? processSampler.sample() {
            let previous = lastProcessSample.withLock { last -> ProcessSample? in
                defer { last = sample }
                return last
            }
            if figures.cpuPercent == 0, let previous { figures.cpuPercent = sample.cpuPercent(since: previous) }
            if figures.residentBytes == 0 { figures.residentBytes = sample.residentBytes }
        }
        status.figures = figures
        return status
    }

    func metricsResponse(_ request: HTTPRequest) async -> HTTPResponse {
        if case .failure(let denial) = authenticator.authorize(request, need: .viewer) { return denial.response }
        return .json(metrics.snapshot())
    }

    func prometheusResponse(_ request: HTTPRequest) async -> HTTPResponse {
        if case .failure(let denial) = authenticator.authorize(request, need: .viewer) { return denial.response }
        return .text(metrics.prometheusText(), contentType: MetricsRegistry.prometheusContentType)
    }

    func openAPIResponse(_ request: HTTPRequest) async -> HTTPResponse {
        if case .failure(let denial) = authenticator.authorize(request, need: .viewer) { return denial.response }
        return .json(OpenAPIDocument.make(kind: configuration.kind, actions: node.actions, publicRoutes: node.publicRoutes()))
    }
}

/// Lets route closures reach the server once it exists (routes are built before the server binds), without a cycle.
final class RouterBox: Sendable {
    private struct WeakServer: @unchecked Sendable {
        // @unchecked Sendable: only ever read and written inside the Mutex below.
        weak var value: AdminServer?
    }
    private let storage = Mutex(WeakServer())

    var server: AdminServer? {
        get { storage.withLock { $0.value } }
        set { storage.withLock { $0.value = newValue } }
    }
}
