import GenetixAdmin
import GenetixCore

/// Preflight and run of `pause` / `resume`: automatic database failover off (maintenance mode) or on for the whole
/// cluster — one database node writes the `config` key in etcd, every node reads it. With a named node (the
/// console's key, `genetix pause db-2`) that node does it; without one, the first configured database node that
/// answers. A node without etcd answers 409 and the error says so.
extension ClusterOperator {
    func failoverPreflight(paused: Bool, via: String?) async throws(OperationError) -> PreflightReport {
        let verb = paused ? "pause" : "resume"
        let names = try failoverNodes(via: via, verb: verb)
        let readings = await cluster.statuses(of: names)
        guard let reading = readings.first(where: \.isReachable), let status = reading.status else {
            let reasons = readings.map { "\($0.name): \($0.error ?? "no answer")" }.joined(separator: "; ")
            return PreflightReport(blocker: "\(names.count == 1 ? names[0] : "every database node") could not be reached to \(verb) automatic failover (\(reasons))")
        }
        let mode = status.ha?.mode ?? "manual"
        let leader = status.replication?.leader.map { ", leader \($0)" } ?? ""
        var report = PreflightReport(lines: ["\(reading.name): automatic failover \(mode)\(leader)",
                                             "after: \(paused ? "paused" : "auto") for the whole cluster (the etcd config key)"])
        if mode == "manual" {
            report.blocker = "\(reading.name) runs without etcd (ha.mode manual), so there is no automatic failover to \(verb); "
                + "start the database nodes with --dcs to have one"
        } else if paused, mode == "paused" {
            report.warnings.append("automatic failover is already paused")
        } else if !paused, mode == "auto" {
            report.warnings.append("automatic failover is already on")
        }
        if paused { report.lines.append("no automatic failover while paused; a planned promote still works") }
        return report
    }

    func performFailoverSwitch(paused: Bool, via: String?) async throws(OperationError) -> OperationOutcome {
        let verb = paused ? "pause" : "resume"
        var failures: [String] = []
        for name in try failoverNodes(via: via, verb: verb) {
            do {
                let result = try await run(name, verb, .object([:]))
                let summary = paused ? "automatic failover paused for the whole cluster (maintenance mode); `genetix resume` turns it back on"
                                     : "automatic failover resumed for the whole cluster"
                return OperationOutcome(summary: summary, details: detailLines(result), steps: [step(name, verb, result)])
            } catch {
                // Only an unreachable node passes the request on; a refusal (no etcd, a viewer token) is the answer.
                if case .unreachable = error, via == nil { failures.append("\(name): \(error)"); continue }
                throw error
            }
        }
        throw .notPossible("no database node answered: \(failures.joined(separator: "; "))")
    }

    /// The database nodes to ask, in order: the named one (checked to be a database node), else every one configured.
    private func failoverNodes(via: String?, verb: String) throws(OperationError) -> [String] {
        if let via {
            let configured = try cluster.node(via)
            guard configured.kind == .database else {
                throw .wrongKind(node: via, kind: configured.kind, expected: .database, operation: verb)
            }
            return [via]
        }
        let names = cluster.config.nodes.filter { $0.kind == .database }.map(\.name)
        guard !names.isEmpty else { throw .notPossible("no database node is configured, so there is no failover to \(verb)") }
        return names
    }
}
