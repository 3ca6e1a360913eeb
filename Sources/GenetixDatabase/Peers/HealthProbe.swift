/// The body of `/primary`, `/replica` and `/health`: what a live query just saw.
public struct HealthProbe: Codable, Sendable, Equatable {
    public var running: Bool
    public var role: String?
    public var fenced: Bool
    public var receiverStatus: String?
    public var lagBytes: Int64
    public var error: String?

    public var writablePrimary: Bool { running && role == "primary" && !fenced }
    public var streamingReplica: Bool { running && role == "replica" && receiverStatus == "streaming" }
}

extension DatabaseAgent {
    /// A live check for the health endpoints (not the last sample: load balancers act on it immediately).
    public func probe() async -> HealthProbe {
        var probe = HealthProbe(running: false, fenced: false, lagBytes: 0)
        guard await process.isRunning else {
            probe.error = "postgres is not running"
            return probe
        }
        do {
            let rows = try await probeSession.query("""
                SELECT pg_is_in_recovery(), current_setting('default_transaction_read_only'),
                  (SELECT status FROM pg_stat_wal_receiver),
                  coalesce(pg_wal_lsn_diff(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()), 0)::bigint
                """)
            probe.running = true
            probe.role = rows.bool() == true ? "replica" : "primary"
            probe.fenced = rows.bool(0, 1) == true && probe.role == "primary"
            probe.receiverStatus = rows.string(0, 2)
            probe.lagBytes = max(0, rows.int64(0, 3) ?? 0)
        } catch {
            probe.error = error.description
        }
        return probe
    }
}
