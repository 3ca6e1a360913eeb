import Foundation

/// Renders the whole console: header, the current screen, footer, and any dialog or command line on top.
/// A pure function of its inputs, so every screen can be tested as text.
public enum ConsoleRenderer {
    /// The smallest terminal the console lays out for; smaller ones get a notice.
    public static let minimumSize = TerminalSize(rows: 10, columns: 40)

    /// Draws everything for `size`.
    public static func render(_ snapshot: ClusterSnapshot, _ state: ViewState, theme: Theme, size: TerminalSize,
                              keyMap: KeyMap = .standard) -> ScreenBuffer {
        var buffer = ScreenBuffer(size: size, style: theme[.text])
        guard size.rows >= minimumSize.rows, size.columns >= minimumSize.columns else {
            buffer.write("Terminal too small: \(size)", row: 0, column: 0, style: theme[.warn])
            buffer.write("need \(minimumSize) or more", row: 1, column: 0, style: theme[.dim])
            return buffer
        }
        HeaderView.draw(into: &buffer, snapshot, state, theme: theme)
        let content = ContentArea(top: 1, height: size.rows - 2, width: size.columns)
        switch state.screen {
        case .overview: OverviewView.draw(into: &buffer, area: content, snapshot, state, theme: theme)
        case .detail(let name): NodeDetailView.draw(into: &buffer, area: content, node: name, snapshot, state, theme: theme)
        case .logs: LogsView.draw(into: &buffer, area: content, snapshot, state, theme: theme)
        case .timeline: TimelineView.draw(into: &buffer, area: content, snapshot, state, theme: theme)
        case .help: HelpView.draw(into: &buffer, area: content, state, theme: theme, keyMap: keyMap)
        }
        FooterView.draw(into: &buffer, snapshot, state, theme: theme, keyMap: keyMap)
        if let dialog = state.dialog { DialogView.draw(into: &buffer, dialog, theme: theme) }
        return buffer
    }
}

/// The rows between header and footer that a screen may use.
public struct ContentArea: Sendable, Equatable {
    public var top: Int
    public var height: Int
    public var width: Int
    public var bottom: Int { top + height }
}
