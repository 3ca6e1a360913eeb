import GenetixAdmin
import GenetixCore
import GenetixNet

/// A `CountingAppNode` served with one operator and one viewer token.
final class CountingAppServer: Sendable {
    let node = CountingAppNode()
    let server: AdminServer
    let group: EventLoopGroup
    let operatorToken = AdminToken(name: "oncall", role: .operator, secret: "operator-secret-0123456789")
    let viewer = AdminToken(name: "watcher", role: .viewer, secret: "viewer-secret-0123456789")

    init() throws {
        group = try EventLoopGroup(count: 1, name: "trace-test")
        let logs = try LogStore(capacity: 100)
        let config = AdminServerConfiguration(name: "app-1", kind: .app, listen: SocketAddress(host: "127.0.0.1", port: 0),
                                              tokens: [operatorToken, viewer])
        server = try AdminServer(configuration: config, node: node, logs: logs, events: EventStore(log: logs), metrics: MetricsRegistry(),
                                 group: group)
    }

    var url: String { server.url }

    func stop() async {
        await server.shutdown(grace: .milliseconds(50))
        group.shutdown()
    }
}
