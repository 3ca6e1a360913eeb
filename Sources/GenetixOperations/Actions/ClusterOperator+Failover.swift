import GenetixAdmin
import GenetixCore

extension ClusterOperator {
    /// `genetix pause` / `genetix resume`: automatic database failover off (maintenance mode) or on, for the whole
    /// cluster — one database node writes the `config` key in etcd, every node reads it. The first database node
    /// that answers does it; a node without etcd answers 409 and the error says so.
    public func setAutomaticFailover(paused: Bool) async throws(OperationError) -> OperationOutcome {
        let names = cluster.config.nodes.filter { $0.kind == .database }.map(\.name)
        guard !names.isEmpty else { throw .notPossible("no database node is configured, so there is no failover to \(paused ? "pause" : "resume")") }
        let action = paused ? "pause" : "resume"
        var failures: [String] = []
        for name in names {
            do {
                let result = try await run(name, action, .object([:]))
                let summary = paused ? "automatic failover paused for the whole cluster (maintenance mode); `genetix resume` turns it back on"
                                     : "automatic failover resumed for the whole cluster"
                return OperationOutcome(summary: summary, details: detailLines(result), steps: [step(name, action, result)])
            } catch {
                if case .unreachable = error { failures.append("\(name): \(error)"); continue }
                throw error
            }
        }
        throw .notPossible("no database node answered: \(failures.joined(separator: "; "))")
    }
}
