import GenetixCore

/// Preflights computed from a snapshot: what an action would change and what would be left afterwards.
public enum PreflightCheck {
    /// The preflight of `intent` against what the console last saw.
    public static func preflight(_ intent: Intent, in snapshot: ClusterSnapshot) -> Preflight {
        guard let node = snapshot.node(named: intent.node) else {
            return Preflight(warnings: ["\(intent.node) is not in this cluster's configuration"])
        }
        guard node.isReachable, let status = node.status else {
            return Preflight(warnings: ["\(intent.node) is unreachable: \(node.lastError ?? "no answer yet"); the action will likely fail"])
        }
        var p = Preflight()
        switch intent {
        case .scale(_, let target):
            let workers = status.workers ?? []
            let online = workers.filter { $0.state == .online }.count
            let desired = switch target {
            case .exactly(let n): n
            case .by(let k): workers.count + k
            }
            p.lines.append("\(intent.node) has \(workers.count) workers, \(online) online → \(max(0, desired)) workers")
            if desired < workers.count {
                let remaining = max(0, min(online, desired))
                p.lines.append("\(remaining) healthy worker\(remaining == 1 ? "" : "s") remain; the removed ones drain first")
                if remaining == 0 { p.warnings.append("no healthy worker would remain: \(intent.node) stops serving") }
            }
            if let a = status.autoscaler, a.enabled {
                p.warnings.append("the autoscaler is on (min \(a.min), max \(a.max)) and may change the count again")
            }
        case .autoscale(_, let enabled):
            let a = status.autoscaler
            p.lines.append("autoscaler is \(a?.enabled == true ? "on" : "off") → \(enabled ? "on" : "off")")
            if let a { p.lines.append("bounds: min \(a.min), max \(a.max)\(a.target.map { ", target \(Format.rate($0))" } ?? "")") }
        case .restart(_, let worker):
            let online = status.workers?.filter { $0.state == .online }.count ?? 0
            if let worker {
                p.lines.append("worker \(worker) is replaced: a new one starts, then the old one drains")
            } else {
                p.lines.append("\(online) online workers are replaced one by one; capacity never drops")
            }
        case .drain(_, let backend), .enable(_, let backend):
            let backends = status.backends ?? []
            let up = backends.filter { $0.state == .up }.count
            guard let b = backends.first(where: { $0.address == backend }) else {
                p.warnings.append("\(intent.node) has no backend \(backend)")
                return p
            }
            p.lines.append("\(backend) is \(b.state.rawValue) with \(b.inFlight) in flight")
            if case .drain = intent {
                let left = up - (b.state == .up ? 1 : 0)
                p.lines.append("\(left) of \(backends.count) backends stay up")
                if left == 0 { p.warnings.append("no backend would be left up: \(intent.node) answers 502") }
            } else {
                p.lines.append("\(up + (b.state == .up ? 0 : 1)) of \(backends.count) backends up afterwards")
            }
        case .promote(_, let force):
            guard let r = status.replication else {
                p.warnings.append("\(intent.node) reports no replication state")
                return p
            }
            p.lines.append("\(intent.node) is a \(r.role) on timeline \(r.timeline)\(r.upstream.map { ", following \($0)" } ?? "")")
            var lag = "replay lag \(Format.bytes(r.lagBytes))"
            if let s = r.lagSeconds { lag += String(format: " (%.1fs)", s) }
            lag += ", receiver \(r.receiverState ?? "unknown")"
            p.lines.append(lag)
            if let primary = snapshot.nodes.first(where: { $0.kind == .database && $0.status?.role == "primary" && $0.name != intent.node }),
               let client = primary.status?.replication?.clients.first(where: { $0.name == intent.node }) {
                p.lines.append("sync state on \(primary.name): \(client.syncState)")
            }
            if r.role == "primary" { p.warnings.append("\(intent.node) is already a primary: the node will refuse") }
            if r.lagBytes > Int64(snapshot.thresholds.lagBytes.warn) && !force {
                p.warnings.append("the replica lags; the node refuses a lagging promote unless forced")
            }
            if r.replayPaused == true { p.warnings.append("replay is paused on \(intent.node)") }
            p.lines.append("the old primary is fenced first; the other replicas follow the new one")
        }
        return p
    }
}
