import Foundation
import GenetixCore
import GenetixOperations

/// Balancer detail: the backends with state and weight, responses and cache figures, latency and request graphs.
enum BalancerDetailView {
    static let columns: [TableColumn] = [
        TableColumn("BACKEND", width: 15, priority: 0, flexible: true, maxWidth: 21),
        TableColumn("FROM", width: 10, priority: 5),
        TableColumn("STATE", width: 8, priority: 0),
        TableColumn("WEIGHT", width: 6, priority: 2, alignRight: true),
        TableColumn("FLIGHT", width: 6, priority: 4, alignRight: true),
        TableColumn("REQ/S", width: 6, priority: 1, alignRight: true),
        TableColumn("P99", width: 7, priority: 1, alignRight: true),
        TableColumn("ERRORS", width: 6, priority: 3, alignRight: true),
        TableColumn("LAST CHECK", width: 10, priority: 6, flexible: true, maxWidth: 40),
    ]

    static func draw(into buffer: inout ScreenBuffer, area: ContentArea, _ node: NodeSnapshot, _ status: NodeStatus, _ snapshot: ClusterSnapshot,
                     _ state: ViewState, theme: Theme) {
        let backends = status.backends ?? []
        let up = backends.filter { $0.state == .up }.count
        buffer.rule(row: area.top, column: 0, width: area.width, style: theme[.border], title: "Backends (\(up) of \(backends.count) up)",
                    titleStyle: theme[.title])
        let rows: [[(String, ThemeRole)]] = backends.map { b in
            let stateRole: ThemeRole = switch b.state {
            case .up: .ok
            case .draining: .warn
            case .down, .ejected: .crit
            }
            let from = b.node.map { node in b.workerId.map { "\(node)/\($0)" } ?? node } ?? (b.source ?? "")
            return [
                (b.address, .accent), (from, .dim), (b.state.rawValue, stateRole), ("\(b.weight)", .text), ("\(b.inFlight)", .text),
                (Format.rate(b.requestsPerSecond), .text),
                (Format.milliseconds(b.p99Ms), snapshot.thresholds.p99Ms.level(of: b.p99Ms) == .ok ? .text : .warn),
                (b.errors.map { "\($0)" } ?? "–", (b.errors ?? 0) > 0 ? .warn : .text), (b.lastCheck ?? "", .dim),
            ]
        }
        let tableRows = min(backends.count + 1, max(2, (area.height - 4) / 2))
        var row = NodeDetailView.table(columns, rows: rows, into: &buffer, row: area.top + 1, maxRows: tableRows, width: area.width,
                                       selected: state.pane == 0 ? min(state.detailRow, max(0, backends.count - 1)) : nil, theme: theme)
        if backends.isEmpty { buffer.write("no backends", row: row, column: 2, style: theme[.crit]); row += 1 }
        buffer.rule(row: row, column: 0, width: area.width, style: theme[.border], title: "Traffic and cache", titleStyle: theme[.title])
        row += 1
        let f = status.figures
        row = NodeDetailView.pairs([
            ("5xx", Format.percent(ofShare: f?.errorRate), snapshot.thresholds.errorRate.level(of: f?.errorRate) == .ok ? .ok : .crit),
            ("non-5xx", Format.percent(ofShare: f.map { 1 - $0.errorRate }), .text),
            ("in flight", "\(f?.inFlight ?? 0)", .text),
            ("listeners", (status.listeners ?? []).joined(separator: " "), .text),
        ], into: &buffer, row: row, width: area.width, theme: theme)
        if let pair = status.pair {
            let holder = pair.holder ? "held here" : "held by a peer"
            row = NodeDetailView.pairs([
                ("floating address", "\(pair.address) \(holder)", pair.holder ? .ok : .text),
                ("standby", pair.standby ? "on (/readyz 503)" : "off", pair.standby ? .warn : .text),
                ("state from", pair.stateFrom ?? "starting", .text),
            ], into: &buffer, row: row, width: area.width, theme: theme)
        }
        if let c = status.cache {
            row = NodeDetailView.pairs([
                ("cache hit ratio", Format.percent(ofShare: c.hitRatio), .accent), ("hits", "\(c.hits)", .text), ("misses", "\(c.misses)", .text),
                ("entries", "\(c.entries)", .text), ("size", Format.bytes(c.bytes) + " of " + Format.bytes(c.limitBytes), .text),
            ], into: &buffer, row: row, width: area.width, theme: theme)
        }
        NodeDetailView.graphs([
            ("p99 latency", node.samples(.p99Ms), { Format.milliseconds($0) }),
            ("requests/s", node.samples(.requestsPerSecond), { Format.rate($0) }),
        ], into: &buffer, row: row, area: area, snapshot, state, theme: theme)
    }
}
