import Foundation
import GenetixConsensus
import GenetixCore

extension DatabaseAgent {
    /// Stops PostgreSQL accepting writes in a way no session can undo: a fast shutdown (every session ends at once,
    /// no new ones), then a restart as a standby (`standby.signal`, read-only in recovery), following `leader` when
    /// known. `SET default_transaction_read_only = off` cannot write on a server in recovery.
    func demote(because reason: String, following leader: PeerEndpoint?) async {
        guard !haState.demoting else { return }
        haState.demoting = true
        defer { haState.demoting = false }
        let wasLeader = haState.isLeader
        haState.isLeader = false
        haState.followingConn = nil
        haState.mark("demoted", reason)
        logger.error("demoting: \(reason)")
        await monitor.stop()
        await actionSession.drop()
        await probeSession.drop()
        await process.stop()
        events.emit(type: "database.demoted", severity: .crit,
                    message: "demoted\(wasLeader ? " (was the leader)" : ""): \(reason); PostgreSQL stopped and restarts as a read-only standby",
                    target: settings.name, fields: ["reason": reason])
        await restartAsStandby(following: leader)
    }

    /// Writes standby.signal (and the primary to follow, when known) and starts postgres again.
    func restartAsStandby(following leader: PeerEndpoint?) async {
        do {
            if let leader {
                try dataDirectory.configureAsReplica(of: leader)
                haState.followingConn = leader.description
            } else {
                try dataDirectory.markStandby()
            }
            try await process.start()
        } catch {
            events.emit(type: "database.restart_failed", severity: .crit, message: "could not restart PostgreSQL as a standby: \(error)",
                        target: settings.name)
        }
        await monitor.start()
    }

    /// `fence` with etcd (the old leader's half of a planned switchover): stop postgres with a fast shutdown, so the
    /// shutdown checkpoint reaches the replicas, read that checkpoint's position, give up the leader key, and come
    /// back as a standby of the candidate named in the `switchover` key. Returns the position the candidate must
    /// replay before it promotes.
    func stepDown(actor: String) async throws(ActionError) -> JSONValue {
        guard let dcs, let keeper = leaseKeeper else { throw .conflict("\(settings.name) runs without etcd") }
        guard haState.isLeader, await keeper.isSafe else {
            throw .conflict("\(settings.name) does not hold the leader key; only the leader steps down for a switchover")
        }
        let timeout = keeper.timing.requestTimeout
        let cluster: ClusterView
        do { cluster = ClusterView(keys: try await dcs.range(clusterKeys.prefix, prefix: true, timeout: timeout), layout: clusterKeys) } catch {
            throw .failed("cannot read the cluster from etcd: \(error)")
        }
        guard let switchover = cluster.switchover, switchover.from == settings.name,
              let candidate = cluster.member(switchover.to), let endpoint = try? PeerEndpoint(parsing: candidate.conn) else {
            throw .conflict("no switchover away from \(settings.name) is recorded in etcd; start one with `genetix promote REPLICA`")
        }
        try claim("fence")
        defer { release() }
        haState.demoting = true
        defer { haState.demoting = false }
        haState.isLeader = false
        haState.mark("demoted", "stepped down for a switchover to \(switchover.to)")
        await monitor.stop()
        await actionSession.drop()
        await probeSession.drop()
        await process.stop()
        let checkpoint = try? await controlCheckpoint()
        _ = try? await dcs.transaction(if: [.value(clusterKeys.leader, equals: settings.name)], then: [.delete(key: clusterKeys.leader)],
                                       timeout: timeout)
        events.emit(type: "database.stepped_down", severity: .warn,
                    message: "stepped down for a switchover to \(switchover.to): postgres stopped at \(checkpoint?.description ?? "?"), leader key released",
                    actor: actor, target: settings.name, fields: ["candidate": switchover.to, "lsn": checkpoint?.description ?? ""])
        await restartAsStandby(following: endpoint)
        guard let checkpoint else { throw .failed("stepped down, but pg_controldata gave no checkpoint position") }
        return .object(["fenced": .bool(true), "steppedDown": .bool(true), "lsn": .string(checkpoint.description)])
    }

    /// "Latest checkpoint location" from pg_controldata of the (stopped) data directory.
    func controlCheckpoint() async throws(DatabaseError) -> WALPosition {
        let output = try await dataDirectory.tool.run(binaries.controldata, [paths.dataDirectory])
        for line in output.split(separator: "\n") where line.hasPrefix("Latest checkpoint location:") {
            if let text = line.split(separator: ":").last, let lsn = WALPosition(text.trimmingCharacters(in: .whitespaces)) { return lsn }
        }
        throw .toolFailed(program: "pg_controldata", status: 0, output: "no 'Latest checkpoint location' line")
    }
}
