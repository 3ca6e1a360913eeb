import Foundation
import GenetixCore
import GenetixOperations

/// The overview: every node grouped by tier with its key figures and a sparkline, then an events strip.
public enum OverviewView {
    static let columns: [TableColumn] = [
        TableColumn("NODE", width: 10, priority: 0),
        TableColumn("ROLE", width: 10, priority: 5),
        TableColumn("HEALTH", width: 8, priority: 1),
        TableColumn("AGE", width: 4, priority: 10, alignRight: true),
        TableColumn("REQ/S", width: 6, priority: 2, alignRight: true),
        TableColumn("P99", width: 7, priority: 3, alignRight: true),
        TableColumn("ERR", width: 6, priority: 3, alignRight: true),
        TableColumn("CPU", width: 5, priority: 6, alignRight: true),
        TableColumn("MEM", width: 6, priority: 9, alignRight: true),
        TableColumn("MEMBERS", width: 9, priority: 4),
        TableColumn("TREND (60 s)", width: 7, priority: 7, flexible: true, maxWidth: 60),
    ]

    /// The nodes the overview lists, in display order (by tier, each tier in the sort's order), after the `/` filter.
    public static func visibleNodes(_ snapshot: ClusterSnapshot, _ state: ViewState) -> [NodeSnapshot] {
        var all = snapshot.nodesByTier
        if let sort = state.sort {
            let now = snapshot.takenAt.timeIntervalSinceReferenceDate
            all = [NodeKind.balancer, .app, .database].flatMap { kind in sort.apply(all.filter { $0.kind == kind }, at: now) }
        }
        guard let filter = NodeFilter(state.filter) else { return all }
        return all.filter { node in filter.matches([node.name, node.kind.rawValue, node.status?.role ?? ""]) }
    }

    /// Rows of the cluster panel (edge graphs): only on tall, wide terminals (160×48 has it; 80×24 does not).
    static func panelHeight(_ area: ContentArea) -> Int { area.height >= 36 && area.width >= 100 ? 11 : 0 }

    /// Rows of the events strip: what the node list and the cluster panel leave, at least 3.
    static func stripHeight(_ area: ContentArea, listLines: Int) -> Int { max(3, area.height - 2 - listLines - panelHeight(area)) }

    static func draw(into buffer: inout ScreenBuffer, area: ContentArea, _ snapshot: ClusterSnapshot, _ state: ViewState, theme: Theme) {
        let nodes = visibleNodes(snapshot, state)
        let tiers = Set(nodes.map(\.kind)).count
        let strip = stripHeight(area, listLines: nodes.count + tiers + 1)
        let listHeight = area.height - strip - 1
        let layout = TableLayout(columns: columns, width: area.width - 2)
        var row = area.top
        for p in layout.placed {
            // The trend column always names its metric: in full when it fits, else the metric alone.
            let trend = "TREND \(state.trend.title) 60 s"
            var title = p.index != 10 ? p.column.title : CharacterWidth.of(trend) <= p.width ? trend : state.trend.title
            if let sort = state.sort, sort.column == p.index { title += sort.descending ? "▼" : "▲" }
            buffer.write(padded: title, row: row, column: 1 + p.x, width: p.width, style: theme[.columnHeader], right: p.column.alignRight)
        }
        row += 1
        var lines: [(kind: NodeKind, node: NodeSnapshot?)] = []
        for kind in [NodeKind.balancer, .app, .database] {
            let tier = nodes.filter { $0.kind == kind }
            if tier.isEmpty { continue }
            lines.append((kind, nil))
            lines += tier.map { (kind, $0) }
        }
        let selectedLine = lines.firstIndex { $0.node?.name == state.selectedNode } ?? 0
        let visible = max(1, listHeight - 1)
        let offset = max(0, min(selectedLine - visible + 1, lines.count - visible))
        for line in lines.dropFirst(offset).prefix(visible) {
            if let node = line.node {
                drawNode(node, into: &buffer, row: row, layout: layout, snapshot, state, theme: theme)
                buffer.rowTargets[row] = node.name
                if node.name == state.selectedNode && state.pane == 0 { buffer.select(row: row, theme: theme) }
            } else {
                let count = nodes.filter { $0.kind == line.kind }.count
                buffer.rule(row: row, column: 0, width: area.width, style: theme[.border], title: tierTitle(line.kind) + " (\(count))",
                            titleStyle: theme[.tier])
            }
            row += 1
        }
        if nodes.isEmpty {
            buffer.write(state.filter.isEmpty ? "No nodes configured." : "No node matches \"\(state.filter)\".", row: row, column: 1,
                         style: theme[.dim])
        }
        let stripTop = area.bottom - strip - 1
        let panel = panelHeight(area)
        if panel > 0 { drawClusterPanel(snapshot, state, into: &buffer, top: stripTop - panel, height: panel, width: area.width, theme: theme) }
        let title = state.filter.isEmpty ? "Events" : "Events — filter: \(state.filter)"
        buffer.rule(row: stripTop, column: 0, width: area.width, style: state.pane == 1 ? theme[.accent] : theme[.border], title: title,
                    titleStyle: theme[.title])
        let recent = Array(snapshot.timeline.suffix(strip).reversed())
        if recent.isEmpty {
            buffer.write("No events yet.", row: stripTop + 1, column: 1, style: theme[.dim])
        }
        for (i, entry) in recent.enumerated() {
            TimelineView.drawEntry(entry, into: &buffer, row: stripTop + 1 + i, width: area.width, state: state, theme: theme)
        }
    }

