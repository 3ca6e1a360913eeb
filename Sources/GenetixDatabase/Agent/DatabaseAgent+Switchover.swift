import Foundation
import GenetixConsensus
import GenetixCore

extension DatabaseAgent {
    /// `promote` with etcd: a planned switchover through the leader key. The candidate records a `switchover` key
    /// naming itself, asks the leader's agent to step down (fast shutdown, leader key released, back as a standby of
    /// the candidate), replays the leader's final checkpoint, takes the key by compare-and-swap and promotes. With no
    /// leader at all (a manual failover, e.g. while paused) it takes the key directly. `force` never overrides
    /// etcd: a leader that holds the key must step down, or its lease must expire.
    func switchover(force: Bool, maxLagBytes: Int64, actor: String) async throws(ActionError) -> JSONValue {
        guard let dcs, let keeper = leaseKeeper else { throw .failed("no etcd configured") }
        try claim("promote")
        defer { release() }
        let clock = ContinuousClock()
        let started = clock.now
        let timeout = keeper.timing.requestTimeout
        guard let lease = await keeper.lease, await keeper.isSafe else {
            throw .conflict("\(settings.name) has no live etcd lease (etcd unreachable?): no promotion without etcd")
        }
        let observation = await monitor.sample()
        guard observation.reachable, observation.inRecovery else {
            throw .conflict("\(settings.name) is not a running replica; promote one of the replicas")
        }
        if observation.lagBytes > maxLagBytes && !force {
            throw .conflict("\(settings.name) has \(observation.lagBytes) bytes of WAL not yet replayed, more than maxLagBytes \(maxLagBytes); wait for it to catch up or promote with {\"force\": true}")
        }
        let cluster: ClusterView
        do { cluster = ClusterView(keys: try await dcs.range(clusterKeys.prefix, prefix: true, timeout: timeout), layout: clusterKeys) } catch {
            throw .failed("cannot read the cluster from etcd: \(error)")
        }
        let previous = cluster.leader?.text
        var finalLSN: WALPosition?
        if let previous {
            guard previous != settings.name else { throw .conflict("\(settings.name) already holds the leader key") }
            let record = String(decoding: GenetixJSON.encode(SwitchoverRecord(from: previous, to: settings.name)), as: UTF8.self)
            do { try await dcs.put(clusterKeys.switchover, record, lease: lease, timeout: timeout) } catch {
                throw .failed("cannot record the switchover in etcd: \(error)")
            }
            guard let peer = settings.peers.first(where: { $0.name == previous })
                    ?? cluster.member(previous)?.api.map({ PeerAddress(name: previous, adminURL: $0) }) else {
                _ = try? await dcs.delete(clusterKeys.switchover)
                throw .conflict("the leader \(previous) published no admin URL and is not among --peers; cannot ask it to step down (its lease must expire for a failover)")
            }
            do { finalLSN = try await peers.fence(peer) } catch {
                _ = try? await dcs.delete(clusterKeys.switchover)
                throw .failed("the leader \(previous) did not step down: \(error); it keeps the leader key (force cannot override etcd)")
            }
            if let finalLSN, try await !waitForReplay(after: finalLSN, timeout: .seconds(15)) {
                _ = try? await dcs.delete(clusterKeys.switchover)
                throw .timedOut("\(settings.name) did not replay \(previous)'s final checkpoint \(finalLSN) within 15 s; the switchover was abandoned and the healthiest node will take the leader key")
            }
        } else if cluster.config.paused == false && !force {
            throw .conflict("no node holds the leader key and automatic failover is on: the healthiest replica is taking over; pass {\"force\": true} to take the key here")
        }
        let won: Bool
        do { won = try await dcs.create(clusterKeys.leader, settings.name, lease: lease, timeout: timeout) } catch {
            _ = try? await dcs.delete(clusterKeys.switchover)
            throw .failed("cannot take the leader key: \(error)")
        }
        guard won else {
            _ = try? await dcs.delete(clusterKeys.switchover)
            throw .conflict("another node took the leader key first")
        }
        haState.isLeader = true
        haState.leader = settings.name
        let reason = previous.map { "planned switchover from \($0) by \(actor)" } ?? "manual failover by \(actor) (no leader)"
        await promoteOnLease(reason: reason)
        _ = try? await dcs.delete(clusterKeys.switchover)
        await recordHistory(previous: previous, reason: reason)
        let after = await monitor.sample()
        let total = Self.milliseconds(clock.now - started)
        return .object([
            "promoted": .bool(!after.inRecovery), "forced": .bool(force), "fenced": previous.map(JSONValue.string) ?? .null,
            "oldPrimaryFinalLsn": finalLSN.map { .string($0.description) } ?? .null, "timeline": .number(Double(after.timeline)),
            "leaderKey": .bool(true), "notes": .array([.string(reason)]), "totalMs": .number(total),
        ])
    }

    /// Polls until this replica has replayed past `lsn` (the old leader's shutdown checkpoint record).
    func waitForReplay(after lsn: WALPosition, timeout: Duration) async throws(ActionError) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let text = try? await actionSession.query("SELECT pg_last_wal_replay_lsn()::text").string(),
               let replayed = WALPosition(text), replayed > lsn { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return false
    }

    /// `pause` / `resume`: automatic failover off or on for the whole cluster (the `config` key).
    func setPaused(_ paused: Bool, actor: String) async throws(ActionError) -> JSONValue {
        guard let dcs else {
            throw .conflict("\(settings.name) runs without etcd (--dcs): there is no automatic failover to pause")
        }
        var config = haState.config
        do {
            if let kv = try await dcs.get(clusterKeys.config), let stored = try? GenetixJSON.decode(ClusterConfig.self, from: kv.value) {
                config = stored
            }
            config.paused = paused
            try await dcs.put(clusterKeys.config, String(decoding: GenetixJSON.encode(config), as: UTF8.self))
        } catch {
            throw .failed("cannot change the cluster configuration in etcd: \(error)")
        }
        haState.config = config
        haState.mode = paused ? "paused" : "auto"
        events.emit(type: paused ? "ha.paused" : "ha.resumed", severity: .warn,
                    message: paused ? "maintenance mode: automatic failover is off for the whole cluster" : "automatic failover is on again",
                    actor: actor, target: settings.ha?.scope ?? settings.name)
        return .object(["paused": .bool(paused), "scope": .string(settings.ha?.scope ?? "")])
    }
}
