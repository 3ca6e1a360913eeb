import Foundation
import GenetixAdmin
import GenetixCore

/// Runs the cluster's mutating operations and their preflights. The console and the headless commands both call
/// this type, so a keystroke and a command line send exactly the same requests.
public struct ClusterOperator: Sendable {
    public let cluster: ClusterClient

    public init(cluster: ClusterClient) { self.cluster = cluster }

    /// What `action` would do, from the nodes' current status. Never throws: what cannot be learnt becomes a warning,
    /// and what makes the action impossible becomes the `blocker`.
    public func preflight(_ action: ClusterAction) async -> PreflightReport {
        do {
            switch action {
            case .scale(let node, let change, let force): return try await scalePreflight(node, change, force: force)
            case .autoscale(let node, let setting): return try await autoscalePreflight(node, setting)
            case .restart(let node, let worker): return try await restartPreflight(node, worker)
            case .drain(let balancer, let backend, let force): return try await backendPreflight(balancer, backend, draining: true, force: force)
            case .enable(let balancer, let backend): return try await backendPreflight(balancer, backend, draining: false)
            case .promote(let node, let force, let rejoin): return await promotePreflight(node, force: force, rejoin: rejoin)
            case .weight, .purge, .fence, .unfence, .follow, .rejoin, .sync: return try await maintenancePreflight(action)
            case .pause(let via), .resume(let via):
                let paused = if case .pause = action { true } else { false }
                return try await failoverPreflight(paused: paused, via: via)
            case .standby(let balancer, let enabled): return try await standbyPreflight(balancer, enabled: enabled)
            }
        } catch {
            return PreflightReport(blocker: error.description)
        }
    }

    /// Runs `action`. Throws with the node's reason when it is refused, or `.unreachable` when the node cannot be reached.
    public func perform(_ action: ClusterAction) async throws(OperationError) -> OperationOutcome {
        switch action {
        case .scale(let node, let change, let force):
            try await expect(node, .app, "scale")
            var fields: [String: JSONValue] = switch change {
            case .exactly(let n): ["workers": .number(Double(n))]
            case .by(let k): ["delta": .number(Double(k))]
            }
            if force { fields["force"] = .bool(true) }
            let body = JSONValue.object(fields)
            // The node answers with the count before and after: no status read of its own.
            let result = try await run(node, "scale", body)
            let before = result["previous"]?.intValue
            let after = result["workers"]?.intValue ?? result["target"]?.intValue ?? before.map { change.target(from: $0) }
            let summary = if let before, let after { "\(node) scaled from \(before) to \(after) workers" } else { "\(node) scaled \(change)" }
            return OperationOutcome(summary: summary, details: detailLines(result), steps: [step(node, "scale", result)])
        case .autoscale(let node, let setting):
            try await expect(node, .app, "autoscale")
            var body: [String: JSONValue] = ["enabled": .bool(setting.enabled)]
            if let min = setting.min { body["min"] = .number(Double(min)) }
            if let max = setting.max { body["max"] = .number(Double(max)) }
            if let target = setting.target { body["target"] = .object(["inFlightPerWorker": .number(target)]) }
            let result = try await run(node, "autoscale", .object(body))
            return OperationOutcome(summary: "\(node) autoscaling \(setting.enabled ? "on" : "off")", details: detailLines(result),
                                    steps: [step(node, "autoscale", result)])
        case .restart(let node, let worker):
            try await expect(node, .app, "restart")
            let body: JSONValue = worker.map { .object(["worker": .number(Double($0))]) } ?? .object([:])
            let result = try await run(node, "restart", body)
            return OperationOutcome(summary: worker.map { "\(node) restarted worker \($0)" } ?? "\(node) restarted every worker, one by one",
                                    details: detailLines(result), steps: [step(node, "restart", result)])
        case .drain(let balancer, let backend, _), .enable(let balancer, let backend):
            let name = if case .drain = action { "drain" } else { "enable" }
            try await expect(balancer, .balancer, name)
            var body: [String: JSONValue] = ["backend": .string(backend)]
            if case .drain(_, _, true) = action { body["force"] = .bool(true) }
            let result = try await run(balancer, name, .object(body))
            let outcome = OperationOutcome(summary: "\(balancer) \(name == "drain" ? "drained" : "enabled") \(backend)", details: detailLines(result),
                                           steps: [step(balancer, name, result)])
            return await alsoOnPairPeers(of: balancer, name, .object(body), outcome)
        case .promote(let node, let force, let rejoin):
            return try await PromotionRun(cluster: cluster, candidate: node, force: force, rejoin: rejoin).run()
        case .weight, .purge, .fence, .unfence, .follow, .rejoin, .sync:
            return try await performMaintenance(action)
        case .pause(let via), .resume(let via):
            let paused = if case .pause = action { true } else { false }
            return try await performFailoverSwitch(paused: paused, via: via)
        case .standby(let balancer, let enabled):
            return try await performStandby(balancer, enabled: enabled)
        }
    }

