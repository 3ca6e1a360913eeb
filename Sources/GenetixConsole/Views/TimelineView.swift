import Foundation

/// The merged incident timeline: every node's events and every audited action with its actor, newest first.
public enum TimelineView {
    static let columns: [TableColumn] = [
        TableColumn("TIME", width: 8, priority: 0),
        TableColumn("NODE", width: 8, priority: 1),
        TableColumn("SEV", width: 4, priority: 2),
        TableColumn("TYPE", width: 17, priority: 5),
        TableColumn("ACTOR", width: 9, priority: 3),
        TableColumn("WHAT", width: 20, priority: 0, flexible: true),
    ]

    /// The entries the timeline lists, newest first, after the `/` filter.
    public static func visibleEntries(_ snapshot: ClusterSnapshot, filter: String) -> [TimelineEntry] {
        let all = snapshot.timeline.reversed()
        guard !filter.isEmpty else { return Array(all) }
        let needle = filter.lowercased()
        return all.filter { e in [e.node, e.type, e.message, e.actor ?? "", e.target ?? ""].contains { $0.lowercased().contains(needle) } }
    }

    static func draw(into buffer: inout ScreenBuffer, area: ContentArea, _ snapshot: ClusterSnapshot, _ state: ViewState, theme: Theme) {
        let entries = visibleEntries(snapshot, filter: state.filter)
        var title = "Timeline — \(entries.count) entries, newest first"
        if !state.filter.isEmpty { title += " — filter: \(state.filter)" }
        buffer.rule(row: area.top, column: 0, width: area.width, style: theme[.border], title: title, titleStyle: theme[.title])
        let layout = TableLayout(columns: columns, width: area.width - 2)
        for p in layout.placed {
            buffer.write(padded: p.column.title, row: area.top + 1, column: 1 + p.x, width: p.width, style: theme[.columnHeader])
        }
        let visible = area.height - 2
        let selected = min(state.timelineScroll, max(0, entries.count - 1))
        let offset = max(0, selected - visible + 1)
        for (i, entry) in entries.dropFirst(offset).prefix(visible).enumerated() {
            let row = area.top + 2 + i
            drawEntry(entry, into: &buffer, row: row, width: area.width, state: state, theme: theme, layout: layout)
            buffer.rowTargets[row] = String(offset + i)
            if offset + i == selected { buffer.select(row: row, theme: theme) }
        }
        if entries.isEmpty {
            buffer.write("Nothing has happened yet.", row: area.top + 2, column: 1, style: theme[.dim])
        }
    }

    /// One entry on one line (also used by the overview's events strip).
    static func drawEntry(_ entry: TimelineEntry, into buffer: inout ScreenBuffer, row: Int, width: Int, state: ViewState, theme: Theme,
                          layout: TableLayout? = nil) {
        let layout = layout ?? TableLayout(columns: columns, width: width - 2)
        let severityRole: ThemeRole = switch entry.severity {
        case "crit": .crit
        case "warn": .warn
        default: .dim
        }
        let values: [(String, ThemeRole)] = [
            (Format.clock(entry.time, zone: state.zone), .dim), (entry.node, .accent), (entry.severity.uppercased(), severityRole),
            (entry.type, .text), (entry.actor ?? "", entry.actor == nil || entry.actor == "system" ? .dim : .key),
            (entry.message + (entry.target.map { entry.message.contains($0) ? "" : " [\($0)]" } ?? ""), severityRole == .dim ? .text : severityRole),
        ]
        for p in layout.placed {
            var style = theme[values[p.index].1]
            if values[p.index].1 == .key { style = theme[.accent] }
            buffer.write(padded: values[p.index].0, row: row, column: 1 + p.x, width: p.width, style: style)
        }
    }
}
