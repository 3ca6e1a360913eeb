import Foundation
import GenetixAdmin
import GenetixCore
import GenetixNet
import GenetixOperations
import GenetixTesting

/// Real admin servers on ephemeral loopback ports for a small cluster: lb-1, app-1, app-2, db-1 (primary),
/// db-2 and db-3 (replicas), with one operator and one viewer token, and the console configuration naming them.
final class TestCluster: Sendable {
    let journal = ActionJournal()
    let group: EventLoopGroup
    let servers: [String: AdminServer]
    let events: [String: EventStore]
    let logs: [String: LogStore]
    let app1: TestAppNode
    let balancer: TestBalancerNode
    let databases: [String: TestDatabaseNode]
    static let operatorToken = AdminToken(name: "oncall", role: .operator, secret: "operator-secret-0123456789")
    static let viewerToken = AdminToken(name: "watcher", role: .viewer, secret: "viewer-secret-0123456789")

    init() throws {
        group = try EventLoopGroup(count: 1, name: "ops-test")
        app1 = TestAppNode(name: "app-1", workers: 2, journal: journal)
        let app2 = TestAppNode(name: "app-2", workers: 2, journal: journal)
        balancer = TestBalancerNode(backends: ["127.0.0.1:8101", "127.0.0.1:8102", "127.0.0.1:8121", "127.0.0.1:8122"], journal: journal)
        let db1 = TestDatabaseNode(name: "db-1", listen: "127.0.0.1:5433", primary: nil, journal: journal)
        let db2 = TestDatabaseNode(name: "db-2", listen: "127.0.0.1:5434", primary: "127.0.0.1:5433", lagBytes: 128, journal: journal)
        let db3 = TestDatabaseNode(name: "db-3", listen: "127.0.0.1:5435", primary: "127.0.0.1:5433", journal: journal)
        databases = ["db-1": db1, "db-2": db2, "db-3": db3]
        let nodes: [(String, NodeKind, any AdminNode)] = [("lb-1", .balancer, balancer), ("app-1", .app, app1), ("app-2", .app, app2),
                                                          ("db-1", .database, db1), ("db-2", .database, db2), ("db-3", .database, db3)]
        var servers: [String: AdminServer] = [:]
        var events: [String: EventStore] = [:]
        var logs: [String: LogStore] = [:]
        for (name, kind, node) in nodes {
            let log = try LogStore(capacity: 1000)
            let eventStore = EventStore(log: log)
            let config = AdminServerConfiguration(name: name, kind: kind, listen: SocketAddress(host: "127.0.0.1", port: 0),
                                                  tokens: [Self.operatorToken, Self.viewerToken])
            servers[name] = try AdminServer(configuration: config, node: node, logs: log, events: eventStore, metrics: MetricsRegistry(), group: group)
            events[name] = eventStore
            logs[name] = log
        }
        self.servers = servers
        self.events = events
        self.logs = logs
    }

    static let order = ["lb-1", "app-1", "app-2", "db-1", "db-2", "db-3"]

    /// The configuration of the cluster, optionally with extra nodes (e.g. one that never answers).
    func config(token: AdminToken = TestCluster.operatorToken, extra: [ConfiguredNode] = []) -> OperatorConfig {
        let nodes = Self.order.map { name in
            ConfiguredNode(name: name, kind: servers[name]!.configuration.kind, admin: servers[name]!.url, token: token.secret)
        }
        return OperatorConfig(cluster: "test", nodes: nodes + extra, path: "test-config.json")
    }

    /// The configuration as JSON, for the executable.
    func configJSON(extra: [ConfiguredNode] = []) -> String {
        let entries = config(extra: extra).nodes.map { n in
            "{\"name\": \"\(n.name)\", \"kind\": \"\(n.kind.rawValue)\", \"admin\": \"\(n.admin)\", \"token\": \"\(n.token!)\"}"
        }
        return "{\"cluster\": \"test\", \"nodes\": [\(entries.joined(separator: ", "))]}"
    }

    func stop(_ name: String) async {
        await servers[name]!.shutdown(grace: .milliseconds(50))
    }

    func shutdown() async {
        for server in servers.values { await server.shutdown(grace: .milliseconds(50)) }
        group.shutdown()
    }
}
