import Foundation
import GenetixAdmin
import GenetixBalancer
import GenetixCore
import GenetixNet
import Synchronization

/// A backend that answers 200 to everything and counts the requests that reach it (health checks apart), with the
/// paths, so a test can prove that nothing hostile got through the balancer.
final class CountingBackend: Sendable {
    let group: EventLoopGroup
    let server: HTTPServer
    private final class Seen: Sendable {
        let list = Mutex<[String]>([])
    }
    private let seen = Seen()

    init() throws {
        group = try EventLoopGroup(count: 1, name: "security-backend")
        let seen = self.seen
        var router = Router()
        let handler: @Sendable (HTTPRequest, HTTPResponder) -> Void = { request, responder in
            if request.path != "/readyz" { seen.list.withLock { $0.append("\(request.method) \(request.path)") } }
            responder.send(.json(["status": "ok"]))
        }
        router.fallback = handler
        server = try HTTPServer(configuration: HTTPServerConfiguration(address: SocketAddress(host: "127.0.0.1", port: 0)),
                                group: group, handler: router.handler)
    }

    var address: SocketAddress { server.localAddress }
    /// Requests seen so far (method and path), health checks excluded.
    var requests: [String] { seen.list.withLock { $0 } }

    func stop() async {
        await server.shutdown(grace: .milliseconds(100))
        group.shutdown()
    }
}

/// A balancer with the default edge limits in front of one counting backend, optionally with an HTTPS listener.
final class BalancerHarness: Sendable {
    let backend: CountingBackend
    let group: EventLoopGroup
    let balancer: Balancer
    let logs: LogStore
    let events: EventStore
    let metrics: MetricsRegistry

    init(tls: TLSContext? = nil, configure: (inout BalancerConfiguration) -> Void = { _ in }) async throws {
        backend = try CountingBackend()
        group = try EventLoopGroup(count: 1, name: "security-lb")
        logs = try LogStore(capacity: 50_000)
        events = EventStore(log: logs)
        metrics = MetricsRegistry()
        var configuration = BalancerConfiguration(name: "lb-1", listen: SocketAddress(host: "127.0.0.1", port: 0))
        configuration.backends = [backend.address]
        configuration.healthCheckInterval = .milliseconds(200)
        configuration.accessLog = .off
        if let tls { configuration.tlsListen = HTTPServerConfiguration(address: SocketAddress(host: "127.0.0.1", port: 0), tls: tls) }
        configure(&configuration)
        balancer = try Balancer(configuration: configuration, group: group, metrics: metrics, logs: logs, events: events)
        // Wait until the backend is routable (health checks mark it up).
        let node = BalancerNode(balancer: balancer)
        for _ in 0..<100 where !(await node.isReady()) { try await Task.sleep(for: .milliseconds(50)) }
    }

    var port: Int { balancer.http.localAddress.port }

    func stop() async {
        await balancer.shutdown(grace: .milliseconds(200))
        group.shutdown()
        await backend.stop()
    }

    static func with(tls: TLSContext? = nil, configure: (inout BalancerConfiguration) -> Void = { _ in },
                     _ body: (BalancerHarness) async throws -> Void) async throws {
        let harness = try await BalancerHarness(tls: tls, configure: configure)
        do { try await body(harness) } catch {
            await harness.stop()
            throw error
        }
        await harness.stop()
    }
}
