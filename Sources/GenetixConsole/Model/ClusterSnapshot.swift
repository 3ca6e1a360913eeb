import Foundation
import GenetixCore
import GenetixOperations

/// An immutable picture of the cluster at one moment: what the views render.
public struct ClusterSnapshot: Sendable, Equatable {
    public var clusterName: String
    /// When the snapshot was taken (the header's clock and every age are relative to it).
    public var takenAt: Date
    public var refreshInterval: Duration
    /// Every configured node, in configuration order.
    public var nodes: [NodeSnapshot]
    /// Log entries of every node merged in time order, oldest first (bounded).
    public var logs: [LogEntry]
    /// Events and actions of every node merged in time order, oldest first (bounded).
    public var timeline: [TimelineEntry]
    public var thresholds: CheckThresholds
    /// Figures at the balancer edge over time (the overview's cluster panel).
    public var edge: EdgeHistory

    public init(clusterName: String, takenAt: Date, refreshInterval: Duration = .seconds(1), nodes: [NodeSnapshot],
                logs: [LogEntry] = [], timeline: [TimelineEntry] = [], thresholds: CheckThresholds = CheckThresholds(),
                edge: EdgeHistory = EdgeHistory()) {
        self.edge = edge
        self.clusterName = clusterName
        self.takenAt = takenAt
        self.refreshInterval = refreshInterval
        self.nodes = nodes
        self.logs = logs
        self.timeline = timeline
        self.thresholds = thresholds
    }

    /// The node called `name`.
    public func node(named name: String) -> NodeSnapshot? { nodes.first { $0.name == name } }

    /// Nodes in display order: balancers, then app nodes, then databases (primary first), each in configuration order.
    public var nodesByTier: [NodeSnapshot] {
        let order: [NodeKind] = [.balancer, .app, .database]
        return order.flatMap { kind in
            let tier = nodes.filter { $0.kind == kind }
            guard kind == .database else { return tier }
            return tier.filter { $0.status?.role == "primary" } + tier.filter { $0.status?.role != "primary" }
        }
    }

    /// How bad a node is overall, from its health, reachability and the thresholds.
    public func severity(of node: NodeSnapshot) -> Severity {
        guard node.isReachable, let status = node.status else { return .crit }
        var worst: Severity = switch status.health.status {
        case .ok: .ok
        case .degraded: .warn
        case .down: .crit
        }
        if let f = status.figures {
            worst = max(worst, thresholds.p99Ms.level(of: f.p99Ms), thresholds.errorRate.level(of: f.errorRate),
                        thresholds.cpuPercent.level(of: f.cpuPercent))
        }
        if let r = status.replication { worst = max(worst, thresholds.lagBytes.level(of: Double(r.lagBytes))) }
        worst = max(worst, thresholds.unavailable.level(of: Double(unavailableMembers(of: status))))
        if let age = node.age(at: takenAt) { worst = max(worst, thresholds.staleSeconds.level(of: age)) }
        return worst
    }

    /// Counts of nodes per severity, for the header.
    public var severityCounts: (ok: Int, warn: Int, crit: Int) {
        var counts = (ok: 0, warn: 0, crit: 0)
        for node in nodes {
            switch severity(of: node) {
            case .ok: counts.ok += 1
            case .warn: counts.warn += 1
            case .crit: counts.crit += 1
            }
        }
        return counts
    }

    /// Workers or backends that do not serve: errored workers, down or ejected backends.
    public func unavailableMembers(of status: NodeStatus) -> Int {
        let workers = status.workers?.filter { $0.state == .errored }.count ?? 0
        let backends = status.backends?.filter { $0.state == .down || $0.state == .ejected }.count ?? 0
        return workers + backends
    }
}
