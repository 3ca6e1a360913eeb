/// A database node's view of its cluster's high availability (etcd leader lease): `mode` is `auto` (automatic
/// failover on), `paused` (maintenance: no automatic failover, set for the whole cluster) or `manual` (no etcd
/// configured: only an operator changes roles).
public struct HAStatus: Codable, Sendable, Equatable {
    public var mode: String
    /// The leader lease's time to live.
    public var ttlSeconds: Int?
    /// On the leader: milliseconds until this node must demote itself unless it renews its lease (nil elsewhere).
    public var leaseRemainingMs: Int?
    /// The newest failover or switchover the cluster recorded: "TIME: NAME took over from OLD (reason)".
    public var lastFailover: String?
    /// Whether etcd answered this node's last request.
    public var dcsReachable: Bool?
    /// Why the node is in its current role when that is not plain `primary` / `replica` (starting, demoted…).
    public var reason: String?
    /// The cluster scope (keys under /genetix/SCOPE/).
    public var scope: String?
    /// Synchronous mode is on for the cluster (etcd `config`): only `syncStandby` may take over automatically.
    public var synchronousMode: Bool?
    /// The standby recorded in etcd's `sync` key as holding every acknowledged commit (nil: none).
    public var syncStandby: String?
    /// Strict synchronous mode (Patroni's `synchronous_mode_strict`): with no synchronous standby, commits wait
    /// instead of being acknowledged without one.
    public var synchronousModeStrict: Bool?

    public init(mode: String, ttlSeconds: Int? = nil, leaseRemainingMs: Int? = nil, lastFailover: String? = nil) {
        self.mode = mode
        self.ttlSeconds = ttlSeconds
        self.leaseRemainingMs = leaseRemainingMs
        self.lastFailover = lastFailover
    }
}
