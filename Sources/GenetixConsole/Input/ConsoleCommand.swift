import GenetixCore

/// What a key asks the console to do. Commands that change the cluster become a `ClusterAction` (the operations
/// layer's own type) once the console knows which node, worker or backend is selected.
public enum ConsoleCommand: Sendable, Hashable {
    // Moving around.
    case moveUp, moveDown, pageUp, pageDown, top, bottom, open, back, nextPane, previousPane, quit
    case showLogs, showTimeline, showHelp, commandLine, filter
    case slowerRefresh, fasterRefresh
    // Overview: sort, trend metric, graph scale.
    case nextSortColumn, previousSortColumn, reverseSort, cycleTrend, toggleZoom
    // Actions on the cluster (confirmed in a dialog). App nodes:
    case scaleUp, scaleDown, toggleAutoscale, rollingRestart
    // Balancers:
    case drainBackend, enableBackend, setWeight, purgeCache, toggleStandby
    // Databases (`toggleFailover`: pause or resume automatic failover of the whole cluster, through this node):
    case promoteReplica, rejoinPrimary, followPrimary, toggleSync, fencePrimary, unfencePrimary, toggleFailover
    // Logs.
    case toggleFollow, cycleLevel, nextMatch, previousMatch, toggleWrap, toggleTimestamps, toggleLogScope, saveLogs
    // Timeline.
    case writeIncident

    /// Whether the command changes the cluster (and so opens a confirmation, and is off in read-only mode).
    public var isMutating: Bool {
        switch self {
        case .scaleUp, .scaleDown, .toggleAutoscale, .rollingRestart, .drainBackend, .enableBackend, .setWeight, .purgeCache, .toggleStandby,
             .promoteReplica, .rejoinPrimary, .followPrimary, .toggleSync, .fencePrimary, .unfencePrimary, .toggleFailover: true
        default: false
        }
    }
}

extension ConsoleCommand {
    /// Whether the footer offers the command for a node as it is now: promote and follow on a replica, sync and fence
    /// on a primary, unfence on a fenced one, rejoin on any node that is not a replica (an old primary), failover
    /// pause/resume on a node that runs with etcd (`ha.mode` auto or paused). The key
    /// works either way; its preflight says why it would be refused.
    func fits(_ status: NodeStatus) -> Bool {
        // Standby moves a pair's floating address: offered on a balancer that floats one.
        if self == .toggleStandby { return status.pair != nil }
        guard status.kind == .database, let r = status.replication else { return true }
        switch self {
        case .promoteReplica, .followPrimary: return r.role != "primary"
        case .toggleSync: return r.role == "primary"
        // Any node that is not a streaming replica (a primary, an old one, `demoted`…) may be brought back as one.
        case .rejoinPrimary: return r.role != "replica"
        case .fencePrimary: return r.role == "primary" && r.fenced != true
        case .unfencePrimary: return r.fenced == true
        case .toggleFailover: return status.ha.map { $0.mode != "manual" } ?? false
        default: return true
        }
    }
}
