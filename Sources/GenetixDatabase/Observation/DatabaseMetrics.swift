import GenetixCore

/// The database node's gauges in the node's `MetricsRegistry` (JSON and Prometheus).
struct DatabaseMetrics: Sendable {
    private let registry: MetricsRegistry
    private let up: Gauge
    private let inRecovery: Gauge
    private let fenced: Gauge
    private let timeline: Gauge
    private let lagBytes: Gauge
    private let lagSeconds: Gauge
    private let transactionsPerSecond: Gauge
    private let cacheHitRatio: Gauge
    private let sizeBytes: Gauge
    private let clients: Gauge
    private let replayPaused: Gauge
    static let connectionStates = ["active", "idle", "idle in transaction", "idle in transaction (aborted)", "fastpath function call", "disabled", "unknown"]

    init(registry: MetricsRegistry) {
        self.registry = registry
        up = registry.gauge("pg_up", help: "1 while the postmaster runs and answers queries")
        inRecovery = registry.gauge("pg_in_recovery", help: "1 on a replica (in recovery), 0 on a primary")
        fenced = registry.gauge("pg_fenced", help: "1 while the server is fenced (default_transaction_read_only)")
        timeline = registry.gauge("pg_timeline", help: "The server's WAL timeline")
        lagBytes = registry.gauge("pg_replication_lag_bytes", help: "WAL bytes not yet replayed (replica) or the largest replica lag (primary)")
        lagSeconds = registry.gauge("pg_replication_lag_seconds", help: "Seconds since the last replayed transaction's commit (replica)")
        transactionsPerSecond = registry.gauge("pg_transactions_per_second", help: "Commits and rollbacks per second, all databases")
        cacheHitRatio = registry.gauge("pg_cache_hit_ratio", help: "Share of block reads served from shared buffers, 0 to 1")
        sizeBytes = registry.gauge("pg_database_size_bytes", help: "Total size of the connectable databases")
        clients = registry.gauge("pg_replication_clients", help: "Replicas streaming from this server")
        replayPaused = registry.gauge("pg_replay_paused", help: "1 while WAL replay is paused (replica)")
    }

    func update(_ o: DatabaseObservation) {
        up.set(o.reachable ? 1 : 0)
        guard o.reachable else { return }
        inRecovery.set(o.inRecovery ? 1 : 0)
        fenced.set(o.fenced ? 1 : 0)
        timeline.set(Double(o.timeline))
        lagBytes.set(Double(o.lagBytes))
        lagSeconds.set(o.lagSeconds ?? 0)
        transactionsPerSecond.set(o.transactionsPerSecond)
        cacheHitRatio.set(o.cacheHitRatio)
        sizeBytes.set(Double(o.sizeBytes))
        clients.set(Double(o.clients.count))
        replayPaused.set(o.replayPaused ? 1 : 0)
        for state in Self.connectionStates {
            registry.gauge("pg_connections", help: "Client connections by state", labels: ["state": state])
                .set(Double(o.connections[state] ?? 0))
        }
    }
}
