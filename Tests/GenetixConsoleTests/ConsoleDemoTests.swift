import Foundation
import GenetixAdmin
import GenetixConsole
import GenetixCore
import GenetixOperations
import GenetixNet
import GenetixTesting
import Testing

/// For looking at the console by hand: with `GENETIX_CONSOLE_DEMO_CONFIG=FILE` (and optionally
/// `GENETIX_CONSOLE_DEMO_SECONDS`, default 120), starts real admin servers for a small cluster (plus one address that
/// refuses connections), writes a console configuration to FILE, feeds the nodes log lines and events, and keeps them
/// up that long, so `genetix console --config FILE` can be run in tmux. Skipped otherwise.
@Suite struct ConsoleDemoTests {
    static let configPath = ProcessInfo.processInfo.environment["GENETIX_CONSOLE_DEMO_CONFIG"]

    @Test(.enabled(if: configPath != nil)) func serveADemoClusterForTheConsole() async throws {
        let seconds = Double(ProcessInfo.processInfo.environment["GENETIX_CONSOLE_DEMO_SECONDS"] ?? "120") ?? 120
        let group = try EventLoopGroup(count: 1, name: "demo")
        let token = AdminToken(name: "oncall", role: .operator, secret: "demo-operator-secret-0123456789")
        var servers: [(AdminServer, LogStore, EventStore, CounterNode, ConfiguredNode)] = []
        for (name, kind) in [("lb-1", NodeKind.balancer), ("app-1", .app), ("app-2", .app), ("db-1", .database)] {
            let logs = try LogStore(capacity: 2000)
            let events = EventStore(log: logs)
            let metrics = MetricsRegistry()
            metrics.registerStandardMetrics()
            let node = CounterNode()
            let config = AdminServerConfiguration(name: name, kind: kind, listen: SocketAddress(host: "127.0.0.1", port: 0), tokens: [token])
            let server = try AdminServer(configuration: config, node: node, logs: logs, events: events, metrics: metrics, group: group)
            servers.append((server, logs, events, node, ConfiguredNode(name: name, kind: kind, admin: server.url, token: token.secret)))
        }
        let dead = try RefusingPort()
        defer { dead.close() }
        let deadPort = dead.port
        let nodes = servers.map(\.4) + [ConfiguredNode(name: "db-2", kind: .database, admin: "http://127.0.0.1:\(deadPort)", token: token.secret)]
        struct Node: Encodable { var name: String; var kind: NodeKind; var admin: String; var token: String? }
        struct File: Encodable { var cluster: String; var nodes: [Node] }
        let file = File(cluster: "demo", nodes: nodes.map { Node(name: $0.name, kind: $0.kind, admin: $0.admin, token: $0.token) })
        try Data(GenetixJSON.encode(file, pretty: true)).write(to: URL(fileURLWithPath: Self.configPath!))
        let client = HTTPClient()
        for (_, _, _, _, node) in servers {
            #expect(try await client.get(node.admin + "/healthz").status == 200)
        }
        let levels: [LogLevel] = [.info, .info, .debug, .warn, .info, .error, .info, .notice]
        var tick = 0
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            for (i, s) in servers.enumerated() {
                _ = s.1.append(level: levels[(tick + i) % levels.count], source: i == 0 ? "proxy" : "worker-\(tick % 3 + 1)",
                               message: "request \(tick) handled — 日本語 ✓ \(tick % 7 == 0 ? "slow path taken" : "ok")",
                               fields: ["request": "r-\(tick)-\(i)"])
            }
            if tick % 5 == 0 {
                _ = servers[tick / 5 % servers.count].2.emit(type: "worker.crashed", severity: tick % 10 == 0 ? .warn : .info,
                                                            message: "worker \(tick % 3 + 1) exited with status 1", target: "worker-\(tick % 3 + 1)")
            }
            tick += 1
            try await Task.sleep(for: .milliseconds(700))
        }
        await client.shutdown()
        for s in servers { await s.0.shutdown(grace: .milliseconds(100)) }
        group.shutdown()
    }
}
