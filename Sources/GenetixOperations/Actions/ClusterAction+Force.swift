/// The override of a refusal: the same action with `force`, for the four refusals that `--force` lifts (a scale to 0,
/// a drain of the last healthy backend, an unfence beside another primary, a rejoin of a node that still accepts
/// writes). The console's confirmation offers it as `F`; the headless commands as `--force`.
extension ClusterAction {
    /// This action with `force` set, or nil when it has no override or is forced already.
    public var forced: ClusterAction? {
        switch self {
        case .scale(let node, let change, false): .scale(node: node, change: change, force: true)
        case .drain(let balancer, let backend, false): .drain(balancer: balancer, backend: backend, force: true)
        case .unfence(let node, false): .unfence(node: node, force: true)
        case .rejoin(let node, let primary, false): .rejoin(node: node, primary: primary, force: true)
        default: nil
        }
    }
}

extension PreflightReport {
    /// Refuses `action` with `reason`, naming the override (`--force`) when the action has one.
    mutating func refuse(_ action: ClusterAction, _ reason: String) {
        blocker = reason
        override = action.forced?.headlessCommand
    }
}
