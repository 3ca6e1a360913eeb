import Foundation
import GenetixCore

extension DatabaseAgent {
    /// Re-points this replica at `primary` without restarting postgres: creates this node's slot on the new primary,
    /// `ALTER SYSTEM SET primary_conninfo / primary_slot_name` and a reload (PostgreSQL 13+ restarts only the WAL
    /// receiver), then waits until the receiver streams from it.
    func follow(_ primary: PeerEndpoint, actor: String) async throws(ActionError) -> JSONValue {
        try claim("follow")
        defer { release() }
        let clock = ContinuousClock()
        let started = clock.now
        let observation = await monitor.sample()
        guard observation.reachable else { throw .conflict("postgres is not answering on \(settings.name)") }
        guard observation.inRecovery else {
            throw .conflict("\(settings.name) is a primary; follow re-points a replica — use rejoin to turn an old primary into a replica")
        }
        let pid = await process.pid
        do {
            try dataDirectory.writePassFile()
            try await ensureSlot(on: primary)
            let conninfo = dataDirectory.replicationConninfo(to: primary, database: nil, applicationName: settings.slotName)
            try await runFormatted(actionSession, "ALTER SYSTEM SET primary_conninfo = %L", [conninfo])
            try await runFormatted(actionSession, "ALTER SYSTEM SET primary_slot_name = %L", [settings.slotName])
            try await actionSession.query("SELECT pg_reload_conf()")
        } catch {
            throw .failed("cannot re-point \(settings.name) to \(primary): \(error)")
        }
        try await waitForStreaming(from: primary, timeout: .seconds(30))
        let total = Self.milliseconds(clock.now - started)
        events.emit(type: "database.following", message: "now streaming from \(primary) (no restart)", actor: actor,
                    target: settings.name, fields: ["primary": primary.description])
        return .object(["following": .string(primary.description), "restarted": .bool(false),
                        "postmasterPid": pid.map { .number(Double($0)) } ?? .null, "totalMs": .number(total)])
    }

    /// The `rejoin` action: refuses on the node holding the leader key and on a node that still accepts writes
    /// (unless `force`), then `rejoinSafely`.
    func rejoin(_ primary: PeerEndpoint, force: Bool, actor: String) async throws(ActionError) -> JSONValue {
        if haState.isLeader {
            throw .conflict("\(settings.name) holds the cluster's leader key: it is the primary and cannot rejoin as a replica; switch over to another node first (genetix promote REPLICA)")
        }
        let observation = await monitor.sample()
        if observation.isWritablePrimary && !force {
            throw .conflict("\(settings.name) still accepts writes (a primary, not fenced): rejoining would rewind away writes acknowledged here; fence it first, or pass {\"force\": true} in the rejoin action body (POST /admin/v1/actions/rejoin) if you are sure")
        }
        try claim("rejoin")
        defer { release() }
        return try await rejoinSafely(primary, actor: actor)
    }

