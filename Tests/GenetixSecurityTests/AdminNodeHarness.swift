import Foundation
import GenetixAdmin
import GenetixApp
import GenetixBalancer
import GenetixCore
import GenetixDatabase
import GenetixNet
import GenetixTesting

/// One real node of a kind behind two in-process admin servers: `server` open to every address and `fenced` started
/// with `--admin-allow 10.0.0.0/8` (so 127.0.0.1 is outside it). Both share the node, its logs, events and audit.
final class AdminNodeHarness: Sendable {
    static let viewer = AdminToken(name: "watcher", role: .viewer, secret: "viewer-secret-0123456789")
    static let operatorToken = AdminToken(name: "oncall", role: .operator, secret: "operator-secret-0123456789")

    let kind: NodeKind
    let node: any AdminNode
    let logs: LogStore
    let events: EventStore
    let group: EventLoopGroup
    let server: AdminServer
    let fenced: AdminServer
    private let stopNode: @Sendable () async -> Void

    init(kind: NodeKind, node: any AdminNode, logs: LogStore, events: EventStore, metrics: MetricsRegistry,
         stopNode: @escaping @Sendable () async -> Void) throws {
        self.kind = kind
        self.node = node
        self.logs = logs
        self.events = events
        self.stopNode = stopNode
        group = try EventLoopGroup(count: 1, name: "security-admin")
        let tokens = [Self.viewer, Self.operatorToken]
        let open = AdminServerConfiguration(name: "\(kind.rawValue)-1", kind: kind, listen: SocketAddress(host: "127.0.0.1", port: 0), tokens: tokens)
        var outside = open
        outside.allow = [try CIDRBlock(parsing: "10.0.0.0/8")]
        server = try AdminServer(configuration: open, node: node, logs: logs, events: events, metrics: metrics, group: group)
        fenced = try AdminServer(configuration: outside, node: node, logs: logs, events: events, metrics: metrics, group: group)
    }

    func stop() async {
        await server.shutdown(grace: .milliseconds(100))
        await fenced.shutdown(grace: .milliseconds(100))
        await stopNode()
        group.shutdown()
    }

    /// Runs `body` and stops the node however `body` ends.
    func run(_ body: () async throws -> Void) async throws {
        do { try await body() } catch {
            await stop()
            throw error
        }
        await stop()
    }

    /// Waits (up to 30 s) until the node has finished starting, so that a state digest taken now is not changed later by
    /// the node itself: a database's first observation (its role and timeline), a balancer's first health check (its
    /// backend up), an app supervisor's start (the digest reads the same twice, 300 ms apart).
    func settle(_ digest: StateDigest) async {
        let deadline = ContinuousClock.now + .seconds(30)
        var last = await digest(self)
        while ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(300))
            let status = await node.status()
            let now = await digest(self)
            defer { last = now }
            guard now == last else { continue }
            switch kind {
            case .database: if status.role == "primary", (status.replication?.timeline ?? 0) > 0 { return }
            case .balancer: if let backends = status.backends, !backends.isEmpty, backends.allSatisfy({ $0.state == .up }) { return }
            default: return
            }
        }
    }

    /// An app node: the real supervisor with no workers (nothing to spawn, so no database is needed).
    static func app() throws -> AdminNodeHarness {
        let logs = try LogStore(capacity: 5000)
        let events = EventStore(log: logs)
        let metrics = MetricsRegistry()
        let configuration = AppSupervisorConfiguration(executable: GenetixExecutable.path, basePort: 0, workers: 0,
                                                       database: "host=127.0.0.1 port=1 dbname=none", secretsPath: "/nonexistent")
        let supervisor = AppSupervisor(configuration: configuration, logs: logs, events: events, metrics: metrics)
        Task { await supervisor.start() }
        return try AdminNodeHarness(kind: .app, node: AppNode(supervisor: supervisor), logs: logs, events: events, metrics: metrics) {
            await supervisor.stop()
        }
    }

    /// A database node: the real agent owning a real PostgreSQL 15 primary in `directory`.
    static func database(directory: TemporaryDirectory) async throws -> AdminNodeHarness {
        let logs = try LogStore(capacity: 5000)
        let events = EventStore(log: logs)
        let metrics = MetricsRegistry()
        var settings = DatabaseSettings(name: "db-1", dataDirectory: directory.file("db-1"))
        settings.port = FreePort.next()
        settings.databasePassword = "app-secret-42"
        settings.replicationPassword = "replication-secret-42"
        let agent = try DatabaseAgent(settings: settings, logs: logs, events: events, metrics: metrics)
        try await agent.start()
        do {
            return try AdminNodeHarness(kind: .database, node: DatabaseNode(agent: agent), logs: logs, events: events, metrics: metrics) {
                await agent.shutdown()
            }
        } catch {
            await agent.shutdown()
            throw error
        }
    }

    /// A balancer node in front of one counting backend; its address is the harness's `detail`.
    static func balancer() async throws -> (AdminNodeHarness, backend: String) {
        let lb = try await BalancerHarness()
        do {
            let harness = try AdminNodeHarness(kind: .balancer, node: BalancerNode(balancer: lb.balancer), logs: lb.logs, events: lb.events,
                                               metrics: lb.metrics) { await lb.stop() }
            return (harness, lb.backend.address.description)
        } catch {
            await lb.stop()
            throw error
        }
    }

    /// Sends one request with an optional bearer secret; the status and the parsed JSON body.
    static func request(_ client: HTTPClient, _ base: String, _ method: String, _ path: String, secret: String?,
                        body: [UInt8] = []) async throws -> (status: Int, json: [String: Any]) {
        var headers = HTTPHeaders()
        if let secret { headers.add("Authorization", "Bearer \(secret)") }
        if !body.isEmpty { headers.add("Content-Type", "application/json") }
        let response = try await client.execute(HTTPClientRequest(method: method, url: try HTTPURL(parsing: base + path), headers: headers,
                                                                  body: body), timeout: .seconds(20))
        let json = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
        return (response.status, json)
    }
}
