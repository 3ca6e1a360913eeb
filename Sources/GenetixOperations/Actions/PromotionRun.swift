import Foundation
import GenetixAdmin
import GenetixCore

/// A promotion: `promote` on the candidate replica, then `follow` on every other replica, then (with `rejoin`)
/// `rejoin` on the old primary, each pointed at the new primary's PostgreSQL address.
struct PromotionRun: Sendable {
    let cluster: ClusterClient
    let candidate: String
    let force: Bool
    let rejoin: Bool

    /// The database tier as it is before the promotion.
    struct Survey: Sendable {
        var candidate: String
        var candidateStatus: NodeStatus?
        var candidateError: String?
        /// The node reporting itself primary (other than the candidate), if any answered.
        var primary: NodeReading?
        /// The other database nodes that answered as replicas.
        var replicas: [NodeReading]
        /// Database nodes that did not answer.
        var unreachable: [NodeReading]
    }

    static func survey(cluster: ClusterClient, candidate: String) async -> Survey {
        let names = cluster.config.nodes.filter { $0.kind == .database }.map(\.name)
        let readings = await cluster.statuses(of: names)
        let mine = readings.first { $0.name == candidate }
        let others = readings.filter { $0.name != candidate }
        return Survey(candidate: candidate, candidateStatus: mine?.status, candidateError: mine?.error,
                      primary: others.first { $0.status?.replication?.role == "primary" },
                      replicas: others.filter { $0.status != nil && $0.status?.replication?.role != "primary" },
                      unreachable: others.filter { $0.status == nil })
    }

    static func preflight(_ s: Survey, force: Bool, rejoin: Bool) -> PreflightReport {
        var report = PreflightReport()
        guard let status = s.candidateStatus, let r = status.replication else {
            report.blocker = "\(s.candidate) did not report its replication state: \(s.candidateError ?? "no replication section in its status")"
            return report
        }
        guard r.role == "replica" else {
            report.blocker = "\(s.candidate) is already the primary (timeline \(r.timeline)); promote one of its replicas instead"
            return report
        }
        var line = "\(s.candidate): replica on timeline \(r.timeline), lag \(DurationFormat.bytes(r.lagBytes))"
        if let seconds = r.lagSeconds { line += " (\(NumberText.fixed(seconds, 1)) s)" }
        if let state = r.receiverState { line += ", WAL receiver \(state)" }
        report.lines.append(line)
        if let p = s.primary, let ps = p.status {
            // PostgreSQL application names cannot hold '-', so db-2 reports itself as db_2.
            let client = ps.replication?.clients.first { $0.name == s.candidate || $0.name == s.candidate.replacingOccurrences(of: "-", with: "_") }
            let sync = client?.syncState ?? (r.synchronous == true ? "sync" : "async")
            report.lines.append("current primary: \(p.name) (\(ps.replication?.clients.count ?? 0) replicas); \(s.candidate) replicates \(sync)")
            report.lines.append(force ? "--force: \(p.name) is not fenced first" : "\(p.name) is fenced first (no new writes), then \(s.candidate) replays all its WAL")
            if sync != "sync", r.lagBytes > 0 { report.warnings.append("\(s.candidate) is \(DurationFormat.bytes(r.lagBytes)) behind; promotion waits for it") }
        } else {
            report.lines.append("no reachable primary: this is a failover")
            if !force { report.warnings.append("no primary answered; if it is gone, use --force (writes it had not shipped are lost)") }
        }
        if r.replayPaused == true { report.warnings.append("replay is paused on \(s.candidate); the node refuses unless --force") }
        if status.ha != nil {
            report.lines.append("etcd leader key: the primary steps down, \(s.candidate) takes the key, every other node follows it by itself")
            return report
        }
        if !s.replicas.isEmpty { report.lines.append("then these replicas follow \(s.candidate): \(s.replicas.map(\.name).joined(separator: ", "))") }
        if rejoin {
            if let p = s.primary { report.lines.append("then \(p.name) rejoins as a replica of \(s.candidate) (pg_rewind)") }
            else { report.warnings.append("--rejoin: no old primary answered, so none will rejoin") }
        }
        for u in s.unreachable { report.warnings.append("\(u.name) did not answer; it will not be re-pointed") }
        if status.database?.listen == nil { report.warnings.append("\(s.candidate) does not report its PostgreSQL address; the other replicas cannot be re-pointed") }
        return report
    }

    func run() async throws(OperationError) -> OperationOutcome {
        let survey = await Self.survey(cluster: cluster, candidate: candidate)
        let plan = Self.preflight(survey, force: force, rejoin: rejoin)
        if let blocker = plan.blocker { throw .notPossible(blocker) }
        let client = try cluster.client(candidate)
        let started = ContinuousClock.now
        let result: JSONValue
        do { result = try await client.action("promote", body: .object(["force": .bool(force)]), timeout: .seconds(120)) } catch {
            throw OperationError(error)
        }
        var steps = [OperationOutcome.Step(node: candidate, action: "promote", ok: true, result: result.description)]
        var details = ["promote \(candidate): \(DurationFormat.short(ContinuousClock.now - started))"]
        let address = (try? await client.status())?.database?.listen ?? survey.candidateStatus?.database?.listen
        guard let address else {
            details.append("\(candidate) reports no PostgreSQL address: re-point the other replicas by hand")
            return OperationOutcome(summary: "\(candidate) promoted; replicas not re-pointed", details: details, steps: steps)
        }
        // With etcd (`ha` in the status) the other nodes follow the leader key by themselves, the old primary included.
        let managed = survey.candidateStatus?.ha.map { $0.mode != "manual" } ?? false
        var followers = managed ? [] : survey.replicas.map { ($0.name, "follow") }
        if rejoin, !managed, let old = survey.primary { followers.append((old.name, "rejoin")) }
        if managed { details.append("etcd: the old primary stepped down and streams from \(candidate); the other replicas follow it by themselves") }
        for (name, action) in followers {
            let t0 = ContinuousClock.now
            do {
                var body: [String: JSONValue] = ["primary": .string(address)]
                if action == "rejoin" && force { body["force"] = .bool(true) }
                let answer = try await cluster.client(name).action(action, body: .object(body), timeout: .seconds(300))
                steps.append(.init(node: name, action: action, ok: true, result: answer.description))
                details.append("\(action) \(name) → \(address): \(DurationFormat.short(ContinuousClock.now - t0))")
            } catch {
                steps.append(.init(node: name, action: action, ok: false, result: "\(error)"))
                details.append("\(action) \(name) failed: \(error)")
            }
        }
        let failed = steps.filter { !$0.ok }.map(\.node)
        let summary = failed.isEmpty
            ? "\(candidate) is the new primary (\(address))" + (followers.isEmpty ? "" : "; \(followers.map(\.0).joined(separator: ", ")) re-pointed")
            : "\(candidate) is the new primary (\(address)), but \(failed.joined(separator: ", ")) could not be re-pointed"
        return OperationOutcome(summary: summary, details: details, steps: steps)
    }
}
