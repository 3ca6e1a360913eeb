/// How a database agent takes part in etcd-based high availability (`--dcs`): where etcd is, the cluster scope its
/// keys live under, this node's tags and the lease timing.
public struct HASettings: Sendable, Equatable {
    /// etcd client URLs (`http(s)://HOST:PORT`).
    public var endpoints: [String]
    /// CA certificate (PEM) for https endpoints.
    public var caFile: String?
    /// File holding `USER:PASSWORD` for etcd authentication (never on the command line).
    public var credentialsFile: String?
    /// The cluster's name: its keys live under `/genetix/SCOPE/`, so two clusters can share one etcd.
    public var scope: String = "genetix"
    /// The lease TTL in seconds (the cluster's `config` key overrides it when set).
    public var ttlSeconds: Int = 4
    /// Never take the leader key automatically (Patroni's `nofailover` tag); a planned switchover still may.
    public var noFailover = false
    /// This node's admin API URL, published in its member key so a switchover candidate can reach it.
    public var adminURL: String?
    /// How often the agent runs its high-availability loop.
    public var loopInterval: Duration = .seconds(1)

    public init(endpoints: [String]) { self.endpoints = endpoints }

    /// Checks the scope (it becomes part of etcd keys).
    public func validate() throws(DatabaseError) {
        guard !endpoints.isEmpty else { throw .invalidSetting("--dcs needs at least one etcd URL") }
        guard !scope.isEmpty, scope.count <= 64,
              scope.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") }) else {
            throw .invalidSetting("--cluster-scope '\(scope)' must be 1–64 letters, digits, '-', '_' or '.'")
        }
        guard (2...600).contains(ttlSeconds) else { throw .invalidSetting("--dcs-ttl \(ttlSeconds) must be 2…600 seconds") }
    }
}
