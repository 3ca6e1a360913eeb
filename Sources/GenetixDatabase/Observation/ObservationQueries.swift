import Foundation
import GenetixCore

/// The statements a sample runs, and how their rows fill a `DatabaseObservation`.
enum ObservationQueries {
    static let server = """
        SELECT pg_is_in_recovery(),
          CASE WHEN pg_is_in_recovery() THEN NULL ELSE pg_current_wal_lsn()::text END,
          pg_last_wal_receive_lsn()::text,
          pg_last_wal_replay_lsn()::text,
          CASE WHEN pg_is_in_recovery() THEN pg_is_wal_replay_paused() ELSE false END,
          extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8,
          CASE WHEN pg_is_in_recovery()
            THEN coalesce((SELECT received_tli FROM pg_stat_wal_receiver), (SELECT timeline_id FROM pg_control_checkpoint()))
            ELSE ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int END,
          current_setting('default_transaction_read_only'),
          current_setting('synchronous_standby_names'),
          (SELECT sum(xact_commit + xact_rollback)::bigint FROM pg_stat_database),
          (SELECT sum(blks_hit)::bigint FROM pg_stat_database),
          (SELECT sum(blks_read)::bigint FROM pg_stat_database),
          (SELECT sum(pg_database_size(oid))::bigint FROM pg_database WHERE datallowconn)
        """

    static let clients = """
        SELECT application_name, client_addr::text, state, sync_state, sent_lsn::text, replay_lsn::text,
          CASE WHEN pg_is_in_recovery() THEN NULL ELSE pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::bigint END
        FROM pg_stat_replication ORDER BY application_name
        """

    static let receiver = "SELECT status, sender_host, sender_port FROM pg_stat_wal_receiver"

    static let connections = """
        SELECT coalesce(state, 'unknown'), count(*)::int FROM pg_stat_activity
        WHERE backend_type = 'client backend' GROUP BY 1
        """

    /// Takes one sample through `connection`; `previous` gives the per-second rates.
    static func sample(_ connection: AsyncPostgresConnection, previous: DatabaseObservation?) async throws(DatabaseError) -> DatabaseObservation {
        var o = DatabaseObservation()
        o.postmasterUp = true
        let s = try await connection.query(server)
        o.inRecovery = s.bool(0, 0) ?? false
        o.currentLSN = s.string(0, 1).flatMap(WALPosition.init)
        o.receiveLSN = s.string(0, 2).flatMap(WALPosition.init)
        o.replayLSN = s.string(0, 3).flatMap(WALPosition.init)
        o.replayPaused = s.bool(0, 4) ?? false
        o.lagSeconds = o.inRecovery ? s.double(0, 5) : nil
        o.timeline = Int(s.int64(0, 6) ?? 0)
        o.fenced = s.bool(0, 7) ?? false
        o.synchronousStandbyNames = s.string(0, 8) ?? ""
        o.synchronous = !o.synchronousStandbyNames.isEmpty
        o.transactionsTotal = s.int64(0, 9) ?? 0
        o.blocksHit = s.int64(0, 10) ?? 0
        o.blocksRead = s.int64(0, 11) ?? 0
        o.sizeBytes = s.int64(0, 12) ?? 0
        let totalBlocks = o.blocksHit + o.blocksRead
        o.cacheHitRatio = totalBlocks == 0 ? 1 : Double(o.blocksHit) / Double(totalBlocks)
        if let previous, previous.reachable {
            let seconds = o.sampledAt.timeIntervalSince(previous.sampledAt)
            if seconds > 0 { o.transactionsPerSecond = max(0, Double(o.transactionsTotal - previous.transactionsTotal) / seconds) }
        }

        let c = try await connection.query(clients)
        o.clients = (0..<c.count).map { row in
            var client = ReplicationStatus.Client(name: c.string(row, 0) ?? "", address: c.string(row, 1),
                                                  state: c.string(row, 2) ?? "unknown", syncState: c.string(row, 3) ?? "async")
            client.sentLsn = c.string(row, 4)
            client.replayLsn = c.string(row, 5)
            client.lagBytes = c.int64(row, 6)
            return client
        }
        if o.inRecovery {
            let r = try await connection.query(receiver)
            o.receiverStatus = r.string(0, 0)
            if let host = r.string(0, 1), let port = r.string(0, 2) { o.upstream = "\(host):\(port)" }
            if let received = o.receiveLSN, let replayed = o.replayLSN { o.lagBytes = received.bytes(after: replayed) }
        } else {
            o.lagBytes = o.clients.compactMap(\.lagBytes).max() ?? 0
        }
        let a = try await connection.query(connections)
        for row in 0..<a.count { o.connections[a.string(row, 0) ?? "unknown"] = Int(a.int64(row, 1) ?? 0) }
        o.reachable = true
        return o
    }
}
