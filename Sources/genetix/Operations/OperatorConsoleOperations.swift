import GenetixConsole
import GenetixOperations

/// The console's `ClusterOperations` over GenetixOperations' `ClusterOperator`: a key in the console and the headless
/// command it names run the same preflight and send the same requests (a promote re-points the other replicas too).
struct OperatorConsoleOperations: ClusterOperations {
    let runner: ClusterOperator

    init(cluster: ClusterClient) { runner = ClusterOperator(cluster: cluster) }

    func scale(node: String, to target: ScaleTarget) async throws -> OperationResult { try await run(Self.action(.scale(node: node, to: target))) }

    func autoscale(node: String, enabled: Bool) async throws -> OperationResult { try await run(Self.action(.autoscale(node: node, enabled: enabled))) }

    func restart(node: String, worker: Int?) async throws -> OperationResult { try await run(Self.action(.restart(node: node, worker: worker))) }

    func drain(balancer: String, backend: String) async throws -> OperationResult {
        try await run(Self.action(.drain(balancer: balancer, backend: backend)))
    }

    func enable(balancer: String, backend: String) async throws -> OperationResult {
        try await run(Self.action(.enable(balancer: balancer, backend: backend)))
    }

    func promote(node: String, force: Bool) async throws -> OperationResult { try await run(Self.action(.promote(node: node, force: force))) }

    func preflight(_ intent: Intent) async -> Preflight {
        let report = await runner.preflight(Self.action(intent))
        var preflight = Preflight(lines: report.lines, warnings: report.warnings)
        if let blocker = report.blocker { preflight.warnings.insert("will be refused: \(blocker)", at: 0) }
        return preflight
    }

    func headlessCommand(for intent: Intent) -> String { Self.action(intent).headlessCommand }

    /// The headless path of `OperationsCommandSupport.runAction` once confirmed: refuse on a blocker, then perform.
    private func run(_ action: ClusterAction) async throws -> OperationResult {
        if let blocker = await runner.preflight(action).blocker { throw OperationError.notPossible(blocker) }
        let outcome = try await runner.perform(action)
        let steps = outcome.steps.count > 1 ? outcome.steps.map { "\($0.ok ? "✓" : "✗") \($0.action) \($0.node)" } : []
        return OperationResult(summary: outcome.summary, details: outcome.details + steps)
    }

    /// The operations layer's action for a console intent.
    static func action(_ intent: Intent) -> ClusterAction {
        switch intent {
        case .scale(let node, let target):
            switch target {
            case .exactly(let n): .scale(node: node, change: .exactly(n))
            case .by(let k): .scale(node: node, change: .by(k))
            }
        case .autoscale(let node, let enabled): .autoscale(node: node, setting: AutoscaleSetting(enabled: enabled))
        case .restart(let node, let worker): .restart(node: node, worker: worker)
        case .drain(let balancer, let backend): .drain(balancer: balancer, backend: backend)
        case .enable(let balancer, let backend): .enable(balancer: balancer, backend: backend)
        case .promote(let node, let force): .promote(node: node, force: force, rejoin: false)
        }
    }
}