    /// Turns this (fenced, demoted or failed) old primary into a replica of `primary`: checks the new primary is
    /// reachable (retrying transient errors), fast shutdown, `pg_rewind` (retried), standby settings, start, stream.
    /// When rewind cannot work a fresh base backup is taken — after moving the old data directory aside, never
    /// deleting it (the event names where it went). The caller holds the action slot.
    func rejoinSafely(_ primary: PeerEndpoint, actor: String) async throws(ActionError) -> JSONValue {
        var timings = StepTimings()
        let observation = await monitor.sample()
        if observation.isStreamingReplica, let upstream = observation.upstream, upstream == primary.description {
            throw .conflict("\(settings.name) already streams from \(primary)")
        }
        haState.mark("rejoining", "rejoining as a replica of \(primary)")
        var method = "pg_rewind"
        var rewindError: String?
        var movedAside: String?
        var lastError = ""
        var reachable = false
        for attempt in 1...6 {
            do {
                try dataDirectory.writePassFile()
                try await ensureSlot(on: primary)
                try await checkpoint(on: primary)
                reachable = true
                break
            } catch {
                lastError = error.description
                logger.warn("rejoin: the new primary \(primary) is not reachable yet (attempt \(attempt) of 6): \(error)")
                if attempt < 6 { try? await Task.sleep(for: .milliseconds(min(4000, 500 << attempt))) }
            }
        }
        guard reachable else {
            haState.mark(nil, "rejoin not started: \(primary) unreachable")
            throw .failed("cannot reach the new primary \(primary) as the replication role after 6 attempts over 15 s (\(lastError)); nothing was changed on \(settings.name)")
        }
        timings.step("slot")
        await monitor.stop()
        await actionSession.drop()
        await probeSession.drop()
        await process.stop()
        timings.step("stop")
        for attempt in 1...3 {
            do {
                try await dataDirectory.tool.run(binaries.rewind, [
                    "--target-pgdata", paths.dataDirectory,
                    "--source-server", dataDirectory.replicationConninfo(to: primary, database: "postgres"),
                ])
                rewindError = nil
                break
            } catch {
                rewindError = error.description
                logger.warn("pg_rewind attempt \(attempt) of 3 failed: \(error)")
                try? await Task.sleep(for: .milliseconds(500 << attempt))
            }
        }
        if let rewindError {
            method = "pg_basebackup"
            do {
                let aside = try dataDirectory.moveAside()
                movedAside = aside
                events.emit(type: "database.datadir_moved_aside", severity: .crit,
                            message: "pg_rewind failed (\(rewindError)); the old data directory was moved to \(aside) (kept, not deleted) for a fresh base backup",
                            actor: actor, target: settings.name, fields: ["path": aside])
                try await dataDirectory.cloneReplica(from: primary)
            } catch {
                await restartAsStandby(following: nil)
                throw .failed("pg_rewind failed (\(rewindError)) and the base backup from \(primary) failed too: \(error)\(movedAside.map { "; the old data directory is kept at \($0)" } ?? "")")
            }
        }
        timings.step(method == "pg_rewind" ? "rewind" : "basebackup")
        do {
            try dataDirectory.configureAsReplica(of: primary)
            try await process.start()
            try await waitUntilAccepting(timeout: .seconds(120))
        } catch {
            await monitor.start()
            throw .failed("\(settings.name) did not come back as a replica of \(primary): \(error)")
        }
        await monitor.start()
        haState.followingConn = primary.description
        try await waitForStreaming(from: primary, timeout: .seconds(60))
        haState.mark(nil, nil)
        timings.step("stream")
        let total = timings.totalMilliseconds
        events.emit(type: "database.rejoined", severity: .warn, message: "rejoined as a replica of \(primary) using \(method)",
                    actor: actor, target: settings.name, fields: ["primary": primary.description, "method": method])
        return .object(["rejoined": .string(primary.description), "method": .string(method),
                        "rewindError": rewindError.map(JSONValue.string) ?? .null,
                        "movedAside": movedAside.map(JSONValue.string) ?? .null, "steps": .object(timings.steps), "totalMs": .number(total)])
    }

    /// Waits until the WAL receiver streams from `primary`.
    func waitForStreaming(from primary: PeerEndpoint, timeout: Duration) async throws(ActionError) {
        let deadline = ContinuousClock.now + timeout
        var last = "no WAL receiver"
        while ContinuousClock.now < deadline {
            if let rows = try? await actionSession.query("SELECT status, sender_port FROM pg_stat_wal_receiver"), !rows.isEmpty {
                last = "receiver \(rows.string() ?? "?") from port \(rows.string(0, 1) ?? "?")"
                if rows.string() == "streaming", rows.int64(0, 1) == Int64(primary.port) { return }
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        throw .timedOut("\(settings.name) is not streaming from \(primary) after \(timeout) (\(last)); see the postgres log for the WAL receiver's error")
    }

    /// Synchronous replication on (`synchronous_standby_names = 'ANY 1 (*)'`: a commit waits for one replica) or off.
    /// With `--dcs` the mode is recorded in etcd and the leader manages the standby (`setSynchronousMode`).
    func setSynchronous(_ enabled: Bool, strict: Bool = false, actor: String) async throws(ActionError) -> JSONValue {
        let observation = await monitor.sample()
        guard observation.reachable, !observation.inRecovery else {
            throw .conflict("\(settings.name) is not a running primary; sync is set on the primary")
        }
        if dcs != nil { return try await setSynchronousMode(enabled, strict: strict, actor: actor) }
        do {
            if enabled {
                try await actionSession.query("ALTER SYSTEM SET synchronous_standby_names = 'ANY 1 (*)'")
            } else {
                try await actionSession.query("ALTER SYSTEM RESET synchronous_standby_names")
            }
            try await actionSession.query("SELECT pg_reload_conf()")
        } catch {
            throw .failed("cannot change synchronous replication on \(settings.name): \(error)")
        }
        events.emit(type: "database.sync", severity: .info, message: "synchronous replication \(enabled ? "on (ANY 1)" : "off")",
                    actor: actor, target: settings.name, fields: ["enabled": String(enabled)])
        // Without etcd `ANY 1 (*)` never falls back: commits wait for a standby, strict or not.
        return .object(["synchronous": .bool(enabled), "standbyNames": .string(enabled ? "ANY 1 (*)" : ""), "strict": .bool(enabled)])
    }
}
