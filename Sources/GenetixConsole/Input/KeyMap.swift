/// Keys → console commands, per screen. The help screen and the footer hints are generated from it, so what a key
/// does and what the help says cannot drift apart.
public struct KeyMap: Sendable {
    public let bindings: [KeyBinding]

    public init(bindings: [KeyBinding]) { self.bindings = bindings }

    /// The command a key means in `context` (a binding of the screen wins over a global one).
    public func command(for key: Key, in context: KeyContext) -> ConsoleCommand? {
        if let b = bindings.first(where: { $0.context == context && $0.keys.contains(key) }) { return b.command }
        return bindings.first { $0.context == .global && $0.keys.contains(key) }?.command
    }

    /// The bindings of a context, in declaration order.
    public func bindings(in context: KeyContext) -> [KeyBinding] { bindings.filter { $0.context == context } }

    /// The footer hints for a screen: its own hinted bindings, then the global ones.
    public func hints(for context: KeyContext) -> [KeyBinding] {
        let own = context == .global ? [] : bindings.filter { $0.hint && $0.context == context }
        return own + bindings.filter { $0.hint && $0.context == .global }
    }

    /// The standard key map: arrows and vi keys, k9s/htop-style letters.
    public static let standard = KeyMap(bindings: [
        KeyBinding([.up, .character("k")], .moveUp, .global, "Move up"),
        KeyBinding([.down, .character("j")], .moveDown, .global, "Move down"),
        KeyBinding([.pageUp, .control("b")], .pageUp, .global, "Page up"),
        KeyBinding([.pageDown, .control("f")], .pageDown, .global, "Page down"),
        KeyBinding([.home, .character("g")], .top, .global, "Go to the top"),
        KeyBinding([.end, .character("G")], .bottom, .global, "Go to the bottom"),
        KeyBinding([.tab], .nextPane, .global, "Next pane"),
        KeyBinding([.backTab], .previousPane, .global, "Previous pane"),
        KeyBinding([.escape, .left, .character("h")], .back, .global, "Back"),
        KeyBinding([.character("l")], .showLogs, .global, "Logs (all nodes, or the selected one)", hint: true),
        KeyBinding([.character("t")], .showTimeline, .global, "Incident timeline", hint: true),
        KeyBinding([.character("?")], .showHelp, .global, "Help", hint: true),
        KeyBinding([.character(":")], .commandLine, .global, "Command line (:scale app-1 4, :theme nord, :q)", hint: true),
        KeyBinding([.character("/")], .filter, .global, "Filter the list"),
        KeyBinding([.character("[")], .slowerRefresh, .global, "Refresh less often"),
        KeyBinding([.character("]")], .fasterRefresh, .global, "Refresh more often (at most every 250 ms)"),
        KeyBinding([.character("q"), .control("c")], .quit, .global, "Quit", hint: true),

        KeyBinding([.enter, .right], .open, .overview, "Open the selected node", hint: true),
        KeyBinding([.character("+")], .scaleUp, .overview, "Scale the selected app node up by one worker", hint: true),
        KeyBinding([.character("-")], .scaleDown, .overview, "Scale the selected app node down by one worker"),
        KeyBinding([.character("a")], .toggleAutoscale, .overview, "Turn the autoscaler of the selected app node on or off"),
        KeyBinding([.character("r")], .rollingRestart, .overview, "Rolling restart of the selected app node"),
        KeyBinding([.character("p")], .promoteReplica, .overview, "Promote the selected database replica", hint: true),

        KeyBinding([.character("+")], .scaleUp, .detail, "Scale this app node up by one worker", hint: true),
        KeyBinding([.character("-")], .scaleDown, .detail, "Scale this app node down by one worker", hint: true),
        KeyBinding([.character("a")], .toggleAutoscale, .detail, "Turn this app node's autoscaler on or off"),
        KeyBinding([.character("r")], .rollingRestart, .detail, "Restart the selected worker (all, one by one, from the overview)"),
        KeyBinding([.character("d")], .drainBackend, .detail, "Drain the selected backend", hint: true),
        KeyBinding([.character("e")], .enableBackend, .detail, "Enable the selected backend", hint: true),
        KeyBinding([.character("p")], .promoteReplica, .detail, "Promote this database replica"),

        KeyBinding([.character(" ")], .toggleFollow, .logs, "Follow new lines / pause", hint: true),
        KeyBinding([.character("v")], .cycleLevel, .logs, "Minimum level: all, debug, info, warn, error", hint: true),
        KeyBinding([.character("/")], .filter, .logs, "Search (matches highlighted)", hint: true),
        KeyBinding([.character("n")], .nextMatch, .logs, "Next match"),
        KeyBinding([.character("N")], .previousMatch, .logs, "Previous match"),
        KeyBinding([.character("w")], .toggleWrap, .logs, "Wrap long lines"),
        KeyBinding([.character("T")], .toggleTimestamps, .logs, "Show or hide timestamps"),
        KeyBinding([.character("o")], .toggleLogScope, .logs, "All nodes merged, or only the selected node"),
        KeyBinding([.character("s")], .saveLogs, .logs, "Save the shown lines to a file", hint: true),

        KeyBinding([.character("x")], .writeIncident, .timeline, "Write an incident snapshot (Markdown) to a file", hint: true),
    ])
}
