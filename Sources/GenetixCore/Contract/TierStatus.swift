import Foundation

/// A worker process of an app node.
public struct WorkerStatus: Codable, Sendable, Equatable {
    /// Worker lifecycle. `online` only after the worker's /readyz answered 200.
    public enum State: String, Codable, Sendable { case starting, online, draining, stopping, errored }
    public var id: Int
    public var pid: Int32
    public var port: Int
    public var state: State
    /// `host:port` the balancer should route to.
    public var address: String?
    public var cpuPercent: Double?
    public var residentBytes: Int64?
    public var requests: Int64?
    public var inFlight: Int?
    public var requestsPerSecond: Double?
    public var p50Ms: Double?
    public var p99Ms: Double?
    public var restarts: Int?
    public var uptimeSeconds: Double?
    public var startedAt: Date?
    public var lastExit: String?
    public init(id: Int, pid: Int32, port: Int, state: State) {
        self.id = id
        self.pid = pid
        self.port = port
        self.state = state
    }
}

/// The app node's autoscaler.
public struct AutoscalerStatus: Codable, Sendable, Equatable {
    public var enabled: Bool
    public var min: Int
    public var max: Int
    /// `inFlightPerWorker` or `rpsPerWorker`.
    public var metric: String?
    public var target: Double?
    public var scaleDownWindowSeconds: Double?
    public var current: Int?
    public var desired: Int?
    public var lastDecision: String?
    public var lastDecisionAt: Date?
    public init(enabled: Bool = false, min: Int = 1, max: Int = 8) {
        self.enabled = enabled
        self.min = min
        self.max = max
    }
}

/// A backend of a balancer.
public struct BackendStatus: Codable, Sendable, Equatable {
    public enum State: String, Codable, Sendable { case up, down, draining, ejected }
    public var address: String
    public var state: State
    public var weight: Int
    public var inFlight: Int
    /// `discovered` (from an app node) or `static`.
    public var source: String?
    /// The app node and worker it was discovered from.
    public var node: String?
    public var workerId: Int?
    public var requests: Int64?
    public var requestsPerSecond: Double?
    public var p99Ms: Double?
    public var errors: Int64?
    public var lastCheck: String?
    public var lastCheckAt: Date?
    public init(address: String, state: State, weight: Int = 1, inFlight: Int = 0) {
        self.address = address
        self.state = state
        self.weight = weight
        self.inFlight = inFlight
    }
}

/// The balancer's edge cache.
public struct CacheStatus: Codable, Sendable, Equatable {
    public var entries: Int
    public var bytes: Int64
    public var limitBytes: Int64
    public var hits: Int64
    public var misses: Int64
    /// Misses that waited for another request's backend fetch of the same object (request coalescing); additive,
    /// 0 when a node does not report it.
    public var coalesced: Int64
    /// Answers served stale (stale-while-revalidate or stale-if-error); additive, 0 when a node does not report it.
    public var stale: Int64
    public var hitRatio: Double { hits + misses == 0 ? 0 : Double(hits) / Double(hits + misses) }
    public init(entries: Int = 0, bytes: Int64 = 0, limitBytes: Int64 = 0, hits: Int64 = 0, misses: Int64 = 0,
                coalesced: Int64 = 0, stale: Int64 = 0) {
        self.entries = entries
        self.bytes = bytes
        self.limitBytes = limitBytes
        self.hits = hits
        self.misses = misses
        self.coalesced = coalesced
        self.stale = stale
    }
    private enum CodingKeys: String, CodingKey { case entries, bytes, limitBytes, hits, misses, coalesced, stale, hitRatio }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        entries = try c.decode(Int.self, forKey: .entries)
        bytes = try c.decode(Int64.self, forKey: .bytes)
        limitBytes = try c.decode(Int64.self, forKey: .limitBytes)
        hits = try c.decode(Int64.self, forKey: .hits)
        misses = try c.decode(Int64.self, forKey: .misses)
        coalesced = try c.decodeIfPresent(Int64.self, forKey: .coalesced) ?? 0
        stale = try c.decodeIfPresent(Int64.self, forKey: .stale) ?? 0
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(entries, forKey: .entries)
        try c.encode(bytes, forKey: .bytes)
        try c.encode(limitBytes, forKey: .limitBytes)
        try c.encode(hits, forKey: .hits)
        try c.encode(misses, forKey: .misses)
        try c.encode(coalesced, forKey: .coalesced)
        try c.encode(stale, forKey: .stale)
        try c.encode(hitRatio, forKey: .hitRatio)
    }
}

/// Streaming replication as a database node sees it.
public struct ReplicationStatus: Codable, Sendable, Equatable {
    /// A standby connected to this server (from pg_stat_replication).
    public struct Client: Codable, Sendable, Equatable {
        public var name: String
        public var address: String?
        public var state: String
        public var syncState: String
        public var sentLsn: String?
        public var replayLsn: String?
        public var lagBytes: Int64?
        public init(name: String, address: String? = nil, state: String, syncState: String) {
            self.name = name
            self.address = address
            self.state = state
            self.syncState = syncState
        }
    }
    /// `primary` or `replica`.
    public var role: String
    public var timeline: Int
    /// Bytes of WAL this node has not yet replayed (replica), or the largest client lag (primary).
    public var lagBytes: Int64
    public var lagSeconds: Double?
    public var currentLsn: String?
    public var receiveLsn: String?
    public var replayLsn: String?
    /// For a replica: the primary it follows (`host:port`) and the WAL receiver's state.
    public var upstream: String?
    public var receiverState: String?
    public var replayPaused: Bool?
    public var synchronous: Bool?
    /// A primary fenced by a switchover (`fence` action): read-only, sessions ended; no longer the writable primary.
    public var fenced: Bool?
    /// With etcd high availability: the name of the node holding the cluster's leader key (nil: none, or no etcd).
    public var leader: String?
    public var clients: [Client]
    public init(role: String, timeline: Int = 1, lagBytes: Int64 = 0, clients: [Client] = []) {
        self.role = role
        self.timeline = timeline
        self.lagBytes = lagBytes
        self.clients = clients
    }
}

/// Figures of a PostgreSQL server.
public struct DatabaseFigures: Codable, Sendable, Equatable {
    public var postmasterUp: Bool
    public var listen: String?
    public var connections: [String: Int]
    public var transactionsPerSecond: Double
    public var cacheHitRatio: Double
    public var sizeBytes: Int64
    public init(postmasterUp: Bool, listen: String? = nil, connections: [String: Int] = [:], transactionsPerSecond: Double = 0,
                cacheHitRatio: Double = 0, sizeBytes: Int64 = 0) {
        self.postmasterUp = postmasterUp
        self.listen = listen
        self.connections = connections
        self.transactionsPerSecond = transactionsPerSecond
        self.cacheHitRatio = cacheHitRatio
        self.sizeBytes = sizeBytes
    }
}
