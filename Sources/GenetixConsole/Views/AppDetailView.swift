import Foundation
import GenetixCore
import GenetixOperations

/// App node detail: the workers, the autoscaler's state and last decision, request and latency graphs.
enum AppDetailView {
    static let columns: [TableColumn] = [
        TableColumn("ID", width: 3, priority: 0, alignRight: true),
        TableColumn("PID", width: 7, priority: 4, alignRight: true),
        TableColumn("PORT", width: 5, priority: 2, alignRight: true),
        TableColumn("STATE", width: 9, priority: 0),
        TableColumn("CPU", width: 5, priority: 3, alignRight: true),
        TableColumn("MEM", width: 6, priority: 5, alignRight: true),
        TableColumn("REQ/S", width: 6, priority: 1, alignRight: true),
        TableColumn("P99", width: 7, priority: 1, alignRight: true),
        TableColumn("RESTARTS", width: 8, priority: 6, alignRight: true),
        TableColumn("UPTIME", width: 7, priority: 7, alignRight: true),
        TableColumn("LAST EXIT", width: 9, priority: 8, flexible: true, maxWidth: 40),
    ]

    static func draw(into buffer: inout ScreenBuffer, area: ContentArea, _ node: NodeSnapshot, _ status: NodeStatus, _ snapshot: ClusterSnapshot,
                     _ state: ViewState, theme: Theme) {
        let workers = status.workers ?? []
        let t = snapshot.thresholds
        buffer.rule(row: area.top, column: 0, width: area.width, style: theme[.border], title: "Workers (\(workers.count))", titleStyle: theme[.title])
        let rows: [[(String, ThemeRole)]] = workers.map { w in
            let stateRole: ThemeRole = switch w.state {
            case .online: .ok
            case .starting, .draining, .stopping: .warn
            case .errored: .crit
            }
            return [
                ("\(w.id)", .accent), ("\(w.pid)", .text), ("\(w.port)", .text), (w.state.rawValue, stateRole),
                (Format.percent(w.cpuPercent), t.cpuPercent.level(of: w.cpuPercent) == .ok ? .text : .warn),
                (Format.bytes(w.residentBytes), .text), (Format.rate(w.requestsPerSecond), .text),
                (Format.milliseconds(w.p99Ms), t.p99Ms.level(of: w.p99Ms) == .ok ? .text : .warn),
                (w.restarts.map { "\($0)" } ?? "–", (w.restarts ?? 0) > 0 ? .warn : .text),
                (Format.duration(w.uptimeSeconds), .text), (w.lastExit ?? "", .dim),
            ]
        }
        let tableRows = min(workers.count + 1, max(2, (area.height - 4) / 2))
        var row = NodeDetailView.table(columns, rows: rows, into: &buffer, row: area.top + 1, maxRows: tableRows, width: area.width,
                                       selected: state.pane == 0 ? min(state.detailRow, max(0, workers.count - 1)) : nil, theme: theme)
        if workers.isEmpty { buffer.write("no workers", row: row, column: 2, style: theme[.warn]); row += 1 }
        if let a = status.autoscaler {
            buffer.rule(row: row, column: 0, width: area.width, style: theme[.border], title: "Autoscaler", titleStyle: theme[.title])
            row += 1
            var items: [(String, String, ThemeRole)] = [
                ("", a.enabled ? "on" : "off", a.enabled ? .ok : .dim), ("min", "\(a.min)", .text), ("max", "\(a.max)", .text),
            ]
            if let metric = a.metric, let target = a.target { items.append(("target", "\(metric) \(Format.rate(target))", .text)) }
            if let current = a.current { items.append(("current", "\(current)", .text)) }
            if let desired = a.desired { items.append(("desired", "\(desired)", desired == a.current ? .text : .warn)) }
            if let window = a.scaleDownWindowSeconds { items.append(("scale-down window", Format.duration(window), .text)) }
            row = NodeDetailView.pairs(items, into: &buffer, row: row, width: area.width, theme: theme)
            var decision = "last decision: " + (a.lastDecision ?? "none yet")
            if let at = a.lastDecisionAt { decision += " (\(Format.duration(snapshot.takenAt.timeIntervalSince(at))) ago)" }
            buffer.write(CharacterWidth.truncate(decision, to: area.width - 2), row: row, column: 1, style: theme[.text])
            row += 1
        }
        NodeDetailView.graphs([
            ("requests/s", node.samples(.requestsPerSecond), { Format.rate($0) }),
            ("p99 latency", node.samples(.p99Ms), { Format.milliseconds($0) }),
        ], into: &buffer, row: row, area: area, snapshot, state, theme: theme)
    }
}
