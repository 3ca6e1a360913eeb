import Foundation
import GenetixCore

/// The answer of `genetix status`: every node's reading and assessment, as a table or as JSON (schema 1, documented
/// in docs/operations.md).
public struct StatusReport: Sendable, Equatable, Codable {
    /// One node in the JSON form.
    public struct Node: Sendable, Equatable, Codable {
        public var name: String
        public var kind: NodeKind
        public var admin: String
        public var reachable: Bool
        public var elapsedMs: Double
        public var error: String?
        public var severity: CheckSeverity
        public var findings: [Finding]
        /// The node's own `GET /admin/v1/status` body, unchanged.
        public var status: NodeStatus?
    }

    /// Counts over the nodes.
    public struct Summary: Sendable, Equatable, Codable {
        public var nodes: Int
        public var ok: Int
        public var warning: Int
        public var critical: Int
        public var unknown: Int
        public var unreachable: Int
    }

    /// The JSON schema version; bumped only on an incompatible change.
    public var schema: Int = 1
    public var cluster: String
    public var time: Date
    public var nodes: [Node]
    public var summary: Summary

    /// Builds the report from assessments.
    public init(cluster: String, time: Date = Date(), assessments: [NodeAssessment]) {
        self.cluster = cluster
        self.time = time
        nodes = assessments.map { a in
            Node(name: a.reading.name, kind: a.reading.node.kind, admin: a.reading.node.admin, reachable: a.reading.isReachable,
                 elapsedMs: (DurationFormat.milliseconds(a.reading.elapsed) * 10).rounded() / 10, error: a.reading.error,
                 severity: a.severity, findings: a.findings, status: a.reading.status)
        }
        let severities = nodes.map(\.severity)
        summary = Summary(nodes: nodes.count, ok: severities.filter { $0 == .ok }.count,
                          warning: severities.filter { $0 == .warning }.count, critical: severities.filter { $0 == .critical }.count,
                          unknown: severities.filter { $0 == .unknown }.count, unreachable: nodes.filter { !$0.reachable }.count)
    }

    /// The JSON form, pretty-printed with sorted keys.
    public func json() -> String { String(decoding: GenetixJSON.encode(self, pretty: true), as: UTF8.self) + "\n" }

    /// The table form: one row per node, then one line per finding. `wide` (`--output wide`) adds the admin URL,
    /// pid, version, start time and how long the node took to answer, and never shortens an error.
    public func table(style: TextStyle = .plain, wide: Bool = false) -> String {
        var headers = ["NODE", "KIND", "ROLE", "HEALTH", "REQ/S", "P99", "5XX", "CPU", "DETAIL"]
        var alignments: [TextTable.Alignment] = [.left, .left, .left, .left, .right, .right, .right, .right, .left]
        if wide {
            headers.insert(contentsOf: ["ADMIN", "PID", "VERSION", "STARTED", "ASKED"], at: 8)
            alignments.insert(contentsOf: [.left, .right, .left, .left, .right], at: 8)
        }
        var table = TextTable(headers: headers, alignments: alignments)
        for node in nodes { table.rows.append(wide ? Self.wideRow(node) : Self.row(node)) }
        var out = table.render(style: style)
        let notes = nodes.flatMap { node in
            node.findings.isEmpty ? [] : node.findings.map { (node.severity, $0) }
        }
        if !notes.isEmpty {
            out += "\n"
            for (_, finding) in notes { out += style.paint("\(finding.severity.word.lowercased()): ", finding.severity) + finding.message + "\n" }
        }
        return out
    }

    static func row(_ node: Node) -> [TextTable.Cell] {
        guard let s = node.status else {
            let state = node.reachable ? "unknown" : "unreachable"
            return [.init(node.name), .init(node.kind.rawValue), .init("-"), .init(state, node.severity), "-", "-", "-", "-",
                    .init(node.error.map { String($0.prefix(60)) } ?? "")]
        }
        let health: CheckSeverity = switch s.health.status { case .ok: .ok; case .degraded: .warning; case .down: .critical }
        let f = s.figures
        return [.init(node.name), .init(s.kind.rawValue), .init(s.role), .init(s.health.status.rawValue, max(health, node.severity == .unknown ? .ok : node.severity)),
                .init(f.map { NumberText.fixed($0.requestsPerSecond, 1) } ?? "-"),
                .init(f?.p99Ms.map { NumberText.fixed($0, 0) + "ms" } ?? "-"),
                .init(f.map { NodeAssessment.percent($0.errorRate) } ?? "-"),
                .init(f.map { NumberText.fixed($0.cpuPercent, 0) + "%" } ?? "-"),
                .init(detail(s))]
    }

    static func wideRow(_ node: Node) -> [TextTable.Cell] {
        var cells = row(node)
        if node.status == nil { cells[8] = .init(node.error ?? "") }
        let s = node.status
        cells.insert(contentsOf: [.init(node.admin), .init(s.map { "\($0.pid)" } ?? "-"), .init(s?.version ?? "-"),
                                  .init(s.map { GenetixJSON.format($0.startedAt) } ?? "-"),
                                  .init(NumberText.fixed(node.elapsedMs, 1) + "ms")], at: 8)
        return cells
    }

    /// The kind-specific figures: workers, backends or replication.
    public static func detail(_ s: NodeStatus) -> String {
        var parts: [String] = []
        if let workers = s.workers {
            let online = workers.filter { $0.state == .online }.count
            parts.append("workers \(online)/\(workers.count) online")
            if let a = s.autoscaler, a.enabled { parts.append("autoscale \(a.min)-\(a.max)") }
        }
        if let backends = s.backends {
            let up = backends.filter { $0.state == .up }.count
            parts.append("backends \(up)/\(backends.count) up")
            let draining = backends.filter { $0.state == .draining }.count
            if draining > 0 { parts.append("\(draining) draining") }
        }
        if let pair = s.pair {
            // The floating address of a balancer pair: who holds it (keepalived put it on that host's interface).
            parts.append((pair.holder ? "holds \(pair.address)" : "backup for \(pair.address)") + (pair.standby ? " (standby)" : ""))
        }
        if let r = s.replication {
            if r.role == "replica" {
                parts.append("lag \(DurationFormat.bytes(r.lagBytes))")
                if let up = r.upstream { parts.append("from \(up)") }
            } else {
                parts.append("\(r.clients.count) replica\(r.clients.count == 1 ? "" : "s")")
                if !r.clients.isEmpty { parts.append("max lag \(DurationFormat.bytes(r.lagBytes))") }
            }
            parts.append("tl \(r.timeline)")
        }
        if let ha = s.ha {
            // etcd leadership: who holds the leader key, failover mode, and the leader's remaining safe lease.
            var text = "leader \(s.replication?.leader ?? "none")"
            if ha.mode != "auto" { text += " (\(ha.mode))" }
            if let ms = ha.leaseRemainingMs { text += ", lease \(ms) ms" }
            if ha.synchronousMode == true { text += ", \(ha.synchronousModeStrict == true ? "strict " : "")sync standby \(ha.syncStandby ?? "none")" }
            parts.append(text)
        }
        return parts.joined(separator: ", ")
    }
}