    /// Requests/s, p99 and 5xx ratio at the balancer edge, side by side, each scaled from zero with its span.
    private static func drawClusterPanel(_ snapshot: ClusterSnapshot, _ state: ViewState, into buffer: inout ScreenBuffer, top: Int, height: Int,
                                         width: Int, theme: Theme) {
        let edge = snapshot.edge
        let items: [(String, [Double], (Double) -> String)] = [
            ("edge requests/s", edge.requests.samples, { Format.rate($0) }),
            ("edge p99", edge.p99.samples, { Format.milliseconds($0) }),
            ("edge 5xx", edge.errors.samples, { Format.percent(ofShare: $0) }),
        ]
        let each = width / items.count
        let span = NodeDetailView.span(snapshot, samples: MetricHistory.defaultCapacity)
        for (i, item) in items.enumerated() {
            NodeDetailView.graph(item.0, samples: item.1, format: item.2, into: &buffer, row: top, column: i * each,
                                 width: each - (i < items.count - 1 ? 1 : 0), height: height, span: span, zoomed: state.zoomedGraphs, ascii: state.asciiGraphs, theme: theme)
        }
    }

    static func tierTitle(_ kind: NodeKind) -> String {
        switch kind {
        case .balancer: "BALANCERS"
        case .app: "APP NODES"
        case .database: "DATABASES"
        }
    }

    private static func drawNode(_ node: NodeSnapshot, into buffer: inout ScreenBuffer, row: Int, layout: TableLayout,
                                 _ snapshot: ClusterSnapshot, _ state: ViewState, theme: Theme) {
        let t = snapshot.thresholds
        let status = node.status
        let f = status?.figures
        let age = node.age(at: snapshot.takenAt)
        func put(_ index: Int, _ text: String, _ role: ThemeRole) {
            guard let p = layout.column(index) else { return }
            buffer.write(padded: text, row: row, column: 1 + p.x, width: p.width, style: theme[role], right: p.column.alignRight)
        }
        func role(_ s: Severity) -> ThemeRole { s == .crit ? .crit : s == .warn ? .warn : .text }
        put(0, node.name, .accent)
        guard node.isReachable, let status else {
            put(2, "DOWN", .crit)
            guard let health = layout.column(2) else { return }
            let x = 1 + health.x + health.width + 1
            var message = "unreachable: " + (node.lastError ?? "no answer yet")
            if let age { message += " · last seen \(Format.duration(age)) ago" }
            buffer.write(CharacterWidth.truncate(message, to: buffer.columns - x - 1), row: row, column: x, style: theme[.crit])
            return
        }
        put(1, status.role, .dim)
        let stale = t.staleSeconds.level(of: age)
        switch status.health.status {
        case .ok where stale != .ok: put(2, "stale", role(stale))
        case .ok: put(2, "ok", .ok)
        case .degraded: put(2, "degraded", .warn)
        case .down: put(2, "down", .crit)
        }
        put(3, Format.duration(age), stale == .ok ? .dim : role(stale))
        put(4, Format.rate(f?.requestsPerSecond), .text)
        put(5, Format.milliseconds(f?.p99Ms), role(t.p99Ms.level(of: f?.p99Ms)))
        put(6, Format.percent(ofShare: f?.errorRate), role(t.errorRate.level(of: f?.errorRate)))
        put(7, Format.percent(f?.cpuPercent), role(t.cpuPercent.level(of: f?.cpuPercent)))
        put(8, Format.bytes(f?.residentBytes), .text)
        let members = membersText(status, snapshot: snapshot)
        put(9, members.text, role(members.severity))
        if let p = layout.column(10) {
            let line = Sparkline.line(node.samples(state.trend.series(for: node)), width: p.width, fromZero: !state.zoomedGraphs, ascii: state.asciiGraphs)
            buffer.write(line, row: row, column: 1 + p.x, style: theme[.spark], limit: p.width)
        }
    }

    /// `3/3 wrk`, `4/4 up`, `lag 12K`, `2 repl`, with how bad it is.
    static func membersText(_ status: NodeStatus, snapshot: ClusterSnapshot) -> (text: String, severity: Severity) {
        let t = snapshot.thresholds
        switch status.kind {
        case .app:
            let workers = status.workers ?? []
            let online = workers.filter { $0.state == .online }.count
            let bad = workers.filter { $0.state == .errored }.count
            let severity = workers.isEmpty ? Severity.crit : max(t.unavailable.level(of: Double(bad)), online == 0 ? .crit : .ok)
            return ("\(online)/\(workers.count) wrk", severity)
        case .balancer:
            let backends = status.backends ?? []
            let up = backends.filter { $0.state == .up }.count
            let bad = backends.filter { $0.state == .down || $0.state == .ejected }.count
            let severity = backends.isEmpty || up == 0 ? Severity.crit : t.unavailable.level(of: Double(bad))
            // A balancer of a pair: VIP on the one holding the floating address, stby on one in standby.
            let pair = status.pair.map { $0.standby ? " stby" : $0.holder ? " VIP" : "" } ?? ""
            return ("\(up)/\(backends.count) up" + pair, severity)
        case .database:
            guard let r = status.replication else { return ("–", .ok) }
            if r.role == "primary" { return ("\(r.clients.count) repl", .ok) }
            return ("lag " + Format.bytes(r.lagBytes), t.lagBytes.level(of: Double(r.lagBytes)))
        }
    }
}
