import Foundation
import GenetixConsensus
import GenetixCore

extension DatabaseAgent {
    /// The default bound of `maximumLagOnFailover`: 1 MiB behind the last position the leader published.
    static let defaultFailoverLag: Int64 = 1 << 20

    /// No leader: take the key by compare-and-swap when this replica is eligible and the healthiest — automatic
    /// failover on (not paused), no `nofailover` tag, no switchover naming another node, within the lag bound, and
    /// no live member with a newer WAL position (ties go to the smaller name); in synchronous mode instead: this is the
    /// synchronous standby recorded in the `sync` key. Then promote.
    func considerElection(_ o: DatabaseObservation, cluster: ClusterView, lease: Int64?, noFailover: Bool) async {
        guard let dcs, let lease else {
            haState.mark(haState.roleOverride, "no safe etcd lease: this node cannot take the leader key")
            return
        }
        let planned = cluster.switchover?.to == settings.name
        if let switchover = cluster.switchover, !planned {
            haState.reason = "switchover to \(switchover.to) in progress: only it may take the leader key"
            return
        }
        if cluster.config.paused && !planned {
            haState.reason = "paused: no leader and automatic failover is off (genetix resume turns it back on)"
            return
        }
        if noFailover && !planned {
            haState.reason = "tagged nofailover: never takes the leader key automatically"
            return
        }
        guard o.reachable, o.inRecovery else {
            haState.reason = "PostgreSQL is not answering: not eligible to lead"
            return
        }
        let mine = [o.receiveLSN, o.replayLSN].compactMap { $0?.value }.max() ?? 0
        let synchronousMode = cluster.config.synchronousMode == true && !planned
        if synchronousMode {
            guard cluster.sync?.standby == settings.name else {
                haState.reason = "synchronous mode: only the synchronous standby recorded in etcd (\(cluster.sync?.standby ?? "none")) "
                    + "may take over, so that no acknowledged write is lost"
                return
            }
        } else if let blocker = electionBlocker(mine: mine, cluster: cluster) {
            haState.reason = blocker
            return
        }
        await takeLeaderKey(dcs, lease: lease, cluster: cluster, planned: planned, synchronous: synchronousMode, position: mine)
    }

    /// Why this replica should not take over outside synchronous mode: too far behind, or a healthier member.
    private func electionBlocker(mine: UInt64, cluster: ClusterView) -> String? {
        let bound = UInt64(max(0, cluster.config.maximumLagOnFailover ?? Self.defaultFailoverLag))
        if haState.lastLeaderLSN > mine, haState.lastLeaderLSN - mine > bound {
            return "\(haState.lastLeaderLSN - mine) bytes behind the last leader position, more than maximumLagOnFailover \(bound)"
        }
        if cluster.switchover?.to != settings.name, let better = cluster.members.first(where: { m in
            m.name != settings.name && m.running && !m.noFailover && m.role != "primary"
                && (m.lsn > mine || (m.lsn == mine && m.name < settings.name))
        }) {
            return "no leader; \(better.name) is healthier (WAL \(WALPosition(better.lsn)) vs \(WALPosition(mine))) and should take over"
        }
        return nil
    }

    /// Creates the leader key under `lease` (compare-and-swap: only if absent), then promotes and records the change.
    private func takeLeaderKey(_ dcs: EtcdClient, lease: Int64, cluster: ClusterView, planned: Bool, synchronous: Bool, position mine: UInt64) async {
        let won: Bool
        do { won = try await dcs.create(clusterKeys.leader, settings.name, lease: lease, timeout: leaseKeeper?.timing.requestTimeout) } catch {
            haState.reason = "could not take the leader key: \(error)"
            return
        }
        guard won else { return }
        haState.leader = settings.name
        let previous = cluster.history.last?.leader
        let reason = planned ? "planned switchover" : (cluster.initializedBy == settings.name && previous == nil
            ? "first leader of a new cluster" : synchronous
                ? "automatic failover in synchronous mode: the leader key had expired and this is the synchronous standby recorded in etcd"
                : "automatic failover: the leader key had expired and this was the healthiest replica")
        events.emit(type: "ha.leader_acquired", severity: .warn, message: "took the leader key: \(reason)", target: settings.name,
                    fields: ["reason": reason, "walPosition": WALPosition(mine).description])
        haState.isLeader = true
        await promoteOnLease(reason: reason)
        await recordHistory(previous: previous, reason: reason)
    }

