/// What an operation reports when it is done.
public struct OperationResult: Sendable, Equatable {
    /// One line for the footer flash and the timeline: `app-1 scaled to 4 workers`.
    public var summary: String
    /// Further lines (step timings, the node's answer).
    public var details: [String]

    public init(summary: String, details: [String] = []) {
        self.summary = summary
        self.details = details
    }
}

/// What an action would do, shown in its confirmation before it runs: replica lag and sync state before a promote,
/// how many healthy workers or backends remain before a scale-down or drain.
public struct Preflight: Sendable, Equatable {
    /// Facts, one per line.
    public var lines: [String]
    /// Reasons for caution, shown in the warning colour.
    public var warnings: [String]

    public init(lines: [String] = [], warnings: [String] = []) {
        self.lines = lines
        self.warnings = warnings
    }
}

/// The console's seam to the operations layer (GenetixOperations): every mutating action and its preflight.
///
/// The headless commands call the same implementation, so `+` in the console and `genetix scale app-1 +1` are one
/// code path. Errors thrown are shown to the operator as they are: make their descriptions say what happened, to
/// which node, and what to do.
public protocol ClusterOperations: Sendable {
    /// `POST /admin/v1/actions/scale` on an app node.
    func scale(node: String, to target: ScaleTarget) async throws -> OperationResult
    /// `POST /admin/v1/actions/autoscale` on an app node.
    func autoscale(node: String, enabled: Bool) async throws -> OperationResult
    /// `POST /admin/v1/actions/restart` on an app node: one worker, or all of them one by one (`worker == nil`).
    func restart(node: String, worker: Int?) async throws -> OperationResult
    /// `POST /admin/v1/actions/drain` on a balancer.
    func drain(balancer: String, backend: String) async throws -> OperationResult
    /// `POST /admin/v1/actions/enable` on a balancer.
    func enable(balancer: String, backend: String) async throws -> OperationResult
    /// `POST /admin/v1/actions/promote` on a database replica (then re-points the other replicas).
    func promote(node: String, force: Bool) async throws -> OperationResult
    /// What the intent would do, for its confirmation dialog. Never throws: a preflight that cannot learn something
    /// says so in a warning.
    func preflight(_ intent: Intent) async -> Preflight
    /// The equivalent headless command line, e.g. `genetix promote db-2 --yes`.
    func headlessCommand(for intent: Intent) -> String
}

extension ClusterOperations {
    public func headlessCommand(for intent: Intent) -> String { intent.headlessCommand }

    /// Runs an intent through the matching operation.
    public func perform(_ intent: Intent) async throws -> OperationResult {
        switch intent {
        case .scale(let node, let target): try await scale(node: node, to: target)
        case .autoscale(let node, let enabled): try await autoscale(node: node, enabled: enabled)
        case .restart(let node, let worker): try await restart(node: node, worker: worker)
        case .drain(let balancer, let backend): try await drain(balancer: balancer, backend: backend)
        case .enable(let balancer, let backend): try await enable(balancer: balancer, backend: backend)
        case .promote(let node, let force): try await promote(node: node, force: force)
        }
    }
}
