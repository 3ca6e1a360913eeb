import GenetixAdmin
import GenetixCore

/// Preflight and run of the maintenance actions (weight, purge, fence, unfence, follow, rejoin, sync): one status read
/// of the node acted on (follow and rejoin without `--primary` also read the other database nodes to find the primary),
/// then one POST.
extension ClusterOperator {
    func maintenancePreflight(_ action: ClusterAction) async throws(OperationError) -> PreflightReport {
        switch action {
        case .weight(let balancer, let backend, let weight):
            try await expect(balancer, .balancer, "weight")
            guard (0...1000).contains(weight) else { return PreflightReport(blocker: "a weight is from 0 to 1000 (asked for \(weight))") }
            let backends = try await cluster.status(of: balancer).backends ?? []
            guard let entry = backends.first(where: { $0.address == backend }) else {
                return PreflightReport(blocker: "\(balancer) has no backend \(backend) (backends: \(backends.map(\.address).joined(separator: ", ")))")
            }
            var report = PreflightReport(lines: ["\(balancer): \(backend) is \(entry.state.rawValue), weight \(entry.weight); after: weight \(weight)",
                                                 "weights of all backends: " + backends.map { "\($0.address)=\($0.address == backend ? weight : $0.weight)" }.joined(separator: " ")])
            if weight == 0 { report.warnings.append("weight 0: \(backend) takes no new requests") }
            if backends.allSatisfy({ $0.address == backend ? weight == 0 : $0.weight == 0 }) {
                report.warnings.append("every backend would have weight 0")
            }
            return report
        case .purge(let balancer, let prefix):
            try await expect(balancer, .balancer, "purge")
            guard prefix.hasPrefix("/") else { return PreflightReport(blocker: "a purge prefix is a path starting with /, like /static/ (got \(prefix))") }
            let cache = try await cluster.status(of: balancer).cache
            var report = PreflightReport(lines: ["\(balancer): cached responses under \(prefix) are removed; the next requests go to the backends"])
            if let c = cache {
                report.lines.insert("\(balancer) cache: \(c.entries) entries, \(DurationFormat.bytes(c.bytes)) of \(DurationFormat.bytes(c.limitBytes))", at: 0)
            } else {
                report.warnings.append("\(balancer) reports no edge cache")
            }
            return report
        case .fence(let node), .unfence(let node, _):
            let fencing = if case .fence = action { true } else { false }
            try await expect(node, .database, fencing ? "fence" : "unfence")
            let r = try await cluster.status(of: node).replication
            var report = PreflightReport(lines: ["\(node): \(r?.role ?? "unknown role"), \(r?.fenced == true ? "fenced" : "not fenced")"])
            if fencing {
                report.lines.append("after: read-only by default, client sessions ended; writes fail until unfence or a promote")
                if r?.role != "primary" { report.blocker = "\(node) is not a primary (\(r?.role ?? "unknown")); only a primary can be fenced" }
                else if r?.fenced == true { report.warnings.append("\(node) is already fenced") }
            } else {
                report.lines.append("after: accepts writes again")
                if r?.fenced != true { report.warnings.append("\(node) is not fenced") }
                if let other = await otherPrimary(than: node) {
                    let split = "\(other) is also a primary: two writable primaries split the data"
                    if case .unfence(_, true) = action { report.warnings.append(split) } else {
                        report.refuse(action, split + "; add --force to do it anyway (genetix unfence \(node) --force)")
                    }
                }
            }
            return report
        case .follow(let node, let primary), .rejoin(let node, let primary, _):
            let rejoining = if case .rejoin = action { true } else { false }
            try await expect(node, .database, rejoining ? "rejoin" : "follow")
            let r = try await cluster.status(of: node).replication
            let target = try await primaryAddress(primary, excluding: node)
            var report = PreflightReport(lines: ["\(node): \(r?.role ?? "unknown role")\(r?.upstream.map { ", following \($0)" } ?? "")",
                                                 "after: a replica of \(target)" + (rejoining ? " (pg_rewind, or a new base backup)" : "")])
            if !rejoining, r?.role == "primary" { report.blocker = "\(node) is a primary; use rejoin to turn an old primary into a replica" }
            if rejoining, r?.role == "primary", r?.fenced != true {
                let loss = "\(node) still accepts writes: writes it took that \(target) never saw are discarded by pg_rewind"
                if case .rejoin(_, _, true) = action { report.warnings.append(loss) } else {
                    report.refuse(action, loss + "; fence it first, or add --force to do it anyway (genetix rejoin \(node) --force)")
                }
            }
            return report
        case .sync(let node, let enabled):
            try await expect(node, .database, "sync")
            let r = try await cluster.status(of: node).replication
            var report = PreflightReport(lines: ["\(node): synchronous replication \(r?.synchronous == true ? "on" : "off"); after: \(enabled ? "on" : "off")"])
            if r?.role != "primary" { report.blocker = "\(node) is not the primary (\(r?.role ?? "unknown")); synchronous replication is set on the primary" }
            if enabled {
                let streaming = r?.clients.filter { $0.state == "streaming" }.count ?? 0
                report.lines.append("every commit waits for one of \(streaming) streaming replicas")
                if streaming == 0 { report.warnings.append("no replica is streaming: every commit would wait") }
            }
            return report
        default:
            return PreflightReport()
        }
    }

