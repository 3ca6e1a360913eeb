import Foundation
import GenetixCore
import GenetixOperations

/// The screens of the console.
public enum ConsoleScreen: Sendable, Hashable {
    case overview
    case detail(node: String)
    case logs
    case timeline
    case help

    /// The key-map context of the screen.
    public var keyContext: KeyContext {
        switch self {
        case .overview: .overview
        case .detail: .detail
        case .logs: .logs
        case .timeline: .timeline
        case .help: .global
        }
    }
}

/// The state of the logs screen.
public struct LogViewState: Sendable, Equatable {
    /// Show new lines as they arrive; off = paused on what is shown.
    public var follow = true
    /// Lines scrolled up from the newest (while paused).
    public var scroll = 0
    /// While paused: how many matching lines existed when the view paused, so new lines do not move it.
    public var pausedCount: Int?
    public var minimumLevel: LogLevel?
    /// Only this node's lines; nil merges every node.
    public var node: String?
    public var search = ""
    public var wrap = false
    public var timestamps = true
    public init() {}
}

/// A confirmation dialog for an action: its preflight arrives asynchronously.
public struct ConfirmDialog: Sendable, Equatable {
    public var action: ClusterAction
    public var preflight: PreflightReport?
    public var headlessCommand: String
    public init(action: ClusterAction, preflight: PreflightReport? = nil, headlessCommand: String) {
        self.action = action
        self.preflight = preflight
        self.headlessCommand = headlessCommand
    }
}

/// A message shown in the footer for a few seconds.
public struct Flash: Sendable, Equatable {
    public var message: String
    public var severity: Severity
    public var until: Date
    public init(message: String, severity: Severity, until: Date) {
        self.message = message
        self.severity = severity
        self.until = until
    }
}

/// Text being typed at the bottom line: a `:` command or a `/` filter or search.
public struct InputLine: Sendable, Equatable {
    public enum Purpose: Sendable, Equatable { case command, filter }
    public var purpose: Purpose
    public var text: String
    /// Candidates for the word being typed (shown above the line; Tab takes the first common part).
    public var completions: [String]
    public init(purpose: Purpose, text: String = "", completions: [String] = []) {
        self.purpose = purpose
        self.text = text
        self.completions = completions
    }
}

/// Everything about what the operator is looking at, apart from the cluster itself.
public struct ViewState: Sendable, Equatable {
    public var screen: ConsoleScreen = .overview
    /// Screens to return to with Esc.
    public var history: [ConsoleScreen] = []
    /// The node selected in the overview.
    public var selectedNode: String?
    /// The node the operator last chose (keys, click): selected again whenever it is visible, across refreshes, sorts
    /// and filters.
    public var chosenNode: String?
    /// The selected row of a node's table (workers, backends, replication clients).
    public var detailRow = 0
    /// 0 = the main list, 1 = the secondary pane (the events strip, the detail's second table).
    public var pane = 0
    /// `/` filter of the overview's node list and the timeline.
    public var filter = ""
    public var logs = LogViewState()
    public var timelineScroll = 0
    public var helpScroll = 0
    public var dialog: ConfirmDialog?
    public var input: InputLine?
    public var flash: Flash?
    /// Why actions are off (`--read-only`, a viewer token); nil when they are on.
    public var readOnlyReason: String?
    /// The zone clocks are shown in.
    public var zone: ClockZone = .local
    public var themeName = "default"
    /// The context watched, when the console has more than one (shown in the header).
    public var contextName: String?
    /// What the overview's trend column plots.
    public var trend: TrendMetric = .requests
    /// Graphs drawn in ASCII: the terminal's locale has no UTF-8.
    public var asciiGraphs = false
    /// Graphs and sparklines zoomed to their samples' range instead of scaled from zero.
    public var zoomedGraphs = false
    /// The overview's sort; nil keeps configuration order within each tier.
    public var sort: OverviewSort?

    public init() {}

    /// The kind of node the keys of this screen act on: the selected node on the overview, the shown node on its detail.
    public func keyKind(in snapshot: ClusterSnapshot) -> NodeKind? {
        switch screen {
        case .overview: selectedNode.flatMap { snapshot.node(named: $0)?.kind }
        case .detail(let name): snapshot.node(named: name)?.kind
        default: nil
        }
    }

    public var isReadOnly: Bool { readOnlyReason != nil }
}
