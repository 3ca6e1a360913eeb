import Foundation
import GenetixConsensus
import GenetixCore

/// Synchronous mode managed from etcd (Patroni's `synchronous_mode`). The leader keeps one synchronous standby and
/// records it in the `sync` key; `synchronous_standby_names` names exactly that standby. The invariant: while the key
/// names a standby, every commit the leader acknowledged is on it. So the key is narrowed (standby removed) *before*
/// `synchronous_standby_names` changes, and a new standby is recorded only once PostgreSQL reports it `sync` and it
/// has flushed past the leader's WAL position read after that — every earlier commit included. In synchronous mode an
/// automatic failover may only go to the recorded standby (`considerElection`).
extension DatabaseAgent {
    /// The `synchronous_standby_names` value that makes `slot` (a member's application_name) the one synchronous standby.
    static func synchronousStandbyNames(slot: String) -> String { "FIRST 1 (\"\(slot)\")" }

    /// The `sync` action with `--dcs`: records synchronous mode in the cluster's `config` key (compare-and-swap on its
    /// revision), then, on the leader, brings `synchronous_standby_names` and the `sync` key in line at once.
    func setSynchronousMode(_ enabled: Bool, strict: Bool = false, actor: String) async throws(ActionError) -> JSONValue {
        guard let dcs else { throw .conflict("\(settings.name) runs without etcd (--dcs)") }
        let timeout = leaseKeeper?.timing.requestTimeout
        var stored = false
        for _ in 0..<5 where !stored {
            do {
                let kv = try await dcs.get(clusterKeys.config, timeout: timeout)
                var config = kv.flatMap { try? GenetixJSON.decode(ClusterConfig.self, from: $0.value) } ?? ClusterConfig()
                config.synchronousMode = enabled
                config.synchronousModeStrict = enabled && strict
                let text = String(decoding: GenetixJSON.encode(config), as: UTF8.self)
                let guardRevision: EtcdCompare = kv.map { .modRevision(clusterKeys.config, equals: $0.modRevision) } ?? .absent(clusterKeys.config)
                stored = try await dcs.transaction(if: [guardRevision], then: [.put(key: clusterKeys.config, value: text, lease: 0)],
                                                   timeout: timeout).succeeded
                if stored { haState.config = config }
            } catch {
                throw .failed("cannot record synchronous mode in etcd's config key: \(error); check that etcd is reachable, then retry")
            }
        }
        guard stored else { throw .failed("the cluster's config key kept changing under this node; retry the sync action") }
        events.emit(type: "ha.sync_mode", severity: .warn,
                    message: !enabled ? "synchronous mode off: commits no longer wait for a standby; the healthiest replica may take over"
                        : "\(strict ? "strict " : "")synchronous mode on: the leader keeps one synchronous standby, recorded in etcd; only it may take over automatically"
                        + (strict ? "; with no standby, commits wait instead of being acknowledged without one" : ""),
                    actor: actor, target: settings.ha?.scope ?? settings.name, fields: ["enabled": String(enabled), "strict": String(enabled && strict)])
        if haState.isLeader, let keys = try? await dcs.range(clusterKeys.prefix, prefix: true, timeout: timeout) {
            await manageSynchronousStandby(await monitor.sample(), cluster: ClusterView(keys: keys, layout: clusterKeys))
        }
        let names = (try? await actionSession.query("SELECT current_setting('synchronous_standby_names')").string()) ?? ""
        return .object(["synchronous": .bool(enabled), "strict": .bool(enabled && strict), "standbyNames": .string(names),
                        "syncStandby": haState.syncStandby.map(JSONValue.string) ?? .null, "managedBy": .string("etcd")])
    }

