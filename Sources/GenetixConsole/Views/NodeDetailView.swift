import Foundation
import GenetixCore
import GenetixOperations

/// A node's detail: a summary of the node, then what its kind has (workers, backends, replication) and graphs.
public enum NodeDetailView {
    /// How many selectable rows the node's table has (workers, backends or replication clients).
    public static func rowCount(_ node: NodeSnapshot) -> Int {
        guard let status = node.status else { return 0 }
        switch node.kind {
        case .app: return status.workers?.count ?? 0
        case .balancer: return status.backends?.count ?? 0
        case .database: return status.replication?.clients.count ?? 0
        }
    }

    static func draw(into buffer: inout ScreenBuffer, area: ContentArea, node name: String, _ snapshot: ClusterSnapshot,
                     _ state: ViewState, theme: Theme) {
        guard let node = snapshot.node(named: name) else {
            buffer.write("No node named \(name) in this cluster.", row: area.top + 1, column: 1, style: theme[.warn])
            return
        }
        let kindName = "\(node.kind.rawValue) node"
        buffer.rule(row: area.top, column: 0, width: area.width, style: theme[.border],
                    title: "\(node.name) · \(kindName) · \(node.node.admin)", titleStyle: theme[.title])
        var row = area.top + 1
        if !node.isReachable {
            var message = "UNREACHABLE: " + (node.lastError ?? "no answer yet")
            if let age = node.age(at: snapshot.takenAt) { message += " · last seen \(Format.duration(age)) ago" }
            buffer.write(CharacterWidth.truncate(message, to: area.width - 2), row: row, column: 1, style: theme[.crit])
            row += 1
        }
        guard let status = node.status else {
            buffer.write("Nothing received from this node yet; showing nothing rather than a guess.", row: row, column: 1, style: theme[.dim])
            return
        }
        row = drawSummary(node, status, into: &buffer, row: row, area: area, snapshot, state, theme: theme)
        let rest = ContentArea(top: row, height: area.bottom - row, width: area.width)
        switch node.kind {
        case .app: AppDetailView.draw(into: &buffer, area: rest, node, status, snapshot, state, theme: theme)
        case .balancer: BalancerDetailView.draw(into: &buffer, area: rest, node, status, snapshot, state, theme: theme)
        case .database: DatabaseDetailView.draw(into: &buffer, area: rest, node, status, snapshot, state, theme: theme)
        }
    }

    /// Writes `label value` pairs along a line, separated by ` · `, each value in its role; returns the next row.
    @discardableResult
    static func pairs(_ items: [(String, String, ThemeRole)], into buffer: inout ScreenBuffer, row: Int, width: Int, theme: Theme) -> Int {
        var x = 1
        for (i, item) in items.enumerated() {
            let piece = (i > 0 ? " · " : "") + (item.0.isEmpty ? "" : item.0 + " ")
            let need = CharacterWidth.of(piece) + CharacterWidth.of(item.1)
            if x + need > width - 1 { break }
            x += buffer.write(piece, row: row, column: x, style: theme[.dim])
            x += buffer.write(item.1, row: row, column: x, style: theme[item.2])
        }
        return row + 1
    }

    private static func drawSummary(_ node: NodeSnapshot, _ status: NodeStatus, into buffer: inout ScreenBuffer, row: Int, area: ContentArea,
                                    _ snapshot: ClusterSnapshot, _ state: ViewState, theme: Theme) -> Int {
        let t = snapshot.thresholds
        let healthRole: ThemeRole = status.health.status == .ok ? .ok : status.health.status == .degraded ? .warn : .crit
        let age = node.age(at: snapshot.takenAt)
        let uptime = snapshot.takenAt.timeIntervalSince(status.startedAt)
        var row = pairs([
            ("health", status.health.status.rawValue, healthRole), ("role", status.role, .accent), ("pid", "\(status.pid)", .text),
            ("up", Format.duration(uptime), .text), ("version", status.version, .text),
            ("data", Format.duration(age) + " old", t.staleSeconds.level(of: age) == .ok ? .text : .warn),
        ], into: &buffer, row: row, width: area.width, theme: theme)
        func role(_ s: Severity) -> ThemeRole { s == .crit ? .crit : s == .warn ? .warn : .text }
        if let f = status.figures {
            var items: [(String, String, ThemeRole)] = [
                ("req/s", Format.rate(f.requestsPerSecond), .text),
                ("p50", Format.milliseconds(f.p50Ms), .text),
                ("p99", Format.milliseconds(f.p99Ms), role(t.p99Ms.level(of: f.p99Ms))),
                ("5xx", Format.percent(ofShare: f.errorRate), role(t.errorRate.level(of: f.errorRate))),
                ("in flight", "\(f.inFlight)", .text),
                ("cpu", Format.percent(f.cpuPercent), role(t.cpuPercent.level(of: f.cpuPercent))),
                ("mem", Format.bytes(f.residentBytes), .text),
            ]
            if let h = status.host {
                items.append(("host load", NumberText.fixed(h.load1, 2), .text))
                items.append(("host mem free", Format.bytes(h.memoryAvailableBytes) + "/" + Format.bytes(h.memoryTotalBytes), .text))
            }
            row = pairs(items, into: &buffer, row: row, width: area.width, theme: theme)
        }
        if !status.health.reasons.isEmpty {
            let text = "why: " + status.health.reasons.joined(separator: "; ")
            buffer.write(CharacterWidth.truncate(text, to: area.width - 2), row: row, column: 1, style: theme[healthRole == .ok ? .dim : healthRole])
            row += 1
        }
        return row
    }

