import Foundation
import GenetixCore
import GenetixNet

/// `ClusterOperations` straight over the admin API (`POST /admin/v1/actions/NAME`), with preflights computed from the
/// console's latest snapshot.
///
/// Interim: GenetixOperations will provide the shared implementation the headless commands use (with promote's
/// re-pointing of the other replicas); the console then takes that one instead through the same protocol.
public struct AdminActionOperations: ClusterOperations {
    private let fetchers: [String: AdminFetcher]
    private let model: ClusterModel
    private let timeout: Duration

    public init(nodes: [ConsoleNode], model: ClusterModel, client: HTTPClient = HTTPClient(), timeout: Duration = .seconds(60)) {
        var fetchers: [String: AdminFetcher] = [:]
        for node in nodes { fetchers[node.name] = AdminFetcher(node: node, client: client) }
        self.fetchers = fetchers
        self.model = model
        self.timeout = timeout
    }

    public func scale(node: String, to target: ScaleTarget) async throws -> OperationResult {
        let body: JSONValue = switch target {
        case .exactly(let n): .object(["workers": .number(Double(n))])
        case .by(let k): .object(["delta": .number(Double(k))])
        }
        return try await act(node, "scale", body, summary: "\(node): scale \(target) accepted")
    }

    public func autoscale(node: String, enabled: Bool) async throws -> OperationResult {
        try await act(node, "autoscale", .object(["enabled": .bool(enabled)]), summary: "\(node): autoscaler \(enabled ? "on" : "off")")
    }

    public func restart(node: String, worker: Int?) async throws -> OperationResult {
        let body: JSONValue = worker.map { .object(["worker": .number(Double($0))]) } ?? .object([:])
        return try await act(node, "restart", body, summary: worker.map { "\(node): worker \($0) restarted" } ?? "\(node): rolling restart done")
    }

    public func drain(balancer: String, backend: String) async throws -> OperationResult {
        try await act(balancer, "drain", .object(["backend": .string(backend)]), summary: "\(balancer): \(backend) draining")
    }

    public func enable(balancer: String, backend: String) async throws -> OperationResult {
        try await act(balancer, "enable", .object(["backend": .string(backend)]), summary: "\(balancer): \(backend) enabled")
    }

    public func promote(node: String, force: Bool) async throws -> OperationResult {
        try await act(node, "promote", .object(["force": .bool(force)]), summary: "\(node) promoted to primary")
    }

    public func preflight(_ intent: Intent) async -> Preflight {
        PreflightCheck.preflight(intent, in: await model.snapshot())
    }

    private func act(_ node: String, _ action: String, _ body: JSONValue, summary: String) async throws -> OperationResult {
        guard let fetcher = fetchers[node] else { throw AdminFetchError.status(node: node, code: 404, message: "no node named \(node)") }
        let answer = try await fetcher.action(action, body: body, timeout: timeout)
        let details = answer.objectValue?.keys.sorted().map { "\($0): \(answer[$0]!)" } ?? []
        return OperationResult(summary: summary, details: details)
    }
}
