import GenetixCore

/// A node's reading judged against the thresholds: its findings and the worst of them.
public struct NodeAssessment: Sendable, Equatable {
    public var reading: NodeReading
    public var findings: [Finding]

    /// The worst finding's severity (ok when there is none).
    public var severity: CheckSeverity { findings.map(\.severity).max() ?? .ok }

    public init(reading: NodeReading, findings: [Finding]) {
        self.reading = reading
        self.findings = findings
    }

    /// Judges every reading. Unreachable nodes are judged together: their count against `thresholds.unreachable`.
    /// `ranges` (from `genetix check -w/-c`) replace the thresholds of their metric.
    public static func assess(_ readings: [NodeReading], thresholds: CheckThresholds, ranges: CheckRanges? = nil) -> [NodeAssessment] {
        let unreachableCount = readings.filter { $0.status == nil && $0.unreachable }.count
        return readings.map { reading in
            NodeAssessment(reading: reading, findings: findings(for: reading, unreachableCount: unreachableCount, thresholds: thresholds, ranges: ranges))
        }
    }

    static func findings(for reading: NodeReading, unreachableCount: Int, thresholds t: CheckThresholds, ranges: CheckRanges? = nil) -> [Finding] {
        let name = reading.name
        let judge = { (out: inout [Finding], node: String, metric: String, value: Double, levels: CheckThresholds.Levels, text: String) in
            Self.judge(&out, node, metric, value, levels, text, ranges: ranges?.metric == metric ? ranges : nil)
        }
        guard let status = reading.status else {
            if reading.unreachable {
                let counted = ranges?.metric == "unreachable"
                    ? ranges!.severity(of: Double(unreachableCount), levels: t.unreachable) : t.unreachable.severity(of: Double(unreachableCount))
                let severity = max(counted, .warning)
                return [Finding(node: name, metric: "unreachable", value: 1, severity: severity,
                                message: "\(name) unreachable (\(reading.error ?? "no answer"))")]
            }
            return [Finding(node: name, metric: "status", value: nil, severity: .unknown,
                            message: "\(name) status unreadable (\(reading.error ?? "no answer"))")]
        }
        var out: [Finding] = []
        switch status.health.status {
        case .ok: break
        case .degraded:
            out.append(Finding(node: name, metric: "health", value: 1, severity: .warning, message: "\(name) degraded\(reasons(status))"))
        case .down:
            out.append(Finding(node: name, metric: "health", value: 2, severity: .critical, message: "\(name) down\(reasons(status))"))
        }
        if let f = status.figures {
            if let p99 = f.p99Ms {
                judge(&out, name, "p99Ms", p99, t.p99Ms, "p99 \(Int(p99.rounded())) ms")
            }
            judge(&out, name, "errorRate", f.errorRate, t.errorRate, "5xx \(percent(f.errorRate))")
            judge(&out, name, "cpuPercent", f.cpuPercent, t.cpuPercent, "CPU \(Int(f.cpuPercent.rounded()))%")
        }
        if let r = status.replication, r.role == "replica" {
            judge(&out, name, "lagBytes", Double(r.lagBytes), t.lagBytes, "replication lag \(DurationFormat.bytes(r.lagBytes))")
        }
        if let workers = status.workers {
            let bad = workers.filter { $0.state == .errored }.count
            judge(&out, name, "unavailable", Double(bad), t.unavailable, "\(bad) of \(workers.count) workers errored")
        }
        if let backends = status.backends {
            let bad = backends.filter { $0.state == .down || $0.state == .ejected }.count
            judge(&out, name, "unavailable", Double(bad), t.unavailable, "\(bad) of \(backends.count) backends down or ejected")
        }
        return out
    }

    private static func judge(_ out: inout [Finding], _ node: String, _ metric: String, _ value: Double,
                              _ levels: CheckThresholds.Levels, _ text: String, ranges: CheckRanges? = nil) {
        let severity = ranges?.severity(of: value, levels: levels) ?? levels.severity(of: value)
        guard severity != .ok else { return }
        let scale = metric == "errorRate" ? 100.0 : 1.0
        let unit = metric == "errorRate" ? "%" : ""
        let limit = severity == .critical ? "crit" : "warn"
        let range = severity == .critical ? ranges?.crit : ranges?.warn
        let bound = severity == .critical ? levels.crit : levels.warn
        out.append(Finding(node: node, metric: metric, value: value, severity: severity,
                           message: "\(node) \(text) (\(limit) \(range?.description ?? OperatorConfigParser.number(bound * scale) + unit))"))
    }

    private static func reasons(_ status: NodeStatus) -> String {
        status.health.reasons.isEmpty ? "" : ": " + status.health.reasons.joined(separator: "; ")
    }

    static func percent(_ rate: Double) -> String {
        let p = rate * 100
        return p == 0 ? "0%" : p < 0.1 ? "<0.1%" : NumberText.fixed(p, 1) + "%"
    }
}
