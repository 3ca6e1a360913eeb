import GenetixOperations

/// What the console needs of the operations layer: the preflight of an action for its confirmation dialog, and the
/// confirmed action run against that preflight. `ClusterOperator` — the headless commands' own runner — is the one
/// implementation, so a key and `genetix scale app-1 +1 --yes` send the same requests (one status read, one POST).
public protocol ActionRunning: Sendable {
    /// What `action` would do; never throws (what cannot be learnt becomes a warning or the blocker).
    func preflight(_ action: ClusterAction) async -> PreflightReport
    /// Runs a confirmed `action`: refused with the preflight's blocker, otherwise sent once.
    func perform(_ action: ClusterAction, checked preflight: PreflightReport) async throws(OperationError) -> OperationOutcome
}

extension ClusterOperator: ActionRunning {}