    /// Runs `action` once its preflight is known: refused with the preflight's blocker, otherwise performed. The
    /// console (after its confirmation dialog) and the headless commands (after their prompt) both end here, so a
    /// confirmed action costs the preflight's reads and the action's requests, nothing more.
    public func perform(_ action: ClusterAction, checked preflight: PreflightReport) async throws(OperationError) -> OperationOutcome {
        if let blocker = preflight.blocker { throw .notPossible(blocker) }
        return try await perform(action)
    }

    // MARK: Preflights

    private func scalePreflight(_ node: String, _ change: WorkerCountChange, force: Bool) async throws(OperationError) -> PreflightReport {
        try await expect(node, .app, "scale")
        let status = try await cluster.status(of: node)
        let workers = status.workers ?? []
        let current = workers.filter(\.state.counts).count
        let online = workers.filter { $0.state == .online }.count
        let target = change.target(from: current)
        var report = PreflightReport(lines: ["\(node): \(current) workers (\(online) online); after: \(max(target, 0))"])
        if target < 0 { report.blocker = "\(node) has \(current) workers; it cannot lose \(-target + current)" }
        else if target == 0, current > 0, !force {
            report.refuse(.scale(node: node, change: change), "scaling \(node) to 0 would stop all \(current) of its workers and it would serve nothing; "
                + "add --force to do it anyway (genetix scale \(node) \(change) --force)")
        }
        if let a = status.autoscaler, a.enabled {
            report.warnings.append("autoscaling is on (\(a.min)-\(a.max)): it may change the count again")
            if target < a.min || target > a.max { report.warnings.append("\(target) is outside the autoscaler's range \(a.min)-\(a.max)") }
        }
        if target < current {
            let remaining = min(online, max(target, 0))
            report.lines.append("healthy workers remaining on \(node): \(remaining)")
            let others = await servingElsewhere(excluding: node)
            report.lines.append("online workers on the other app nodes: \(others)")
            if remaining + others == 0 { report.warnings.append("nothing would be left to serve requests") }
            else if remaining == 0 { report.warnings.append("\(node) would serve nothing") }
        }
        return report
    }

    private func autoscalePreflight(_ node: String, _ setting: AutoscaleSetting) async throws(OperationError) -> PreflightReport {
        try await expect(node, .app, "autoscale")
        let status = try await cluster.status(of: node)
        let a = status.autoscaler ?? AutoscalerStatus()
        let workers = (status.workers ?? []).filter(\.state.counts).count
        var report = PreflightReport(lines: ["\(node): autoscaling \(a.enabled ? "on" : "off") (\(a.min)-\(a.max)), \(workers) workers",
                                             "after: autoscaling \(setting.enabled ? "on" : "off") (\(setting.min ?? a.min)-\(setting.max ?? a.max))"])
        if let min = setting.min, let max = setting.max, min > max { report.blocker = "--min \(min) is above --max \(max)" }
        return report
    }

