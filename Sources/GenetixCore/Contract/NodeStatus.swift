import Foundation

/// The three kinds of node; every node serves the same admin API.
public enum NodeKind: String, Codable, Sendable, CaseIterable {
    case app, balancer, database
}

/// Overall health of a node: `ok`, `degraded` (serving, but something needs a look) or `down`.
public enum HealthState: String, Codable, Sendable, Comparable {
    case ok, degraded, down

    private var rank: Int { switch self { case .ok: 0; case .degraded: 1; case .down: 2 } }
    public static func < (a: HealthState, b: HealthState) -> Bool { a.rank < b.rank }
}

/// Health with the human-readable reasons behind it.
public struct Health: Codable, Sendable, Equatable {
    public var status: HealthState
    public var reasons: [String]
    public init(status: HealthState = .ok, reasons: [String] = []) { self.status = status; self.reasons = reasons }

    /// Raises the state to at least `state` and records why.
    public mutating func worsen(to state: HealthState, _ reason: String) {
        if status < state { status = state }
        reasons.append(reason)
    }
}

/// The body of `GET /admin/v1/status`. The field names are a public contract (scripts and the console read them):
/// add fields freely, never rename.
public struct NodeStatus: Codable, Sendable, Equatable {
    public var name: String
    public var kind: NodeKind
    /// `supervisor` (app), `balancer`, `primary` or `replica` (database).
    public var role: String
    public var version: String
    public var startedAt: Date
    public var pid: Int32
    public var health: Health
    /// Host figures of the machine the node runs on.
    public var host: HostFigures?
    /// Headline figures every kind reports, for tables and sparklines.
    public var figures: NodeFigures?
    /// App nodes: the supervised workers.
    public var workers: [WorkerStatus]?
    /// App nodes: the autoscaler's state.
    public var autoscaler: AutoscalerStatus?
    /// Balancers: every backend.
    public var backends: [BackendStatus]?
    /// Balancers: the public listeners as URLs.
    public var listeners: [String]?
    /// Balancers: edge-cache figures.
    public var cache: CacheStatus?
    /// Database nodes: replication state.
    public var replication: ReplicationStatus?
    /// Database nodes: server figures.
    public var database: DatabaseFigures?
    /// Database nodes with etcd high availability: the leader lease and failover mode.
    public var ha: HAStatus?
    /// App and balancer nodes: the operator decisions kept across restarts and where each value came from.
    public var savedState: SavedStateStatus?
    /// Every kind: the newest log line's and event's sequence numbers, so a poller can skip pages it knows are empty.
    public var streams: StreamCursors?
    /// Balancers behind a floating address: the pair's address, who holds it, standby and the shared operator state.
    public var pair: BalancerPairStatus?

    public init(name: String, kind: NodeKind, role: String, version: String, startedAt: Date, pid: Int32,
                health: Health = Health()) {
        self.name = name
        self.kind = kind
        self.role = role
        self.version = version
        self.startedAt = startedAt
        self.pid = pid
        self.health = health
    }
}

/// Headline figures of a node over the last sampling interval.
public struct NodeFigures: Codable, Sendable, Equatable {
    public var requestsPerSecond: Double
    public var p50Ms: Double?
    public var p99Ms: Double?
    /// Share of 5xx answers among all, 0…1.
    public var errorRate: Double
    public var inFlight: Int
    public var cpuPercent: Double
    public var residentBytes: Int64
    public init(requestsPerSecond: Double = 0, p50Ms: Double? = nil, p99Ms: Double? = nil, errorRate: Double = 0,
                inFlight: Int = 0, cpuPercent: Double = 0, residentBytes: Int64 = 0) {
        self.requestsPerSecond = requestsPerSecond
        self.p50Ms = p50Ms
        self.p99Ms = p99Ms
        self.errorRate = errorRate
        self.inFlight = inFlight
        self.cpuPercent = cpuPercent
        self.residentBytes = residentBytes
    }
}

/// The machine a node runs on.
public struct HostFigures: Codable, Sendable, Equatable {
    public var cpuPercent: Double
    public var load1: Double
    public var load5: Double
    public var load15: Double
    public var memoryTotalBytes: Int64
    public var memoryAvailableBytes: Int64
    public var diskFreeBytes: Int64?
    public var diskTotalBytes: Int64?
    public init(cpuPercent: Double = 0, load1: Double = 0, load5: Double = 0, load15: Double = 0, memoryTotalBytes: Int64 = 0,
                memoryAvailableBytes: Int64 = 0, diskFreeBytes: Int64? = nil, diskTotalBytes: Int64? = nil) {
        self.cpuPercent = cpuPercent
        self.load1 = load1
        self.load5 = load5
        self.load15 = load15
        self.memoryTotalBytes = memoryTotalBytes
        self.memoryAvailableBytes = memoryAvailableBytes
        self.diskFreeBytes = diskFreeBytes
        self.diskTotalBytes = diskTotalBytes
    }
}
