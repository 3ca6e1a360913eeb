import Foundation
import GenetixCore

extension DatabaseAgent {
    /// The default `maxLagBytes` of `promote`: 16 MiB.
    static let defaultPromoteLag: Int64 = 16 << 20

    /// Claims the single action slot; a second action while one runs is refused with 409.
    func claim(_ action: String) throws(ActionError) {
        if let running = runningAction { throw .conflict("a \(running) is already running on \(settings.name); wait for it to finish") }
        runningAction = action
    }

    func release() { runningAction = nil }

    /// Promotes this replica. Planned switchover: preflight (a replica; lag within `maxLagBytes`; replay not paused),
    /// fence the old primary through its agent, wait until this node has replayed the old primary's final WAL,
    /// `pg_promote`. With `force`, lag and pause are ignored and an unreachable old primary is not fenced (failover);
    /// the result and the event say so. Returns the step timings in milliseconds.
    func promote(force: Bool, maxLagBytes: Int64, actor: String) async throws(ActionError) -> JSONValue {
        try claim("promote")
        defer { release() }
        var timings = StepTimings()

        let observation = await monitor.sample()
        guard observation.reachable else { throw .conflict("postgres is not answering on \(settings.name); cannot promote it") }
        guard observation.inRecovery else {
            throw .conflict("\(settings.name) is already a primary (not in recovery); promote one of its replicas instead")
        }
        if observation.replayPaused && !force {
            throw .conflict("WAL replay is paused on \(settings.name) (pg_wal_replay_pause); resume it with pg_wal_replay_resume() or promote with {\"force\": true}")
        }
        if observation.lagBytes > maxLagBytes && !force {
            throw .conflict("\(settings.name) has \(observation.lagBytes) bytes of WAL not yet replayed, more than maxLagBytes \(maxLagBytes); wait for it to catch up or promote with {\"force\": true}")
        }
        timings.step("preflight")

        let oldPrimary = await peers.findPrimary()
        timings.step("findPrimary")
        var fencedName: String?
        var finalLSN: WALPosition?
        var notes: [String] = []
        if let oldPrimary {
            do {
                finalLSN = try await peers.fence(oldPrimary.peer)
                fencedName = oldPrimary.peer.name
            } catch {
                guard force else { throw .failed("cannot fence the old primary \(oldPrimary.peer.name): \(error); promote with {\"force\": true} to go ahead without fencing") }
                notes.append("the old primary \(oldPrimary.peer.name) could not be fenced: \(error)")
            }
            timings.step("fence")
        } else if !force {
            throw .conflict("no peer agent reports a writable primary, so the old primary cannot be fenced; if it is gone, promote with {\"force\": true} (configured peers: \(settings.peers.map(\.name).joined(separator: ", ")))")
        } else {
            notes.append("no reachable old primary: promoted without fencing")
        }

        if let finalLSN, let fencedName {
            if observation.replayPaused {
                notes.append("replay is paused: did not wait for \(finalLSN)")
            } else if try await !waitForReplay(of: finalLSN, timeout: .seconds(15)) {
                if !force {
                    if let peer = settings.peers.first(where: { $0.name == fencedName }) { try? await peers.unfence(peer) }
                    throw .timedOut("\(settings.name) did not replay the old primary's WAL up to \(finalLSN) within 15 s; the old primary \(fencedName) was unfenced")
                }
                notes.append("did not replay up to \(finalLSN) in time; promoted anyway (force)")
            }
            timings.step("catchUp")
        }

        do {
            let promoted = try await actionSession.query("SELECT pg_promote(true, 30)").bool()
            guard promoted == true else { throw DatabaseError.timedOut("pg_promote did not finish within 30 s") }
        } catch {
            throw .failed("pg_promote failed on \(settings.name): \(error)")
        }
        timings.step("promote")
        // The control file shows the new timeline only after a checkpoint; pg_rewind of the old primary needs it.
        // Done after answering so it does not delay the first write.
        let session = actionSession
        Task { try? await session.query("CHECKPOINT") }
        let after = await monitor.sample()
        let total = timings.totalMilliseconds
        let how = fencedName.map { "after fencing \($0)" } ?? "without fencing an old primary"
        events.emit(type: "database.promoted", severity: .warn,
                    message: "promoted to primary \(how)\(force ? " (forced)" : "") on timeline \(after.timeline) in \(Int(total)) ms"
                        + (notes.isEmpty ? "" : "; " + notes.joined(separator: "; ")),
                    actor: actor, target: settings.name,
                    fields: ["forced": String(force), "fenced": fencedName ?? "", "timeline": String(after.timeline)])
        return .object([
            "promoted": .bool(true), "forced": .bool(force), "fenced": fencedName.map(JSONValue.string) ?? .null,
            "oldPrimaryFinalLsn": finalLSN.map { .string($0.description) } ?? .null, "timeline": .number(Double(after.timeline)),
            "notes": .array(notes.map(JSONValue.string)), "steps": .object(timings.steps), "totalMs": .number(total),
        ])
    }

    /// Polls until `pg_last_wal_replay_lsn() >= lsn` (true) or the timeout passes (false).
    func waitForReplay(of lsn: WALPosition, timeout: Duration) async throws(ActionError) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            do {
                if let text = try await actionSession.query("SELECT pg_last_wal_replay_lsn()::text").string(),
                   let replayed = WALPosition(text), replayed >= lsn { return true }
            } catch {
                throw .failed("cannot read the replay position of \(settings.name): \(error)")
            }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return false
    }
}
