import Foundation
import GenetixCore
import GenetixOperations

/// The console's state machine: turns keys, mouse clicks and command lines into view-state changes and effects.
/// Pure apart from its own state, so it is tested without a terminal or a cluster.
public struct ConsoleController: Sendable {
    public var state: ViewState
    public private(set) var snapshot: ClusterSnapshot
    public let keyMap: KeyMap
    /// Context names offered by `:ctx` (one per configuration).
    public var contexts: [String] = []
    /// Theme names offered by `:theme` completion.
    public var themes: [String]
    /// The terminal size (page moves depend on it).
    public var size: TerminalSize
    /// How long a flashed message stays.
    public var flashSeconds: TimeInterval = 6

    public init(snapshot: ClusterSnapshot, state: ViewState = ViewState(), keyMap: KeyMap = .standard, themes: [String] = [],
                size: TerminalSize = TerminalSize(rows: 24, columns: 80)) {
        self.snapshot = snapshot
        self.state = state
        self.keyMap = keyMap
        self.themes = themes
        self.size = size
        if self.state.selectedNode == nil { self.state.selectedNode = snapshot.nodesByTier.first?.name }
        if self.state.chosenNode == nil { self.state.chosenNode = self.state.selectedNode }
    }

    /// Takes a new snapshot of the cluster, keeping the selection valid.
    public mutating func update(_ snapshot: ClusterSnapshot) {
        self.snapshot = snapshot
        let visible = OverviewView.visibleNodes(snapshot, state)
        // The node the operator chose comes back when a filter shows it again; the selection never stays on a hidden row.
        let wanted = state.chosenNode ?? state.selectedNode
        if let wanted, visible.contains(where: { $0.name == wanted }) { state.selectedNode = wanted; return }
        state.selectedNode = visible.first?.name ?? state.selectedNode
    }

    /// Starts over on another context's cluster: the overview, its first node selected, its own read-only reason.
    public mutating func switchContext(to name: String, snapshot: ClusterSnapshot, readOnlyReason: String?) {
        self.snapshot = snapshot
        state.screen = .overview
        state.history = []
        state.filter = ""
        state.dialog = nil
        state.selectedNode = snapshot.nodesByTier.first?.name
        state.chosenNode = state.selectedNode
        state.readOnlyReason = readOnlyReason
        state.contextName = name
        flash("Context \(name): \(snapshot.nodes.count) nodes")
    }

    /// Renders the current state.
    public func render(theme: Theme) -> ScreenBuffer {
        ConsoleRenderer.render(snapshot, state, theme: theme, size: size, keyMap: keyMap)
    }

    /// Handles one terminal event and returns what the run loop must do.
    public mutating func handle(_ event: TerminalEvent) -> [ConsoleEffect] {
        switch event {
        case .resize(let newSize):
            size = newSize
            return []
        case .mouse(let mouse):
            switch mouse.kind {
            case .wheelUp: return run(.moveUp)
            case .wheelDown: return run(.moveDown)
            case .click: return []
            }
        case .key(let key):
            if state.dialog != nil { return handleDialog(key) }
            if state.input != nil { return handleInput(key) }
            let kind = state.keyKind(in: snapshot)
            guard let command = keyMap.command(for: key, in: state.screen.keyContext, kind: kind) else {
                // A key of another node kind: say what it is for instead of doing nothing.
                if let other = keyMap.bindings.first(where: { $0.context == state.screen.keyContext && $0.keys.contains(key) }),
                   let otherKind = other.kind, let kind {
                    let name = state.screen == .overview ? state.selectedNode ?? "" : HeaderView.title(of: state.screen)
                    flash("\(key) is for \(otherKind.rawValue) nodes (\(other.help.lowercased())); \(name) is \(kind == .app ? "an" : "a") \(kind.rawValue) node.", .warn)
                }
                return []
            }
            return run(command)
        }
    }

    /// A click on a row the last frame marked (`ScreenBuffer.rowTargets`): selects that node or row.
    public mutating func click(target: String) {
        guard state.dialog == nil, state.input == nil else { return }
        switch state.screen {
        case .overview:
            if snapshot.node(named: target) != nil { state.selectedNode = target; state.chosenNode = target; state.pane = 0 }
        case .detail:
            if let index = Int(target) { state.detailRow = index; state.pane = 0 }
        case .timeline:
            if let index = Int(target) { state.timelineScroll = index }
        case .logs, .help:
            break
        }
    }

    /// Shows a message in the footer for a few seconds.
    public mutating func flash(_ message: String, _ severity: Severity = .ok) {
        state.flash = Flash(message: message, severity: severity, until: snapshot.takenAt.addingTimeInterval(flashSeconds))
    }

    /// Fills the open dialog with the preflight of its action.
    public mutating func preflightArrived(for action: ClusterAction, _ preflight: PreflightReport) {
        guard state.dialog?.action == action else { return }
        state.dialog?.preflight = preflight
    }