    /// Appends a leader change to the cluster's history (the newest 20 kept).
    func recordHistory(previous: String?, reason: String) async {
        guard let dcs else { return }
        let timeline = await monitor.sample().timeline
        var history = (try? await dcs.get(clusterKeys.history)).flatMap { try? GenetixJSON.decode([HistoryEntry].self, from: $0.value) } ?? []
        history.append(HistoryEntry(at: GenetixJSON.format(Date()), leader: settings.name, previous: previous, timeline: timeline, reason: reason))
        let text = String(decoding: GenetixJSON.encode(Array(history.suffix(20))), as: UTF8.self)
        try? await dcs.put(clusterKeys.history, text)
        haState.lastFailover = "\(history.last!.at): \(settings.name) took over\(previous.map { " from \($0)" } ?? "") (\(reason))"
    }

    /// A leader exists and it is not this node: stream from it — re-point without a restart when it changed, and
    /// rejoin with pg_rewind when this node cannot stream from it (it diverged, e.g. an old primary coming back).
    func followLeader(_ leader: String, cluster: ClusterView, observation o: DatabaseObservation) async {
        guard let record = cluster.member(leader), let endpoint = try? PeerEndpoint(parsing: record.conn) else {
            haState.mark(haState.roleOverride, "the leader \(leader) has not published its address yet")
            return
        }
        haState.lastLeaderLSN = record.lsn
        guard o.postmasterUp, o.reachable else {
            haState.mark("starting", "PostgreSQL is starting (leader: \(leader))")
            return
        }
        if o.isStreamingReplica, o.upstream == endpoint.description || haState.followingConn == endpoint.description {
            haState.followingConn = endpoint.description
            haState.notStreamingSince = nil
            haState.mark(nil, nil)
            return
        }
        if haState.followingConn != endpoint.description {
            do {
                try await pointAt(endpoint)
                haState.followingConn = endpoint.description
                haState.notStreamingSince = .now
                events.emit(type: "ha.following", message: "following the leader \(leader) at \(endpoint) (no restart)", target: settings.name,
                            fields: ["leader": leader, "primary": endpoint.description])
            } catch {
                haState.reason = "cannot re-point at the leader \(leader) (\(error)); retrying"
            }
            return
        }
        let since = haState.notStreamingSince ?? .now
        haState.notStreamingSince = since
        guard ContinuousClock.now - since > .seconds(8) else { return }
        haState.mark("rejoining", "not streaming from the leader \(leader) for 8 s: rejoining with pg_rewind")
        events.emit(type: "ha.rejoin_started", severity: .warn, message: "cannot stream from the leader \(leader): rejoining with pg_rewind",
                    target: settings.name, fields: ["leader": leader])
        do {
            try claim("rejoin")
            defer { release() }
            _ = try await rejoinSafely(endpoint, actor: "ha")
            haState.notStreamingSince = nil
            haState.mark(nil, nil)
        } catch {
            haState.notStreamingSince = .now
            haState.reason = "rejoin failed, will retry: \(error)"
        }
    }

    /// Sets primary_conninfo / primary_slot_name to `primary` and reloads (the WAL receiver restarts, postgres does not).
    func pointAt(_ primary: PeerEndpoint) async throws(DatabaseError) {
        try dataDirectory.writePassFile()
        try? await ensureSlot(on: primary)
        let conninfo = dataDirectory.replicationConninfo(to: primary, database: nil, applicationName: settings.slotName)
        try await runFormatted(actionSession, "ALTER SYSTEM SET primary_conninfo = %L", [conninfo])
        try await runFormatted(actionSession, "ALTER SYSTEM SET primary_slot_name = %L", [settings.slotName])
        try await actionSession.query("SELECT pg_reload_conf()")
    }
}
