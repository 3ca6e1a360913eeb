import Foundation

/// The top bar: cluster name, screen, counts of ok / warn / crit nodes, READ-ONLY badge, refresh interval and clock.
/// When space is short the screen title goes first, then the counts get terse; the badge always stays.
enum HeaderView {
    static func draw(into buffer: inout ScreenBuffer, _ snapshot: ClusterSnapshot, _ state: ViewState, theme: Theme) {
        let bar = theme[.header]
        buffer.fill(row: 0, column: 0, height: 1, width: buffer.columns, style: bar)
        let right = "every " + Format.interval(snapshot.refreshInterval) + "  " + Format.clock(snapshot.takenAt, zone: state.zone) + " "
        var end = buffer.columns - CharacterWidth.of(right)
        buffer.write(right, row: 0, column: end, style: bar)
        if state.isReadOnly {
            let badge = " READ-ONLY "
            end -= CharacterWidth.of(badge) + 1
            buffer.write(badge, row: 0, column: end, style: theme[.badge])
        }
        let counts = snapshot.severityCounts
        let long: [(String, ThemeRole)] = [("● \(counts.ok) ok", .ok), ("▲ \(counts.warn) warn", .warn), ("✖ \(counts.crit) crit", .crit)]
        let short: [(String, ThemeRole)] = [("●\(counts.ok)", .ok), ("▲\(counts.warn)", .warn), ("✖\(counts.crit)", .crit)]
        let name = " genetix " + snapshot.clusterName + "  "
        let title = title(of: state.screen) + "  "
        let longWidth = long.map { CharacterWidth.of($0.0) + 2 }.reduce(0, +)
        let nameWidth = CharacterWidth.of(name)
        let showTitle = nameWidth + CharacterWidth.of(title) + longWidth <= end
        let terse = nameWidth + longWidth > end
        let parts = terse ? short : long
        var x = buffer.write(" genetix ", row: 0, column: 0, style: bar, limit: end)
        if let context = state.contextName { x += buffer.write("ctx:\(context)  ", row: 0, column: x, style: theme[.badge], limit: end - x) }
        x += buffer.write(snapshot.clusterName + "  ", row: 0, column: x, style: bar.adding(.bold), limit: end - x)
        if showTitle { x += buffer.write(title, row: 0, column: x, style: bar, limit: end - x) }
        for (text, role) in parts {
            x += buffer.write(text, row: 0, column: x, style: theme[role].on(bar.background).adding(bar.attributes).adding(.bold), limit: max(0, end - x))
            x += buffer.write(terse ? " " : "  ", row: 0, column: x, style: bar, limit: max(0, end - x))
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