    /// Records how an operation ended: flashes it and returns the timeline entry to add.
    public mutating func finished(_ action: ClusterAction, _ outcome: ActionEnding, at time: Date) -> TimelineEntry {
        switch outcome {
        case .done(let result):
            flash("✓ " + result.summary)
            return TimelineEntry(time: time, node: action.node, severity: "info", type: "console.action", message: result.summary,
                                 actor: "console")
        case .failed(let message):
            flash("✗ \(action.title) failed: \(message)", .crit)
            return TimelineEntry(time: time, node: action.node, severity: "warn", type: "console.action",
                                 message: "\(action.title) failed: \(message)", actor: "console")
        case .forbidden(let message):
            state.readOnlyReason = "the token of \(action.node) may only read (\(message))"
            flash("✗ \(action.title) refused: \(message); actions are now off", .crit)
            return TimelineEntry(time: time, node: action.node, severity: "warn", type: "console.action",
                                 message: "\(action.title) refused: \(message)", actor: "console")
        }
    }

    /// Opens the confirmation of an action, unless actions are off.
    mutating func request(_ action: ClusterAction) -> [ConsoleEffect] {
        if let reason = state.readOnlyReason {
            flash("Read-only: \(reason). \(action.title) needs an operator token and no --read-only.", .warn)
            return []
        }
        state.dialog = ConfirmDialog(action: action, headlessCommand: action.headlessCommand)
        return [.preflight(action)]
    }

    private mutating func handleDialog(_ key: Key) -> [ConsoleEffect] {
        guard let dialog = state.dialog else { return [] }
        switch key {
        case .character("y"), .character("Y"), .enter:
            guard let preflight = dialog.preflight else {
                flash("Wait for the preflight before confirming.", .warn)
                return []
            }
            if let blocker = preflight.blocker {
                state.dialog = nil
                flash("✗ \(dialog.action.title) cannot run: \(blocker)", .crit)
                return []
            }
            state.dialog = nil
            flash("Running: \(dialog.headlessCommand)")
            return [.perform(dialog.action, dialog.preflight ?? PreflightReport())]
        case .character("F"):
            // The override of a refusal that --force lifts: the same action, forced, on the same road.
            guard let preflight = dialog.preflight, preflight.blocker != nil, preflight.override != nil, let forced = dialog.action.forced else {
                return []
            }
            state.dialog = nil
            flash("Running: \(forced.headlessCommand)", .warn)
            return [.force(forced)]
        case .character("n"), .character("N"), .escape, .character("q"):
            state.dialog = nil
            flash("Cancelled: \(dialog.action.title)", .warn)
            return []
        default:
            return []
        }
    }

    private mutating func handleInput(_ key: Key) -> [ConsoleEffect] {
        guard var input = state.input else { return [] }
        switch key {
        case .escape:
            if input.purpose == .filter { applyFilter("") }
            state.input = nil
            return []
        case .enter:
            state.input = nil
            if input.purpose == .filter { return [] }
            return submit(input.text)
        case .backspace, .delete:
            if input.text.isEmpty {
                state.input = nil
                return []
            }
            input.text.removeLast()
        case .tab where input.purpose == .command:
            input.text = commandLine.complete(input.text)
        case .character(let c):
            input.text.append(c)
        default:
            return []
        }
        input.completions = input.purpose == .command ? commandLine.completions(for: input.text) : []
        state.input = input
        if input.purpose == .filter { applyFilter(input.text) }
        return []
    }

    private mutating func applyFilter(_ text: String) {
        if state.screen == .logs {
            state.logs.search = text
        } else {
            state.filter = text
            update(snapshot)
        }
    }

    /// The command line with what completion can offer now.
    var commandLine: ConsoleCommandLine {
        var backends: [String: [String]] = [:]
        for node in snapshot.nodes where node.kind == .balancer { backends[node.name] = node.status?.backends?.map(\.address) ?? [] }
        return ConsoleCommandLine(nodes: snapshot.nodes.map { ($0.name, $0.kind) }, backends: backends, themes: themes, contexts: contexts)
    }

    private mutating func submit(_ text: String) -> [ConsoleEffect] {
        switch commandLine.parse(text) {
        case .failure(let problem):
            flash(problem.description, .warn)
            return []
        case .success(let parsed):
            switch parsed {
            case .action(let action): return request(action)
            case .theme(let name): return [.setTheme(name)]
            case .context(let name):
                guard let name else {
                    flash("Contexts: " + contexts.map { $0 == state.contextName ? "[\($0)]" : $0 }.joined(separator: " ") + " — :ctx NAME switches")
                    return []
                }
                guard contexts.contains(name) else {
                    flash("No context \(name); contexts: \(contexts.joined(separator: ", ")) (one per --config)", .warn)
                    return []
                }
                return [.switchContext(name)]
            case .refresh(let interval): return [.setRefresh(interval)]
            case .open(let node): show(.detail(node: node))
            case .logs(let node):
                state.logs.node = node
                show(.logs)
            case .timeline: show(.timeline)
            case .help: show(.help)
            case .quit: return [.quit]
            }
            return []
        }
    }

    /// Moves to a screen, remembering where Esc returns to.
    mutating func show(_ screen: ConsoleScreen) {
        guard screen != state.screen else { return }
        state.history.append(state.screen)
        if state.history.count > 20 { state.history.removeFirst() }
        state.screen = screen
        state.pane = 0
        if case .detail = screen { state.detailRow = 0 }
    }
}
