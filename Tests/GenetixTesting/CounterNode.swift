import Foundation
import GenetixAdmin
import GenetixCore
import GenetixNet
import Synchronization

/// A minimal real node for testing the admin kit end to end: it keeps a counter that its `add` action changes
/// (409 when the counter would go negative), and reports it as its worker count. Nothing here stands in for a
/// Genetix node kind; it exercises the shared admin API that every kind mounts.
public final class CounterNode: AdminNode {
    private let counter = Mutex(0)
    private let ready = Mutex(true)

    public init() {}

    public var value: Int { counter.withLock { $0 } }
    public func setReady(_ isReady: Bool) { ready.withLock { $0 = isReady } }

    public func status() async -> NodeStatus {
        var status = NodeStatus(name: "", kind: .app, role: "supervisor", version: "", startedAt: Date(), pid: 0)
        let n = value
        status.workers = (0..<n).map { WorkerStatus(id: $0 + 1, pid: 0, port: 0, state: .online) }
        status.autoscaler = AutoscalerStatus()
        return status
    }

    public func isReady() async -> Bool { ready.withLock { $0 } }

    public var actions: [AdminAction] {
        [AdminAction(name: "add", summary: "Adds `delta` to the counter",
                     bodySchema: .object(["type": .string("object"), "properties": .object(["delta": .object(["type": .string("integer")])])])) { [self] context throws(ActionError) in
            let body = try ActionBody(context.body, allowed: ["delta"])
            let delta: Int = try body.require("delta") { (key: String) throws(ActionError) in try body.int(key) }
            let result: Int? = counter.withLock { value in
                guard value + delta >= 0 else { return nil }
                value += delta
                return value
            }
            guard let result else { throw .conflict("the counter cannot go below zero") }
            return .object(["value": .number(Double(result))])
        }]
    }

    public func publicRoutes() -> [AdminRoute] {
        [AdminRoute(path: "/counter", summary: "The counter, unauthenticated") { [self] _ in
            .json(["value": counter.withLock { $0 }])
        }]
    }
}

/// A `CounterNode` behind a real `AdminServer` on an ephemeral port, with one viewer and one operator token.
public final class AdminFixture: Sendable {
    public let node = CounterNode()
    public let server: AdminServer
    public let logs: LogStore
    public let events: EventStore
    public let group: EventLoopGroup
    public let viewer = AdminToken(name: "watcher", role: .viewer, secret: "viewer-secret-0123456789")
    public let operatorToken = AdminToken(name: "oncall", role: .operator, secret: "operator-secret-0123456789")

    public init(allow: [CIDRBlock] = []) throws {
        group = try EventLoopGroup(count: 1, name: "admin-test")
        logs = try LogStore(capacity: 1000)
        events = EventStore(log: logs)
        let metrics = MetricsRegistry()
        metrics.registerStandardMetrics()
        let config = AdminServerConfiguration(name: "test-1", kind: .app, listen: SocketAddress(host: "127.0.0.1", port: 0),
                                              tokens: [viewer, operatorToken], allow: allow)
        server = try AdminServer(configuration: config, node: node, logs: logs, events: events, metrics: metrics, group: group)
    }

    public var url: String { server.url }

    public func client(_ token: AdminToken?) throws -> AdminClient {
        try AdminClient(url: url, token: token?.secret, nodeName: "test-1")
    }

    public func stop() async {
        await server.shutdown(grace: .milliseconds(100))
        group.shutdown()
    }
}
