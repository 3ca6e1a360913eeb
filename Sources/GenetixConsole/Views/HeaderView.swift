import Foundation

/// The top bar: cluster name, screen, counts of ok / warn / crit nodes, READ-ONLY badge, refresh interval and clock.
enum HeaderView {
    static func draw(into buffer: inout ScreenBuffer, _ snapshot: ClusterSnapshot, _ state: ViewState, theme: Theme) {
        let bar = theme[.header]
        buffer.fill(row: 0, column: 0, height: 1, width: buffer.columns, style: bar)
        var x = buffer.write(" genetix ", row: 0, column: 0, style: bar)
        x += buffer.write(snapshot.clusterName, row: 0, column: x, style: bar.adding(.bold))
        x += buffer.write("  " + title(of: state.screen) + "  ", row: 0, column: x, style: bar)
        let counts = snapshot.severityCounts
        let parts: [(String, ThemeRole)] = [("● \(counts.ok) ok", .ok), ("▲ \(counts.warn) warn", .warn), ("✖ \(counts.crit) crit", .crit)]
        for (text, role) in parts {
            let style = theme[role].on(bar.background).adding(counts.crit > 0 && role == .crit ? .bold : [])
            x += buffer.write(text, row: 0, column: x, style: style)
            x += buffer.write("  ", row: 0, column: x, style: bar)
        }
        var right = Format.clock(snapshot.takenAt, timeZone: state.timeZone) + " "
        right = "⟳ " + Format.interval(snapshot.refreshInterval) + "  " + right
        var rightWidth = CharacterWidth.of(right)
        if state.isReadOnly {
            let badge = " READ-ONLY "
            let bx = buffer.columns - rightWidth - CharacterWidth.of(badge) - 1
            if bx > x { buffer.write(badge, row: 0, column: bx, style: theme[.badge]) }
            rightWidth += CharacterWidth.of(badge) + 1
        }
        if buffer.columns - CharacterWidth.of(right) > x {
            buffer.write(right, row: 0, column: buffer.columns - CharacterWidth.of(right), style: bar)
        }
    }

    static func title(of screen: ConsoleScreen) -> String {
        switch screen {
        case .overview: "Overview"
        case .detail(let node): node
        case .logs: "Logs"
        case .timeline: "Timeline"
        case .help: "Help"
        }
    }
}
