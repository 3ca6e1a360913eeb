import Foundation
import GenetixAdmin
import GenetixBalancer
import GenetixCore
import GenetixNet
import Synchronization

/// A balancer on an ephemeral port in front of test backends, with its own loops, metrics, logs and events.
final class BalancerFixture: Sendable {
    let group: EventLoopGroup
    let balancer: Balancer
    let logs: LogStore
    let events: EventStore
    let metrics: MetricsRegistry
    let client: HTTPClient

    init(backends: [SocketAddress], configure: (inout BalancerConfiguration) -> Void = { _ in }) throws {
        group = try EventLoopGroup(count: 2, name: "lb")
        logs = try LogStore(capacity: 50_000)
        events = EventStore(log: logs)
        metrics = MetricsRegistry()
        var config = BalancerConfiguration(name: "lb-test", listen: SocketAddress(host: "127.0.0.1", port: 0))
        config.backends = backends
        config.healthCheckInterval = .milliseconds(250)
        config.ejection = EjectionPolicy(consecutiveFailures: 5, baseDuration: .seconds(1))
        configure(&config)
        balancer = try Balancer(configuration: config, group: group, metrics: metrics, logs: logs, events: events)
        client = HTTPClient(configuration: HTTPClientConfiguration(timeout: .seconds(10), maxIdlePerOrigin: 64))
    }

    var port: Int { balancer.http.localAddress.port }
    var node: BalancerNode { BalancerNode(balancer: balancer) }

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    func get(_ path: String, headers: HTTPHeaders = HTTPHeaders()) async throws -> HTTPClientResponse {
        try await client.get(url(path), headers: headers)
    }

    func post(_ path: String, body: String) async throws -> HTTPClientResponse {
        try await client.execute(HTTPClientRequest(method: "POST", url: try HTTPURL(parsing: url(path)), body: Array(body.utf8)))
    }

    func action(_ name: String, _ body: JSONValue) async throws -> JSONValue {
        let action = try require_action(node.actions.first { $0.name == name }, name)
        return try await action.run(ActionContext(body: body, actor: "test", requestId: "t-1"))
    }

    func state(of backend: SocketAddress) -> BackendStatus.State? { balancer.backends.backend(backend.description)?.state }

    /// Waits until `condition` holds, checking every 50 ms, for at most `limit`; returns whether it held.
    func eventually(within limit: Duration, _ condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return condition()
    }

    func stop() async {
        await client.shutdown()
        await balancer.shutdown(grace: .milliseconds(200))
        group.shutdown()
    }
}

struct MissingAction: Error, CustomStringConvertible {
    let name: String
    var description: String { "the balancer has no action \(name)" }
}

func require_action(_ action: AdminAction?, _ name: String) throws -> AdminAction {
    guard let action else { throw MissingAction(name: name) }
    return action
}

/// Constant load for the resilience tests: `workers` tasks sending requests back to back until stopped, counting
/// failures (transport errors or 5xx) per method.
final class LoadLoop: Sendable {
    let getFailures = Atomic<Int>(0)
    let getSuccesses = Atomic<Int>(0)
    let postFailures = Atomic<Int>(0)
    let postSuccesses = Atomic<Int>(0)
    let failureSamples = Mutex<[String]>([])
    private let running = Atomic<Bool>(true)
    private let tasks = Mutex<[Task<Void, Never>]>([])
    private let postCounter = Atomic<Int>(0)

    /// Starts `workers` GET loops and `posters` POST loops against `fixture`.
    init(fixture: BalancerFixture, workers: Int, posters: Int) {
        for _ in 0..<workers {
            let t = Task { [self] in
                while running.load(ordering: .relaxed) {
                    do {
                        let r = try await fixture.get("/")
                        if r.status == 200 { getSuccesses.wrappingAdd(1, ordering: .relaxed) } else { fail("GET \(r.status) \(r.text)", get: true) }
                    } catch { fail("GET \(error)", get: true) }
                }
            }
            tasks.withLock { $0.append(t) }
        }
        for _ in 0..<posters {
            let t = Task { [self] in
                while running.load(ordering: .relaxed) {
                    let id = "post-\(postCounter.wrappingAdd(1, ordering: .relaxed).newValue)"
                    do {
                        let r = try await fixture.post("/apply", body: id)
                        if r.status == 200 { postSuccesses.wrappingAdd(1, ordering: .relaxed) } else { fail("POST \(r.status)", get: false) }
                    } catch { fail("POST \(error)", get: false) }
                }
            }
            tasks.withLock { $0.append(t) }
        }
    }

    private func fail(_ what: String, get: Bool) {
        if get { getFailures.wrappingAdd(1, ordering: .relaxed) } else { postFailures.wrappingAdd(1, ordering: .relaxed) }
        failureSamples.withLock { if $0.count < 10 { $0.append(what) } }
    }

    /// Stops and waits for the loops.
    func stop() async {
        running.store(false, ordering: .relaxed)
        for t in tasks.withLock({ $0 }) { await t.value }
    }

    var gets: Int { getSuccesses.load(ordering: .relaxed) }
}
