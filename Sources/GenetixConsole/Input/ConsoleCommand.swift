/// What a key asks the console to do. Commands that change the cluster become an `Intent` once the console knows
/// which node, worker or backend is selected.
public enum ConsoleCommand: Sendable, Hashable {
    // Moving around.
    case moveUp, moveDown, pageUp, pageDown, top, bottom, open, back, nextPane, previousPane, quit
    case showLogs, showTimeline, showHelp, commandLine, filter
    case slowerRefresh, fasterRefresh
    // Actions on the cluster (confirmed in a dialog).
    case scaleUp, scaleDown, toggleAutoscale, rollingRestart, drainBackend, enableBackend, promoteReplica
    // Logs.
    case toggleFollow, cycleLevel, nextMatch, previousMatch, toggleWrap, toggleTimestamps, toggleLogScope, saveLogs
    // Timeline.
    case writeIncident
}

/// Where a binding applies: everywhere, or on one screen.
public enum KeyContext: String, Sendable, Hashable, CaseIterable {
    case global = "Everywhere"
    case overview = "Overview"
    case detail = "Node detail"
    case logs = "Logs"
    case timeline = "Timeline"
}

/// One key binding with the text the help screen shows.
public struct KeyBinding: Sendable, Hashable {
    public var keys: [Key]
    public var command: ConsoleCommand
    public var context: KeyContext
    public var help: String
    /// Whether the footer of its screen lists it.
    public var hint: Bool

    public init(_ keys: [Key], _ command: ConsoleCommand, _ context: KeyContext, _ help: String, hint: Bool = false) {
        self.keys = keys
        self.command = command
        self.context = context
        self.help = help
        self.hint = hint
    }
}
