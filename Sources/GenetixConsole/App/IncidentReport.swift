import Foundation
import GenetixCore

/// The incident snapshot written by `x` on the timeline: Markdown with the topology, current figures, the last
/// events and recent error logs, ready to paste into a ticket.
public enum IncidentReport {
    /// The report for a snapshot.
    public static func markdown(_ snapshot: ClusterSnapshot, zone: ClockZone, events: Int = 30, errors: Int = 30) -> String {
        var out = "# Incident snapshot — \(snapshot.clusterName), \(Format.dateTime(snapshot.takenAt, zone: zone)) \(CivilTime(snapshot.takenAt, in: zone).zoneAbbreviation)\n\n"
        let counts = snapshot.severityCounts
        out += "\(snapshot.nodes.count) nodes: \(counts.ok) ok, \(counts.warn) warning, \(counts.crit) critical.\n\n"
        out += "## Topology and current figures\n\n"
        out += "| node | kind | role | health | req/s | p99 | 5xx | cpu | members | data age | admin |\n"
        out += "|---|---|---|---|---|---|---|---|---|---|---|\n"
        for node in snapshot.nodesByTier {
            let age = node.age(at: snapshot.takenAt).map { Format.duration($0) } ?? "never"
            guard node.isReachable, let s = node.status else {
                out += "| \(node.name) | \(node.kind.rawValue) | ? | **unreachable**: \(escape(node.lastError ?? "no answer")) | | | | | | \(age) | \(node.node.admin) |\n"
                continue
            }
            let f = s.figures
            let health = s.health.status.rawValue + (s.health.reasons.isEmpty ? "" : " (" + escape(s.health.reasons.joined(separator: "; ")) + ")")
            out += "| \(node.name) | \(node.kind.rawValue) | \(s.role) | \(health) | \(Format.rate(f?.requestsPerSecond)) | "
            out += "\(Format.milliseconds(f?.p99Ms)) | \(Format.percent(ofShare: f?.errorRate)) | \(Format.percent(f?.cpuPercent)) | "
            out += "\(OverviewView.membersText(s, snapshot: snapshot).text) | \(age) | \(node.node.admin) |\n"
        }
        out += "\n## Last events\n\n"
        let recent = snapshot.timeline.suffix(events)
        if recent.isEmpty { out += "None.\n" }
        for e in recent {
            out += "- \(Format.dateTime(e.time, zone: zone)) **\(e.node)** \(e.severity.uppercased()) `\(e.type)`"
            out += " by \(e.actor ?? "system"): \(e.message)\n"
        }
        out += "\n## Recent error logs\n\n"
        let bad = snapshot.logs.filter { $0.level >= .error }.suffix(errors)
        if bad.isEmpty { out += "None.\n" } else {
            out += "```\n"
            for entry in bad { out += Format.dateTime(entry.time, zone: zone) + " " + LogsView.line(entry, timestamps: false, zone: zone) + "\n" }
            out += "```\n"
        }
        return out
    }

    private static func escape(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
}
