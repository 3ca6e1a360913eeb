import Foundation
import GenetixConsensus
import GenetixCore

extension DatabaseAgent {
    /// Starts the lease keeper and the high-availability loop (only with `--dcs`).
    func startHA() async {
        guard let keeper = leaseKeeper, haTask == nil else { return }
        haState.mode = "auto"
        await keeper.start()
        let interval = settings.ha?.loopInterval ?? .seconds(1)
        let t = keeper.timing
        logger.info("etcd lease: TTL \(t.ttl), renewed every \(t.renewInterval) (requests bounded by \(t.requestTimeout)); "
            + "the leader demotes itself \(t.safeWindow) after its last renewal was sent (margin \(t.margin)); HA loop every "
            + "\(interval), every \(Self.watchfulInterval) while the leader may be gone")
        haTask = Task { [weak self] in
            while !Task.isCancelled {
                await self?.haTick()
                try? await Task.sleep(for: await self?.nextTickDelay(interval) ?? interval)
            }
        }
    }

    /// The loop's pace while a replica watches for the leader key's expiry.
    static let watchfulInterval = Duration.milliseconds(200)

    /// The normal interval, or `watchfulInterval` while the leader may be gone (for at most two TTLs).
    func nextTickDelay(_ interval: Duration) -> Duration {
        guard let since = haState.watchfulSince, let keeper = leaseKeeper,
              ContinuousClock.now - since < keeper.timing.ttl * 2 else { return interval }
        return min(interval, Self.watchfulInterval)
    }

    /// Updates `watchfulSince`: a replica with no leader key, not streaming, or whose leader's lease expires at etcd
    /// within 3 s (the leader renews it far more often) watches closely.
    func updateWatchfulness(_ o: DatabaseObservation, leader: EtcdKeyValue?, timeout: Duration) async {
        var watchful = false
        if !haState.isLeader {
            if let leader, leader.text != settings.name {
                if !o.isStreamingReplica {
                    watchful = true
                } else if let dcs, leader.lease != 0 {
                    let left = try? await dcs.timeToLive(leader.lease, timeout: timeout)
                    watchful = (left ?? 0) <= 2
                }
            } else {
                watchful = leader == nil
            }
        }
        haState.watchfulSince = watchful ? (haState.watchfulSince ?? .now) : nil
    }

    /// Stops the loop; a clean shutdown revokes the lease so a replica can take over at once.
    func stopHA(revoke: Bool) async {
        haTask?.cancel()
        haTask = nil
        await leaseKeeper?.stop(revoke: revoke)
    }

    /// Called by the lease keeper when this node can no longer be sure it holds its lease.
    func leaseUnsafe(_ why: String) async {
        let observation = await monitor.sample()
        guard haState.isLeader || (observation.reachable && !observation.inRecovery) || !observation.reachable && haState.isLeader else {
            logger.warn("etcd lease not renewed (\(why)); this node is not the primary, nothing to demote")
            return
        }
        await demote(because: "the leader lease could not be renewed: \(why)", following: nil)
    }

    /// One turn of the loop: read the cluster's keys, publish this member, then act by the rules — hold the lease
    /// and run writable; or follow the leader; or, with no leader, take the key when this is the healthiest replica.
    func haTick() async {
        guard let dcs, let keeper = leaseKeeper, let ha = settings.ha else { return }
        if runningAction != nil || haState.demoting { return }
        let timeout = keeper.timing.requestTimeout
        let keys: [EtcdKeyValue]
        do {
            keys = try await dcs.range(clusterKeys.prefix, prefix: true, timeout: timeout)
            haState.dcsReachable = true
        } catch {
            haState.dcsReachable = false
            if !haState.isLeader { haState.reason = "etcd unreachable: no promotion without it (\(error))" }
            return
        }
        let cluster = ClusterView(keys: keys, layout: clusterKeys)
        haState.config = cluster.config
        haState.mode = cluster.config.paused ? "paused" : "auto"
        haState.leader = cluster.leader?.text
        haState.syncStandby = cluster.config.synchronousMode == true ? cluster.sync?.standby : nil
        if let last = cluster.history.last {
            haState.lastFailover = "\(last.at): \(last.leader) took over\(last.previous.map { " from \($0)" } ?? "") (\(last.reason))"
        }
        let observation = await monitor.sample()
        let lease = await keeper.lease
        let safe = await keeper.isSafe
        if let lease { await publishMember(observation, lease: lease, timeout: timeout) }
        await updateWatchfulness(observation, leader: cluster.leader, timeout: timeout)
        if runningAction != nil || haState.demoting { return }

        if let leaderKey = cluster.leader, leaderKey.text == settings.name, let lease, safe {
            if leaderKey.lease != lease {
                // Our own key under an older lease (this agent restarted): take it over under the current one.
                _ = try? await dcs.transaction(if: [.value(clusterKeys.leader, equals: settings.name)],
                                               then: [.put(key: clusterKeys.leader, value: settings.name, lease: lease)], timeout: timeout)
                return
            }
            await actAsLeader(observation, cluster: cluster)
            return
        }
        if haState.isLeader {
            await demote(because: "this node no longer holds the leader key (now: \(cluster.leader?.text ?? "nobody"))", following: nil)
            return
        }
        if observation.reachable && !observation.inRecovery {
            await demote(because: "PostgreSQL was writable but this node does not hold the leader key", following: nil)
            return
        }
        if let leaderName = cluster.leader?.text, leaderName != settings.name {
            await followLeader(leaderName, cluster: cluster, observation: observation)
        } else if cluster.leader == nil {
            await considerElection(observation, cluster: cluster, lease: safe ? lease : nil, noFailover: ha.noFailover)
        }
    }