    /// A titled bar graph of a history: `requests/s · now 1.8k · max 2.0k · last 1m` above `height` rows, scaled
    /// from zero to the maximum unless the graphs are zoomed (`z`, and the title then gives the range shown).
    static func graph(_ title: String, samples: [Double], format: (Double) -> String, into buffer: inout ScreenBuffer, row: Int,
                      column: Int, width: Int, height: Int, span: String, zoomed: Bool, ascii: Bool = false, theme: Theme) {
        guard height >= 2, width >= 12 else { return }
        let now = samples.last.map(format) ?? "–"
        let top = samples.max() ?? 0
        // From zero to the maximum unless zoomed; a zoomed graph says which range it shows.
        let zoom = zoomed && !samples.isEmpty ? " · zoomed \(format(samples.min() ?? 0))–\(format(top))" : ""
        buffer.rule(row: row, column: column, width: width, style: theme[.border],
                    title: "\(title) · now \(now) · max \(samples.isEmpty ? "–" : format(top)) · \(span)\(zoom)", titleStyle: theme[.title])
        let lines = Sparkline.graph(samples, width: width - 2, height: height - 1, fromZero: !zoomed, ascii: ascii)
        for (i, line) in lines.enumerated() {
            buffer.write(line, row: row + 1 + i, column: column + 1, style: theme[.spark], limit: width - 2)
        }
        if samples.isEmpty { buffer.write("no samples yet", row: row + height / 2, column: column + 2, style: theme[.dim]) }
    }

    /// The time a history of `count` samples covers at the refresh interval: `last 60 s`.
    static func span(_ snapshot: ClusterSnapshot, samples: Int) -> String {
        let seconds = Double(max(samples, 1)) * Double(snapshot.refreshInterval.components.seconds)
            + Double(max(samples, 1)) * Double(snapshot.refreshInterval.components.attoseconds) / 1e18
        return "last " + Format.duration(seconds)
    }

    /// One or two graphs side by side filling a region.
    static func graphs(_ items: [(String, [Double], (Double) -> String)], into buffer: inout ScreenBuffer, row: Int, area: ContentArea,
                       _ snapshot: ClusterSnapshot, _ state: ViewState, theme: Theme) {
        // At most 14 rows: a taller graph only stretches the same 60 samples.
        let height = min(area.bottom - row, 14)
        guard height >= 3, !items.isEmpty else { return }
        let shown = area.width >= 110 ? items : [items[0]]
        let width = area.width / shown.count
        for (i, item) in shown.enumerated() {
            graph(item.0, samples: item.1, format: item.2, into: &buffer, row: row, column: i * width, width: width - (i < shown.count - 1 ? 1 : 0),
                  height: height, span: span(snapshot, samples: MetricHistory.defaultCapacity), zoomed: state.zoomedGraphs,
                  ascii: state.asciiGraphs, theme: theme)
        }
    }

    /// Draws a table with a selectable row and returns the next free row.
    static func table(_ columns: [TableColumn], rows: [[(String, ThemeRole)]], into buffer: inout ScreenBuffer, row top: Int, maxRows: Int,
                      width: Int, selected: Int?, theme: Theme) -> Int {
        let layout = TableLayout(columns: columns, width: width - 2)
        for p in layout.placed {
            buffer.write(padded: p.column.title, row: top, column: 1 + p.x, width: p.width, style: theme[.columnHeader], right: p.column.alignRight)
        }
        let visible = max(0, maxRows - 1)
        let offset = max(0, (selected ?? 0) - visible + 1)
        var row = top + 1
        for (i, cells) in rows.enumerated().dropFirst(offset).prefix(visible) {
            for p in layout.placed {
                buffer.write(padded: cells[p.index].0, row: row, column: 1 + p.x, width: p.width, style: theme[cells[p.index].1],
                             right: p.column.alignRight)
            }
            buffer.rowTargets[row] = String(i)
            if i == selected { buffer.select(row: row, theme: theme) }
            row += 1
        }
        return row
    }
}