    private func restartPreflight(_ node: String, _ worker: Int?) async throws(OperationError) -> PreflightReport {
        try await expect(node, .app, "restart")
        let workers = try await cluster.status(of: node).workers ?? []
        let online = workers.filter { $0.state == .online }.count
        var report = PreflightReport(lines: ["\(node): \(workers.count) workers, \(online) online"])
        if let worker {
            guard workers.contains(where: { $0.id == worker }) else {
                report.blocker = "\(node) has no worker \(worker) (workers: \(workers.map { String($0.id) }.joined(separator: ", ")))"
                return report
            }
            report.lines.append("worker \(worker) is replaced: a new one starts, and the old one drains once it is online")
        } else {
            report.lines.append("rolling restart: each worker is replaced by a new one that is online before the old one drains")
        }
        if online < workers.count { report.warnings.append("\(workers.count - online) workers are not online now") }
        return report
    }

    private func backendPreflight(_ balancer: String, _ backend: String, draining: Bool, force: Bool = false) async throws(OperationError) -> PreflightReport {
        try await expect(balancer, .balancer, draining ? "drain" : "enable")
        let backends = try await cluster.status(of: balancer).backends ?? []
        guard let entry = backends.first(where: { $0.address == backend }) else {
            return PreflightReport(blocker: "\(balancer) has no backend \(backend) (backends: \(backends.map(\.address).joined(separator: ", ")))")
        }
        let up = backends.filter { $0.state == .up }.count
        var report = PreflightReport(lines: ["\(balancer): \(backend) is \(entry.state.rawValue) with \(entry.inFlight) requests in flight; \(up) of \(backends.count) backends up"])
        if draining {
            let remaining = up - (entry.state == .up ? 1 : 0)
            report.lines.append("healthy backends remaining after the drain: \(remaining)")
            if remaining == 0, entry.state == .up, !force {
                report.refuse(.drain(balancer: balancer, backend: backend), "\(backend) is the last healthy backend of \(balancer): draining it would leave no backend to serve "
                    + "requests (every request would get 503); enable or add a backend first, or drain it anyway with "
                    + "genetix drain \(balancer) \(backend) --force")
            } else if remaining == 0 {
                report.warnings.append("no backend would be left to serve requests")
            }
            if entry.state == .draining { report.warnings.append("\(backend) is already draining") }
        } else if entry.state == .up {
            report.warnings.append("\(backend) is already up")
        }
        return report
    }

    private func promotePreflight(_ node: String, force: Bool, rejoin: Bool) async -> PreflightReport {
        do { try await expect(node, .database, "promote") } catch { return PreflightReport(blocker: error.description) }
        return PromotionRun.preflight(await PromotionRun.survey(cluster: cluster, candidate: node), force: force, rejoin: rejoin)
    }

    // MARK: Helpers

    func expect(_ node: String, _ kind: NodeKind, _ operation: String) async throws(OperationError) {
        let configured = try cluster.node(node)
        guard configured.kind == kind else { throw .wrongKind(node: node, kind: configured.kind, expected: kind, operation: operation) }
    }

    func run(_ node: String, _ name: String, _ body: JSONValue) async throws(OperationError) -> JSONValue {
        let client = try cluster.client(node)
        do { return try await client.action(name, body: body) } catch { throw OperationError(error) }
    }

    private func servingElsewhere(excluding node: String) async -> Int {
        let others = cluster.config.nodes.filter { $0.kind == .app && $0.name != node }.map(\.name)
        guard !others.isEmpty else { return 0 }
        return await cluster.statuses(of: others).reduce(0) { $0 + ($1.status?.workers?.filter { $0.state == .online }.count ?? 0) }
    }

    func step(_ node: String, _ action: String, _ result: JSONValue) -> OperationOutcome.Step {
        OperationOutcome.Step(node: node, action: action, ok: true, result: result.description)
    }

    func detailLines(_ result: JSONValue) -> [String] {
        guard case .object(let o) = result else { return [result.description] }
        return o.keys.sorted().map { "\($0): \(o[$0]!.stringValue ?? o[$0]!.description)" }
    }
}

extension WorkerStatus.State {
    /// Whether a worker in this state counts toward the node's worker count (not on its way out).
    var counts: Bool { self == .starting || self == .online || self == .errored }
}
