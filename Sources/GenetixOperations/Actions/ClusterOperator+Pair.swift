import Foundation
import GenetixAdmin
import GenetixCore

/// A balancer pair behind a floating address: the `standby` action that moves the address on purpose, and the
/// operator decisions (drain, enable, weight) sent to every balancer of the pair so they keep the same state.
extension ClusterOperator {
    /// The other configured balancers that float the same address as `balancer` (their current status, or nil when
    /// unreachable), found by reading every configured balancer; empty when `balancer` is not in a pair.
    func pairPeers(of balancer: String, address: String) async -> [NodeReading] {
        let others = cluster.config.nodes.filter { $0.kind == .balancer && $0.name != balancer }.map(\.name)
        guard !others.isEmpty else { return [] }
        return await cluster.statuses(of: others).filter { $0.status == nil || $0.status?.pair?.address == address }
    }

    /// After `outcome` of `name` on `balancer`: the same action on each pair peer, as further steps. A peer that
    /// refuses or cannot be reached is reported, not fatal: it copies a peer's state when it starts again.
    func alsoOnPairPeers(of balancer: String, _ name: String, _ body: JSONValue, _ outcome: OperationOutcome) async -> OperationOutcome {
        guard let address = try? await cluster.status(of: balancer).pair?.address else { return outcome }
        var result = outcome
        var done: [String] = []
        for peer in await pairPeers(of: balancer, address: address) {
            guard peer.status != nil else {
                result.details.append("warning: pair peer \(peer.name) not reached (\(peer.error ?? "no answer")); it copies the state from \(balancer) when it starts")
                result.steps.append(OperationOutcome.Step(node: peer.name, action: name, ok: false, result: peer.error ?? "unreachable"))
                continue
            }
            do {
                let answer = try await run(peer.name, name, body)
                result.steps.append(step(peer.name, name, answer))
                done.append(peer.name)
            } catch {
                result.details.append("warning: pair peer \(peer.name) refused \(name): \(error.description)")
                result.steps.append(OperationOutcome.Step(node: peer.name, action: name, ok: false, result: error.description))
            }
        }
        if !done.isEmpty { result.summary += " (and on \(done.joined(separator: ", ")), the same pair)" }
        return result
    }

    func standbyPreflight(_ balancer: String, enabled: Bool) async throws(OperationError) -> PreflightReport {
        try await expect(balancer, .balancer, "standby")
        let status = try await cluster.status(of: balancer)
        guard let pair = status.pair else {
            return PreflightReport(blocker: "\(balancer) is not in a balancer pair (it was started without --floating-address): there is no address to move")
        }
        var report = PreflightReport(lines: ["\(balancer): \(Self.describe(status, pair))"])
        let peers = await pairPeers(of: balancer, address: pair.address)
        for peer in peers {
            report.lines.append("peer \(peer.name): " + (peer.status.map { s in Self.describe(s, s.pair) } ?? "unreachable (\(peer.error ?? "no answer"))"))
        }
        guard enabled else {
            report.lines.append("after: \(balancer) answers /readyz again and waits as backup; the address stays where it is (nopreempt)")
            if !pair.standby { report.warnings.append("\(balancer) is not in standby") }
            return report
        }
        let ready = peers.filter { Self.canTakeOver($0.status) }
        report.lines.append("after: \(balancer) answers /readyz with 503; keepalived moves \(pair.address) to " + (ready.first?.name ?? "no one"))
        if ready.isEmpty {
            report.blocker = "no peer of \(balancer) is ready to take \(pair.address)" + (peers.isEmpty ? " (no other configured balancer floats it)" : "")
                + ": in standby, \(balancer) would leave the address with no balancer and every request would fail; start or fix a peer first"
        }
        if pair.standby { report.warnings.append("\(balancer) is already in standby") }
        if !pair.holder { report.warnings.append("\(balancer) does not hold \(pair.address) now: standby only keeps it from taking it") }
        return report
    }

    func performStandby(_ balancer: String, enabled: Bool) async throws(OperationError) -> OperationOutcome {
        try await expect(balancer, .balancer, "standby")
        let started = ContinuousClock.now
        let result = try await run(balancer, "standby", .object(["enabled": .bool(enabled)]))
        let address = result["address"]?.stringValue ?? "the floating address"
        var outcome = OperationOutcome(summary: "", details: detailLines(result), steps: [step(balancer, "standby", result)])
        guard enabled else {
            outcome.summary = "\(balancer) is ready again; it waits as backup for \(address)"
            return outcome
        }
        // keepalived notices the failing check within its interval × fall, then the peer takes the address.
        let deadline = started + .seconds(20)
        while ContinuousClock.now < deadline {
            let peers = await pairPeers(of: balancer, address: address)
            if let holder = peers.first(where: { $0.status?.pair?.holder == true }),
               (try? await cluster.status(of: balancer).pair?.holder) == false {
                let seconds = Double((ContinuousClock.now - started).components.attoseconds) / 1e18 + Double((ContinuousClock.now - started).components.seconds)
                outcome.summary = "\(balancer) is in standby; \(address) moved to \(holder.name) in \(String(format: "%.1f", seconds)) s"
                return outcome
            }
            try? await Task.sleep(for: .milliseconds(250))
        }
        outcome.summary = "\(balancer) is in standby, but no peer reports holding \(address) after 20 s"
        outcome.details.append("warning: check keepalived on the balancers' hosts (journalctl -u keepalived) and the peers' /readyz")
        return outcome
    }

    /// Whether a peer (by its status) can take the address: reachable, in the pair, not in standby, not down.
    static func canTakeOver(_ status: NodeStatus?) -> Bool {
        guard let status, let pair = status.pair else { return false }
        return !pair.standby && status.health.status != .down
    }

    /// `holds 10.0.0.50, ready, 4 of 4 backends up`.
    static func describe(_ status: NodeStatus, _ pair: BalancerPairStatus?) -> String {
        let backends = status.backends ?? []
        let up = backends.filter { $0.state == .up }.count
        guard let pair else { return "not in a pair; \(up) of \(backends.count) backends up" }
        return "\(pair.holder ? "holds" : "does not hold") \(pair.address), \(pair.standby ? "in standby" : status.health.status == .down ? "not ready (\(status.health.reasons.first ?? "down"))" : "ready"), \(up) of \(backends.count) backends up"
    }
}
