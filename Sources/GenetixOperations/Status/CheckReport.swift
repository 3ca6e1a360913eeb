import Foundation
import GenetixCore

/// The answer of `genetix check`, a Nagios plugin: one line `GENETIX STATE - summary | perfdata` and exit 0/1/2/3.
public struct CheckReport: Sendable, Equatable, Codable {
    /// One performance figure in Nagios form: `label=value[uom];warn;crit;min;max`.
    public struct PerfDatum: Sendable, Equatable, Codable {
        public var label: String
        public var value: Double
        public var unit: String
        public var warn: Double?
        public var crit: Double?
        public var min: Double?
        /// The `-w` range when one replaced the configured warning level (perfdata then shows the range).
        public var warnRange: String?
        /// The `-c` range, likewise.
        public var critRange: String?

        /// `label=valueUOM;warn;crit;min`.
        public var text: String {
            let n = { (d: Double?) in d.map(CheckReport.number) ?? "" }
            var s = "\(label)=\(CheckReport.number(value))\(unit);\(warnRange ?? n(warn));\(critRange ?? n(crit))"
            if let min { s += ";\(CheckReport.number(min))" }
            return s
        }
    }

    public var state: CheckSeverity
    public var exitCode: Int32
    public var summary: String
    public var findings: [Finding]
    public var perfdata: [PerfDatum]

    /// Judges assessments as a whole: the worst finding sets the state.
    public init(cluster: String, assessments: [NodeAssessment], thresholds t: CheckThresholds, ranges: CheckRanges? = nil) {
        findings = assessments.flatMap(\.findings).sorted { $0.severity > $1.severity }
        state = findings.map(\.severity).max() ?? .ok
        exitCode = Int32(state.rawValue)
        let total = assessments.count
        let unreachable = assessments.filter { $0.reading.status == nil && $0.reading.unreachable }.count
        if findings.isEmpty {
            let kinds = NodeKind.allCases.compactMap { kind -> String? in
                let n = assessments.filter { $0.reading.node.kind == kind }.count
                return n == 0 ? nil : "\(n) \(kind.rawValue)"
            }
            summary = "\(cluster): all \(total) nodes ok (\(kinds.joined(separator: ", ")))"
        } else {
            let shown = findings.prefix(4).map(\.message)
            let more = findings.count > 4 ? "; and \(findings.count - 4) more" : ""
            summary = "\(cluster): " + shown.joined(separator: "; ") + more
        }
        var perf = [PerfDatum(label: "nodes", value: Double(total), unit: "", min: 0),
                    PerfDatum(label: "unreachable", value: Double(unreachable), unit: "", warn: t.unreachable.warn, crit: t.unreachable.crit, min: 0)]
        for a in assessments {
            guard let s = a.reading.status else { continue }
            let name = a.reading.name
            if let f = s.figures {
                perf.append(PerfDatum(label: "\(name)_rps", value: Self.round(f.requestsPerSecond), unit: "", min: 0))
                if let p99 = f.p99Ms { perf.append(PerfDatum(label: "\(name)_p99", value: Self.round(p99), unit: "ms", warn: t.p99Ms.warn, crit: t.p99Ms.crit, min: 0)) }
                perf.append(PerfDatum(label: "\(name)_5xx", value: Self.round(f.errorRate * 100), unit: "%", warn: t.errorRate.warn * 100,
                                      crit: t.errorRate.crit * 100, min: 0))
                perf.append(PerfDatum(label: "\(name)_cpu", value: Self.round(f.cpuPercent), unit: "%", warn: t.cpuPercent.warn, crit: t.cpuPercent.crit, min: 0))
            }
            if let r = s.replication, r.role == "replica" {
                perf.append(PerfDatum(label: "\(name)_lag", value: Double(r.lagBytes), unit: "B", warn: t.lagBytes.warn, crit: t.lagBytes.crit, min: 0))
            }
        }
        if let ranges {
            let suffix = ["p99Ms": "_p99", "errorRate": "_5xx", "cpuPercent": "_cpu", "lagBytes": "_lag"][ranges.metric]
            for i in perf.indices where suffix.map({ perf[i].label.hasSuffix($0) }) ?? (perf[i].label == ranges.metric) {
                if let warn = ranges.warn { perf[i].warnRange = warn.description }
                if let crit = ranges.crit { perf[i].critRange = crit.description }
            }
        }
        perfdata = perf
    }

    /// A report for a check that could not run (the configuration cannot be read): UNKNOWN, exit 3.
    public init(unknown reason: String) {
        state = .unknown
        exitCode = 3
        summary = reason
        findings = []
        perfdata = []
    }

    /// The plugin's output line.
    public var line: String {
        let perf = perfdata.map(\.text).joined(separator: " ")
        let flat = summary.replacingOccurrences(of: "|", with: "/").replacingOccurrences(of: "\n", with: " ")
        return "GENETIX \(state.word) - \(flat)" + (perf.isEmpty ? "" : " | \(perf)")
    }

    /// The JSON form.
    public func json() -> String { String(decoding: GenetixJSON.encode(self, pretty: true), as: UTF8.self) + "\n" }

    static func round(_ d: Double) -> Double { (d * 100).rounded() / 100 }
    static func number(_ d: Double) -> String { OperatorConfigParser.number(d) }
}