    func performMaintenance(_ action: ClusterAction) async throws(OperationError) -> OperationOutcome {
        let node = action.node
        let (name, body, summary): (String, JSONValue, String)
        switch action {
        case .weight(_, let backend, let weight):
            try await expect(node, .balancer, "weight")
            (name, body, summary) = ("weight", .object(["backend": .string(backend), "weight": .number(Double(weight))]), "\(node) set \(backend) to weight \(weight)")
        case .purge(_, let prefix):
            try await expect(node, .balancer, "purge")
            (name, body, summary) = ("purge", .object(["prefix": .string(prefix)]), "\(node) purged \(prefix)")
        case .fence:
            try await expect(node, .database, "fence")
            (name, body, summary) = ("fence", .object([:]), "\(node) fenced")
        case .unfence(_, let force):
            try await expect(node, .database, "unfence")
            (name, body, summary) = ("unfence", .object(force ? ["force": .bool(true)] : [:]), "\(node) unfenced")
        case .follow(_, let primary):
            try await expect(node, .database, "follow")
            let target = try await primaryAddress(primary, excluding: node)
            (name, body, summary) = ("follow", .object(["primary": .string(target)]), "\(node) follows \(target)")
        case .rejoin(_, let primary, let force):
            try await expect(node, .database, "rejoin")
            let target = try await primaryAddress(primary, excluding: node)
            var fields: [String: JSONValue] = ["primary": .string(target)]
            if force { fields["force"] = .bool(true) }
            (name, body, summary) = ("rejoin", .object(fields), "\(node) rejoined as a replica of \(target)")
        case .sync(_, let enabled):
            try await expect(node, .database, "sync")
            (name, body, summary) = ("sync", .object(["enabled": .bool(enabled)]), "\(node) synchronous replication \(enabled ? "on" : "off")")
        default:
            throw .invalidArgument("\(action.title) is not a maintenance action")
        }
        let result = try await runSlow(node, name, body, slow: name == "rejoin" || name == "follow")
        var outcome = OperationOutcome(summary: summary, details: detailLines(result), steps: [step(node, name, result)])
        if name == "purge", let removed = result["removed"]?.intValue { outcome.summary += " (\(removed) responses removed)" }
        return name == "weight" ? await alsoOnPairPeers(of: node, name, body, outcome) : outcome
    }

    /// `primary`, or the PostgreSQL address of the database node (other than `node`) that reports itself primary.
    private func primaryAddress(_ primary: String?, excluding node: String) async throws(OperationError) -> String {
        if let primary { return primary }
        let names = cluster.config.nodes.filter { $0.kind == .database && $0.name != node }.map(\.name)
        let readings = await cluster.statuses(of: names)
        guard let found = readings.first(where: { $0.status?.replication?.role == "primary" && $0.status?.replication?.fenced != true }),
              let listen = found.status?.database?.listen else {
            throw .notPossible("no other database node answers as a writable primary with its address; name one with --primary HOST:PORT")
        }
        return listen
    }

    private func otherPrimary(than node: String) async -> String? {
        let names = cluster.config.nodes.filter { $0.kind == .database && $0.name != node }.map(\.name)
        return await cluster.statuses(of: names).first { $0.status?.replication?.role == "primary" }?.name
    }

    /// An action that may take minutes (a rejoin runs pg_rewind or a base backup).
    private func runSlow(_ node: String, _ name: String, _ body: JSONValue, slow: Bool) async throws(OperationError) -> JSONValue {
        guard slow else { return try await run(node, name, body) }
        let client = try cluster.client(node)
        do { return try await client.action(name, body: body, timeout: .seconds(300)) } catch { throw OperationError(error) }
    }
}