    /// Publishes this node's member record under its lease.
    func publishMember(_ o: DatabaseObservation, lease: Int64, timeout: Duration) async {
        guard let dcs else { return }
        let lsn = [o.currentLSN, o.receiveLSN, o.replayLSN].compactMap { $0?.value }.max() ?? 0
        let record = MemberRecord(name: settings.name, conn: "\(settings.listenHost):\(settings.port)", api: settings.ha?.adminURL,
                                  role: haRole(o), running: o.reachable, lsn: lsn, timeline: o.timeline,
                                  streaming: o.isStreamingReplica, noFailover: settings.ha?.noFailover ?? false, slot: settings.slotName)
        try? await dcs.put(clusterKeys.member(settings.name), String(decoding: GenetixJSON.encode(record), as: UTF8.self),
                           lease: lease, timeout: timeout)
    }

    /// The role to show: the override (starting, demoted, rejoining) or what postgres reports.
    func haRole(_ o: DatabaseObservation) -> String {
        if let role = haState.roleOverride { return role }
        if !o.postmasterUp || !o.reachable { return "starting" }
        return o.inRecovery ? "replica" : (haState.isLeader || settings.ha == nil ? "primary" : "demoted")
    }

    /// The leader's turn: keep postgres writable (promote it when it started as a standby), the replicas' slots.
    func actAsLeader(_ o: DatabaseObservation, cluster: ClusterView) async {
        haState.isLeader = true
        guard o.reachable else {
            haState.mark("starting", "holds the leader key; waiting for PostgreSQL to accept connections")
            return
        }
        if o.inRecovery {
            await promoteOnLease(reason: "holds the leader key and PostgreSQL runs as a standby (started, restarted or demoted earlier)")
            return
        }
        haState.mark(nil, nil)
        haState.lastLeaderLSN = o.currentLSN?.value ?? 0
        for member in cluster.members where member.name != settings.name {
            try? await actionSession.query("""
                SELECT pg_create_physical_replication_slot($1) WHERE NOT EXISTS
                  (SELECT 1 FROM pg_replication_slots WHERE slot_name = $1)
                """, [member.slot])
        }
        await manageSynchronousStandby(o, cluster: cluster)
    }

    /// pg_promote while this node holds a safe lease, then the roles and a checkpoint (pg_rewind of others reads it).
    func promoteOnLease(reason: String) async {
        guard let keeper = leaseKeeper, await keeper.isSafe else { return }
        // A standby's synchronous_standby_names came from its old primary (a base backup copies it) and may name
        // this very node: commits would wait forever. The leader's loop sets it again (DatabaseAgent+Synchronous).
        // In strict synchronous mode it becomes `*` instead, so that no commit is acknowledged without a standby.
        if haState.config.synchronousMode == true && haState.config.synchronousModeStrict == true {
            _ = try? await actionSession.query("ALTER SYSTEM SET synchronous_standby_names = '*'")
        } else {
            _ = try? await actionSession.query("ALTER SYSTEM RESET synchronous_standby_names")
        }
        _ = try? await actionSession.query("SELECT pg_reload_conf()")
        do {
            // pg_promote(true) polls for the end of recovery every 100 ms; polling here every 10 ms answers sooner.
            guard try await actionSession.query("SELECT pg_promote(false)").bool() == true else {
                throw DatabaseError.timedOut("pg_promote could not signal the startup process")
            }
            let deadline = ContinuousClock.now + .seconds(30)
            while try await actionSession.query("SELECT pg_is_in_recovery()").bool() != false {
                guard ContinuousClock.now < deadline else { throw DatabaseError.timedOut("PostgreSQL still in recovery 30 s after pg_promote") }
                try await Task.sleep(for: .milliseconds(10))
            }
        } catch {
            events.emit(type: "database.promote_failed", severity: .crit, message: "holds the leader key but pg_promote failed: \(error)",
                        target: settings.name)
            return
        }
        haState.isLeader = true
        haState.mark(nil, nil)
        let after = await monitor.sample()
        events.emit(type: "database.promoted", severity: .warn, message: "promoted to primary on timeline \(after.timeline): \(reason)",
                    target: settings.name, fields: ["timeline": String(after.timeline), "reason": reason])
        try? await ensureRoles()
        rolesReady = true
        // The first checkpoint on the new timeline puts it in the control file, which a later pg_rewind of another
        // node reads (a rejoin starts 8 s or more after this). It is not on the way to the first write, so it runs
        // after this step returns rather than holding up the switchover's answer (0.1–0.5 s of fsync under load).
        Task { [actionSession] in _ = try? await actionSession.query("CHECKPOINT") }
    }
}