    /// The leader's turn at synchronous replication: keep the recorded standby while it streams, else choose a
    /// streaming member (not tagged nofailover; by name), narrow the `sync` key, point `synchronous_standby_names`
    /// at it, and record it once it holds every acknowledged commit. With no standby streaming the key names none
    /// (no automatic failover then) and commits stop waiting (Patroni's non-strict synchronous mode) — except in
    /// strict mode: the setting stays (`*` when it was empty) so commits wait, and the recorded standby stays recorded
    /// (no commit can be acknowledged without it, so it still holds every acknowledged one).
    func manageSynchronousStandby(_ o: DatabaseObservation, cluster: ClusterView) async {
        guard dcs != nil, !haState.managingSync, o.reachable, !o.inRecovery else { return }
        haState.managingSync = true
        defer { haState.managingSync = false }
        var revision = cluster.syncRevision
        var record = cluster.sync
        guard cluster.config.synchronousMode == true else {
            if o.synchronousStandbyNames != "" { await setStandbyNames(nil, reason: "synchronous mode is off for the cluster") }
            if record != nil, let dcs { _ = try? await dcs.transaction(if: [.modRevision(clusterKeys.sync, equals: revision)],
                                                                         then: [.delete(key: clusterKeys.sync)], timeout: leaseKeeper?.timing.requestTimeout) }
            haState.syncStandby = nil
            return
        }
        let strict = cluster.config.synchronousModeStrict == true
        let streaming = Set(o.clients.filter { $0.state == "streaming" }.map(\.name))
        let candidates = cluster.members.filter { $0.name != settings.name && !$0.noFailover && streaming.contains($0.slot) }
            .sorted { $0.name < $1.name }
        let chosen = candidates.first { $0.name == record?.standby } ?? candidates.first
        let keepRecorded = strict && chosen == nil && record?.leader == settings.name
        if record?.leader != settings.name || (record?.standby != nil && record?.standby != chosen?.name && !keepRecorded) {
            let why = record?.leader != settings.name ? "new leader" : "\(record?.standby ?? "?") no longer streams"
            guard let next = await writeSyncRecord(SyncRecord(leader: settings.name, standby: nil), revision: revision, reason: why) else { return }
            (record, revision) = (SyncRecord(leader: settings.name, standby: nil), next)
        }
        guard let chosen else {
            if strict {
                if o.synchronousStandbyNames == "" {
                    await setStandbyNames("*", reason: "strict synchronous mode and no standby streams: commits wait until one does")
                }
                haState.reason = "strict synchronous mode: no synchronous standby streams, so commits wait instead of being acknowledged without one"
            } else if o.synchronousStandbyNames != "" {
                await setStandbyNames(nil, reason: "no standby streams: commits stop waiting; no node is eligible for automatic failover until one does")
            }
            return
        }
        let wanted = Self.synchronousStandbyNames(slot: chosen.slot)
        if o.synchronousStandbyNames != wanted {
            await setStandbyNames(wanted, reason: "\(chosen.name) streams and is chosen as the synchronous standby")
        }
        guard record?.standby != chosen.name else { return }
        guard await holdsEveryCommit(slot: chosen.slot) else {
            haState.reason = "waiting for \(chosen.name) to become synchronous before recording it in etcd"
            return
        }
        let reason = "\(chosen.name) is synchronous and has flushed every acknowledged commit"
        guard await writeSyncRecord(SyncRecord(leader: settings.name, standby: chosen.name), revision: revision, reason: reason) != nil else { return }
        haState.reason = nil
    }

    /// Replaces the `sync` key if it is still at `revision` (0: absent); returns the new revision, nil when it changed.
    private func writeSyncRecord(_ record: SyncRecord, revision: Int64, reason: String) async -> Int64? {
        guard let dcs else { return nil }
        let text = String(decoding: GenetixJSON.encode(record), as: UTF8.self)
        let condition: EtcdCompare = revision == 0 ? .absent(clusterKeys.sync) : .modRevision(clusterKeys.sync, equals: revision)
        guard let result = try? await dcs.transaction(if: [condition], then: [.put(key: clusterKeys.sync, value: text, lease: 0)],
                                                      timeout: leaseKeeper?.timing.requestTimeout), result.succeeded else {
            haState.reason = "could not update the sync key in etcd (changed or unreachable); retrying"
            return nil
        }
        haState.syncStandby = record.standby
        events.emit(type: record.standby == nil ? "ha.sync_standby_cleared" : "ha.sync_standby", severity: .info,
                    message: record.standby.map { "recorded \($0) as the synchronous standby in etcd: \(reason)" }
                        ?? "no synchronous standby recorded in etcd (\(reason)): no automatic failover until one is",
                    target: settings.name, fields: ["standby": record.standby ?? "", "reason": reason])
        return result.revision
    }

    /// `ALTER SYSTEM` + reload of `synchronous_standby_names` (`nil`: reset, commits stop waiting).
    private func setStandbyNames(_ value: String?, reason: String) async {
        do {
            if let value {
                try await runFormatted(actionSession, "ALTER SYSTEM SET synchronous_standby_names = %L", [value])
            } else {
                try await actionSession.query("ALTER SYSTEM RESET synchronous_standby_names")
            }
            try await actionSession.query("SELECT pg_reload_conf()")
        } catch {
            haState.reason = "cannot set synchronous_standby_names: \(error)"
            return
        }
        events.emit(type: "database.sync", severity: .info, message: "synchronous_standby_names = '\(value ?? "")': \(reason)",
                    target: settings.name, fields: ["standbyNames": value ?? "", "reason": reason])
    }

    /// Whether the standby `slot` is reported `sync` and has flushed past the WAL position read after that — so it
    /// holds every commit acknowledged before (which are older) and after (which waited for it). Waits up to 1.5 s.
    private func holdsEveryCommit(slot: String) async -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(1500)
        var target: String?
        while ContinuousClock.now < deadline {
            if target == nil,
               let rows = try? await actionSession.query("SELECT 1 FROM pg_stat_replication WHERE application_name = $1 AND sync_state = 'sync'", [slot]),
               !rows.isEmpty {
                target = try? await actionSession.query("SELECT pg_current_wal_lsn()::text").string()
            }
            if let target, let rows = try? await actionSession.query("""
                SELECT flush_lsn >= $2::pg_lsn FROM pg_stat_replication WHERE application_name = $1 AND sync_state = 'sync'
                """, [slot, target]), rows.bool() == true {
                return true
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return false
    }
}
