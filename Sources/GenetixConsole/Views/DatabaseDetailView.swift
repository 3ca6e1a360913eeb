import Foundation
import GenetixCore
import GenetixOperations

/// Database detail: role, timeline, LSNs, replication clients, connections, and transactions/s and lag graphs.
enum DatabaseDetailView {
    static let columns: [TableColumn] = [
        TableColumn("CLIENT", width: 10, priority: 0, flexible: true, maxWidth: 16),
        TableColumn("ADDRESS", width: 15, priority: 4),
        TableColumn("STATE", width: 10, priority: 0),
        TableColumn("SYNC", width: 6, priority: 2),
        TableColumn("SENT LSN", width: 11, priority: 3),
        TableColumn("REPLAY LSN", width: 11, priority: 3),
        TableColumn("LAG", width: 7, priority: 1, alignRight: true),
    ]

    static func draw(into buffer: inout ScreenBuffer, area: ContentArea, _ node: NodeSnapshot, _ status: NodeStatus, _ snapshot: ClusterSnapshot,
                     _ state: ViewState, theme: Theme) {
        var row = area.top
        let t = snapshot.thresholds
        buffer.rule(row: row, column: 0, width: area.width, style: theme[.border], title: "Replication", titleStyle: theme[.title])
        row += 1
        if let r = status.replication {
            var items: [(String, String, ThemeRole)] = [("role", r.role, .accent), ("timeline", "\(r.timeline)", .text)]
            if let lsn = r.currentLsn { items.append(("current LSN", lsn, .text)) }
            if let lsn = r.receiveLsn { items.append(("received", lsn, .text)) }
            if let lsn = r.replayLsn { items.append(("replayed", lsn, .text)) }
            row = NodeDetailView.pairs(items, into: &buffer, row: row, width: area.width, theme: theme)
            var more: [(String, String, ThemeRole)] = []
            let lagRole: ThemeRole = switch t.lagBytes.level(of: Double(r.lagBytes)) {
            case .ok: .ok
            case .warn: .warn
            case .crit: .crit
            }
            more.append(("lag", Format.bytes(r.lagBytes) + (r.lagSeconds.map { " (" + NumberText.fixed($0, 1) + "s)" } ?? ""), lagRole))
            if let upstream = r.upstream { more.append(("upstream", upstream, .text)) }
            if let receiver = r.receiverState { more.append(("receiver", receiver, receiver == "streaming" ? .ok : .warn)) }
            if r.replayPaused == true { more.append(("replay", "PAUSED", .crit)) }
            if let sync = r.synchronous { more.append(("synchronous", sync ? "on" : "off", .text)) }
            if let ha = status.ha {
                more.append(("failover", ha.mode == "paused" ? "PAUSED" : ha.mode, ha.mode == "paused" ? .warn : .text))
                if let leader = r.leader { more.append(("leader", leader, .text)) }
            }
            row = NodeDetailView.pairs(more, into: &buffer, row: row, width: area.width, theme: theme)
        }
        if let d = status.database {
            row = NodeDetailView.pairs([
                ("postmaster", d.postmasterUp ? "up" : "DOWN", d.postmasterUp ? .ok : .crit), ("listen", d.listen ?? "–", .text),
                ("tps", Format.rate(d.transactionsPerSecond), .text), ("cache hit", Format.percent(ofShare: d.cacheHitRatio), .text),
                ("size", Format.bytes(d.sizeBytes), .text),
            ], into: &buffer, row: row, width: area.width, theme: theme)
            let connections = d.connections.keys.sorted().map { ($0, "\(d.connections[$0]!)", ThemeRole.text) }
            let total = d.connections.values.reduce(0, +)
            row = NodeDetailView.pairs([("connections", "\(total)", .accent)] + connections, into: &buffer, row: row, width: area.width, theme: theme)
        }
        let clients = status.replication?.clients ?? []
        if status.replication?.role == "primary" || !clients.isEmpty {
            buffer.rule(row: row, column: 0, width: area.width, style: theme[.border], title: "Replication clients (\(clients.count))",
                        titleStyle: theme[.title])
            let rows: [[(String, ThemeRole)]] = clients.map { c in
                [(c.name, .accent), (c.address ?? "", .dim), (c.state, c.state == "streaming" ? .ok : .warn), (c.syncState, .text),
                 (c.sentLsn ?? "–", .text), (c.replayLsn ?? "–", .text),
                 (Format.bytes(c.lagBytes), t.lagBytes.level(of: c.lagBytes.map(Double.init)) == .ok ? .text : .warn)]
            }
            let tableRows = min(clients.count + 1, max(2, (area.bottom - row - 4) / 2))
            row = NodeDetailView.table(columns, rows: rows, into: &buffer, row: row + 1, maxRows: tableRows, width: area.width,
                                       selected: state.pane == 0 && !clients.isEmpty ? min(state.detailRow, clients.count - 1) : nil,
                                       theme: theme)
            if clients.isEmpty { buffer.write("no replica connected", row: row, column: 2, style: theme[.warn]); row += 1 }
        }
        let lag = ("replication lag", node.samples(.lagBytes), { (v: Double) in Format.bytes(Int64(v)) })
        let tps = ("transactions/s", node.samples(.transactionsPerSecond), { (v: Double) in Format.rate(v) })
        NodeDetailView.graphs(status.role == "replica" ? [lag, tps] : [tps, lag], into: &buffer, row: row, area: area, snapshot, state, theme: theme)
    }
}
