import Foundation
import GenetixCore
import GenetixNet

/// Active health checks: `GET <path>` to every backend each interval; a backend is down after `unhealthyAfter`
/// failures in a row and up again after `healthyAfter` successes in a row. Runs as a task (a control path, not the
/// hot path); transitions are logged and emitted as events.
public final class HealthChecker: Sendable {
    private let backends: BackendSet
    private let configuration: BalancerConfiguration
    private let client: HTTPClient
    private let events: EventStore?
    private let logger: Logger?
    private let task = TaskHolder()

    /// A checker of `backends`; call `start()`.
    public init(backends: BackendSet, configuration: BalancerConfiguration, group: EventLoopGroup, events: EventStore?, logger: Logger?) {
        self.backends = backends
        self.configuration = configuration
        client = HTTPClient(configuration: HTTPClientConfiguration(timeout: configuration.healthCheckTimeout, maxIdlePerOrigin: 1),
                            group: group)
        self.events = events
        self.logger = logger
    }

    /// Starts checking every interval.
    public func start() {
        task.set(Task { [self] in
            while !Task.isCancelled {
                await checkAll()
                try? await Task.sleep(for: configuration.healthCheckInterval)
            }
        })
    }

    /// Stops checking.
    public func stop() async {
        task.cancel()
        await client.shutdown()
    }

    /// Checks every backend once, concurrently.
    public func checkAll() async {
        let all = backends.all
        await withTaskGroup(of: Void.self) { group in
            for backend in all { group.addTask { await self.check(backend) } }
        }
    }

    private func check(_ backend: Backend) async {
        let url = HTTPURL(isTLS: false, address: backend.address, target: configuration.healthCheckPath)
        var failure: String?
        do {
            let response = try await client.execute(HTTPClientRequest(method: "GET", url: url, headers: ["Connection": "close"]),
                                                    timeout: configuration.healthCheckTimeout)
            if response.status != 200 { failure = "\(configuration.healthCheckPath) answered \(response.status)" }
        } catch {
            failure = error.description
        }
        record(backend, failure: failure)
    }

    /// Applies one check result to `backend` (public for the checks an operator triggers).
    func record(_ backend: Backend, failure: String?) {
        let transition: Bool? = backend.checks.withLock { record in
            record.lastCheckAt = .now
            record.lastResult = failure ?? "ok"
            if failure == nil {
                record.consecutiveSuccesses += 1
                record.consecutiveFailures = 0
                if !backend.healthy.load(ordering: .relaxed), record.consecutiveSuccesses >= configuration.healthyAfter {
                    backend.healthy.store(true, ordering: .relaxed)
                    return true
                }
            } else {
                record.consecutiveFailures += 1
                record.consecutiveSuccesses = 0
                if backend.healthy.load(ordering: .relaxed), record.consecutiveFailures >= configuration.unhealthyAfter {
                    backend.healthy.store(false, ordering: .relaxed)
                    return false
                }
            }
            return nil
        }
        switch transition {
        case true?:
            logger?.notice("backend \(backend.key) is up again: \(configuration.healthyAfter) health checks passed")
            events?.emit(type: "backend.up", message: "backend \(backend.key) passed its health checks and takes requests again",
                         target: backend.key)
        case false?:
            let why = failure ?? "?"
            logger?.warn("backend \(backend.key) is down: \(configuration.unhealthyAfter) health checks failed (\(why))")
            events?.emit(type: "backend.down", severity: .warn,
                         message: "backend \(backend.key) failed \(configuration.unhealthyAfter) health checks in a row: \(why)",
                         target: backend.key)
        case nil:
            break
        }
    }
}
