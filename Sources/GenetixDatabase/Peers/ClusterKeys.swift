/// The etcd keys of one cluster, under `/genetix/SCOPE/`:
/// - `leader`: the primary's node name, under its lease (a compare-and-swap creates it; it goes when the lease does);
/// - `members/NAME`: each agent's `MemberRecord`, under its own lease;
/// - `config`: the `ClusterConfig` (pause, TTL, maximum lag on failover), no lease;
/// - `switchover`: a planned switchover in progress (`SwitchoverRecord`), under the candidate's lease;
/// - `sync`: the synchronous standby the leader made synchronous (`SyncRecord`), no lease; only in synchronous mode;
/// - `history`: the failovers and switchovers, newest last (`[HistoryEntry]`), no lease;
/// - `initialize`: the name of the node that ran initdb, so only one node ever creates the cluster.
struct ClusterKeys: Sendable {
    let prefix: String

    init(scope: String) { prefix = "/genetix/\(scope)/" }

    var leader: String { prefix + "leader" }
    var members: String { prefix + "members/" }
    func member(_ name: String) -> String { members + name }
    var config: String { prefix + "config" }
    var switchover: String { prefix + "switchover" }
    var history: String { prefix + "history" }
    var sync: String { prefix + "sync" }
    var initialize: String { prefix + "initialize" }
}

/// What an agent publishes about itself every loop.
struct MemberRecord: Codable, Sendable, Equatable {
    var name: String
    /// `host:port` of its PostgreSQL.
    var conn: String
    /// Its admin API base URL, when known.
    var api: String?
    /// `primary`, `replica`, `demoted`, `starting`…
    var role: String
    /// Whether postgres answers.
    var running: Bool
    /// The newest WAL position it has (received or written), as a number, and its timeline.
    var lsn: UInt64
    var timeline: Int
    var streaming: Bool
    var noFailover: Bool
    /// The replication slot the leader keeps for it.
    var slot: String
}

/// Cluster-wide settings kept in etcd (`genetix pause` / `resume` change `paused`).
struct ClusterConfig: Codable, Sendable, Equatable {
    var paused: Bool = false
    var ttl: Int?
    /// A replica further behind the last known leader position than this is not eligible for automatic failover.
    var maximumLagOnFailover: Int64?
    /// Synchronous mode (the `sync` action): the leader keeps one synchronous standby, recorded in the `sync` key,
    /// and only that standby may take over automatically.
    var synchronousMode: Bool?
    /// Strict synchronous mode (Patroni's `synchronous_mode_strict`): with no synchronous standby streaming, the
    /// leader keeps `synchronous_standby_names` set, so commits wait rather than being acknowledged without one.
    var synchronousModeStrict: Bool?
}

/// The `sync` key (Patroni's `/sync`): `leader` made `standby` synchronous. While it names a standby, every commit
/// the leader acknowledged is on that standby, so in synchronous mode only it may take the leader key; `nil`:
/// no node has every acknowledged commit, and no automatic failover happens.
struct SyncRecord: Codable, Sendable, Equatable {
    var leader: String
    var standby: String?
}

/// A planned switchover: `from` steps down, only `to` may take the leader key.
struct SwitchoverRecord: Codable, Sendable, Equatable {
    var from: String
    var to: String
}

/// One change of leader.
struct HistoryEntry: Codable, Sendable, Equatable {
    var at: String
    var leader: String
    var previous: String?
    var timeline: Int
    var reason: String
}
