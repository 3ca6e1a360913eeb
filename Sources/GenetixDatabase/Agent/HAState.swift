import GenetixCore

/// What the agent knows about its cluster's leadership (refreshed by every high-availability loop).
struct HAState: Sendable {
    /// `auto`, `paused`, or `manual` (no etcd).
    var mode = "manual"
    /// The node named in the leader key, if any.
    var leader: String?
    /// This node holds the leader key under its live lease and may run PostgreSQL writable.
    var isLeader = false
    /// A role that says more than primary/replica (`starting`, `demoted`, `rejoining`) and why.
    var roleOverride: String?
    var reason: String?
    var lastFailover: String?
    var dcsReachable = false
    /// The primary this replica was pointed at (`host:port`) and since when it has not streamed from it.
    var followingConn: String?
    var notStreamingSince: ContinuousClock.Instant?
    /// The newest WAL position the leader published (for the maximum-lag-on-failover rule).
    var lastLeaderLSN: UInt64 = 0
    var config = ClusterConfig()
    /// The synchronous standby recorded in the `sync` key as last read, and a run of its management in progress.
    var syncStandby: String?
    var managingSync = false
    /// A demotion or step-down is under way: the loop leaves roles alone.
    var demoting = false
    /// Since when this replica has seen signs that the leader may be gone (no leader key, its WAL receiver not
    /// streaming, or the leader's lease close to expiry at etcd): the loop then turns every 200 ms, for up to two
    /// TTLs, so that the key's expiry is acted on at once rather than up to a whole loop interval later.
    var watchfulSince: ContinuousClock.Instant?

    /// Sets the role override and its reason.
    mutating func mark(_ role: String?, _ why: String?) {
        roleOverride = role
        reason = why
    }
}
