import Foundation
import GenetixCore

extension DatabaseAgent {
    /// Fences this primary for a switchover: `default_transaction_read_only = on` (ALTER SYSTEM + reload), every
    /// client session ended, then the final WAL position (flush LSN, once the flush has caught up with inserts) is
    /// returned so the candidate can wait until it has replayed it.
    func fence(actor: String) async throws(ActionError) -> JSONValue {
        let observation = await monitor.sample()
        guard observation.reachable else { throw .conflict("postgres is not answering on \(settings.name); cannot fence it") }
        guard !observation.inRecovery else { throw .conflict("\(settings.name) is a replica; fence applies to a primary") }
        let clock = ContinuousClock()
        let started = clock.now
        do {
            try await actionSession.query("ALTER SYSTEM SET default_transaction_read_only = on")
            try await actionSession.query("SELECT pg_reload_conf()")
            try await waitForSetting("default_transaction_read_only", "on")
            let terminated = try await actionSession.query("""
                SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()
                """).int64() ?? 0
            for _ in 0..<100 {
                let left = try await actionSession.query("""
                    SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()
                      AND application_name NOT IN ('genetix-monitor', 'genetix-probe')
                    """).int64() ?? 0
                if left == 0 { break }
                try? await Task.sleep(for: .milliseconds(10))
            }
            var lsn = ""
            for _ in 0..<100 {
                let rows = try await actionSession.query("""
                    SELECT pg_current_wal_flush_lsn()::text, pg_wal_lsn_diff(pg_current_wal_insert_lsn(), pg_current_wal_flush_lsn()) <= 40
                    """)
                lsn = rows.string() ?? ""
                if rows.bool(0, 1) == true { break }
                try? await Task.sleep(for: .milliseconds(10))
            }
            let elapsed = Self.milliseconds(clock.now - started)
            events.emit(type: "database.fenced", severity: .warn, message: "fenced: read-only, \(terminated) sessions ended, final LSN \(lsn)",
                        actor: actor, target: settings.name, fields: ["lsn": lsn])
            _ = await monitor.sample()
            return .object(["fenced": .bool(true), "lsn": .string(lsn), "terminatedSessions": .number(Double(terminated)),
                            "ms": .number(elapsed)])
        } catch {
            throw .failed("fencing \(settings.name) failed: \(error)")
        }
    }

    /// Lifts a fence: `default_transaction_read_only` back to its default. Refused (unless `force`) when another
    /// node reports itself a writable primary, or, with etcd, when this node does not hold the leader key.
    func unfence(force: Bool, actor: String) async throws(ActionError) -> JSONValue {
        if !force {
            if settings.ha != nil && !haState.isLeader {
                throw .conflict("\(settings.name) does not hold the cluster's leader key (leader: \(haState.leader ?? "none")); unfencing it would make a second writable primary; pass {\"force\": true} in the unfence action body (POST /admin/v1/actions/unfence) to override")
            }
            let others = await peers.statuses().filter { $0.status.role == "primary" && $0.status.replication?.fenced != true }
            if !others.isEmpty {
                throw .conflict("\(others.map(\.peer.name).joined(separator: ", ")) already accept\(others.count == 1 ? "s" : "") writes as primary; unfencing \(settings.name) would make two writable primaries; pass {\"force\": true} in the unfence action body (POST /admin/v1/actions/unfence) to override")
            }
        }
        do {
            try await actionSession.query("ALTER SYSTEM RESET default_transaction_read_only")
            try await actionSession.query("SELECT pg_reload_conf()")
            try await waitForSetting("default_transaction_read_only", "off")
        } catch {
            throw .failed("unfencing \(settings.name) failed: \(error)")
        }
        events.emit(type: "database.unfenced", message: "fence lifted: writes accepted again", actor: actor, target: settings.name)
        _ = await monitor.sample()
        return .object(["fenced": .bool(false)])
    }

    /// Waits (up to 2 s) until a new session sees `name = value` — i.e. the postmaster has processed the reload.
    func waitForSetting(_ name: String, _ value: String) async throws(DatabaseError) {
        let conninfo = paths.localConninfo(port: settings.port, applicationName: "genetix-agent")
        for _ in 0..<200 {
            let connection = try await AsyncPostgresConnection.connect(conninfo, target: "local postgres")
            let current = try await connection.query("SELECT current_setting($1)", [name]).string()
            await connection.close()
            if current == value { return }
            try? await Task.sleep(for: .milliseconds(10))
        }
        throw .timedOut("\(name) did not become \(value) after a configuration reload")
    }

    /// Whole milliseconds of a duration, as a Double for JSON.
    static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return (Double(seconds) * 1000 + Double(attoseconds) / 1e15).rounded()
    }
}
