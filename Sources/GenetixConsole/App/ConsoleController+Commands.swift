import Foundation
import GenetixCore
import GenetixOperations

extension ConsoleController {
    /// Refresh intervals `[` and `]` step through.
    static let refreshSteps: [Duration] = [.milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5), .seconds(10)]

    /// Runs a key's command.
    mutating func run(_ command: ConsoleCommand) -> [ConsoleEffect] {
        let page = max(1, size.rows - 6)
        switch command {
        case .moveUp: move(by: -1)
        case .moveDown: move(by: 1)
        case .pageUp: move(by: -page)
        case .pageDown: move(by: page)
        case .top: move(by: -100_000)
        case .bottom: move(by: 100_000)
        case .open:
            if state.screen == .overview, let node = state.selectedNode, state.pane == 0 { show(.detail(node: node)) }
        case .back: back()
        case .nextPane, .previousPane: state.pane = (state.pane + 1) % 2
        case .quit: return [.quit]
        case .showLogs:
            if case .detail(let node) = state.screen { state.logs.node = node } else if state.screen != .logs { state.logs.node = nil }
            show(.logs)
        case .showTimeline:
            state.filter = ""
            show(.timeline)
        case .showHelp: show(.help)
        case .commandLine: state.input = InputLine(purpose: .command, completions: commandLine.completions(for: ""))
        case .filter:
            state.input = InputLine(purpose: .filter, text: state.screen == .logs ? state.logs.search : state.filter)
        case .slowerRefresh, .fasterRefresh:
            let steps = Self.refreshSteps
            let current = snapshot.refreshInterval
            let next = command == .fasterRefresh ? steps.last { $0 < current } ?? steps[0] : steps.first { $0 > current } ?? steps.last!
            return [.setRefresh(next)]
        case .setWeight, .purgeCache:
            return askForArgument(command)
        case .scaleUp, .scaleDown, .toggleAutoscale, .rollingRestart, .drainBackend, .enableBackend, .promoteReplica, .rejoinPrimary,
             .followPrimary, .toggleSync, .fencePrimary, .unfencePrimary, .toggleFailover, .toggleStandby:
            guard let action = action(for: command) else { return [] }
            return request(action)
        case .nextSortColumn, .previousSortColumn, .reverseSort:
            changeSort(command)
        case .cycleTrend:
            state.trend = state.trend.next
            flash("Trend column: \(state.trend.title)")
        case .toggleZoom:
            state.zoomedGraphs.toggle()
            flash(state.zoomedGraphs ? "Graphs zoomed to their range" : "Graphs from zero")
        case .toggleFollow:
            if state.logs.follow {
                state.logs.follow = false
                state.logs.pausedCount = LogsView.filteredEntries(snapshot, state.logs).count
                state.logs.scroll = 0
            } else {
                resumeFollowing()
            }
        case .cycleLevel:
            let order: [LogLevel?] = [nil, .debug, .info, .warn, .error]
            let index = order.firstIndex { $0 == state.logs.minimumLevel } ?? 0
            state.logs.minimumLevel = order[(index + 1) % order.count]
            if !state.logs.follow { state.logs.pausedCount = LogsView.filteredEntries(snapshot, state.logs).count; state.logs.scroll = 0 }
        case .nextMatch: jumpToMatch(forward: true)
        case .previousMatch: jumpToMatch(forward: false)
        case .toggleWrap: state.logs.wrap.toggle()
        case .toggleTimestamps: state.logs.timestamps.toggle()
        case .toggleLogScope:
            state.logs.node = state.logs.node == nil ? state.selectedNode : nil
            resumeFollowing()
        case .saveLogs: return [.saveLogs]
        case .writeIncident: return [.writeIncident]
        }
        return []
    }

    /// `<` `>` choose the sort column, `I` reverses it; the selection stays on its node.
    private mutating func changeSort(_ command: ConsoleCommand) {
        let columns = OverviewSort.sortable
        var sort = state.sort ?? OverviewSort(column: 0, descending: false)
        switch command {
        case .reverseSort: sort.descending.toggle()
        default:
            let index = state.sort.flatMap { columns.firstIndex(of: $0.column) } ?? (command == .nextSortColumn ? -1 : 0)
            let next = columns[(index + (command == .nextSortColumn ? 1 : columns.count - 1)) % columns.count]
            // Figures read best largest first; names and age smallest first.
            sort = OverviewSort(column: next, descending: ![0, 3].contains(next))
        }
        state.sort = sort
        flash("Sorted by \(OverviewView.columns[sort.column].title.lowercased()) \(sort.descending ? "descending" : "ascending")")
    }

    private mutating func back() {
        if state.screen == .overview {
            if !state.filter.isEmpty { state.filter = "" }
            state.pane = 0
            return
        }
        state.screen = state.history.popLast() ?? .overview
        state.pane = 0
    }

    private mutating func resumeFollowing() {
        state.logs.follow = true
        state.logs.pausedCount = nil
        state.logs.scroll = 0
    }

    private mutating func move(by delta: Int) {
        switch state.screen {
        case .overview:
            let nodes = OverviewView.visibleNodes(snapshot, state)
            guard !nodes.isEmpty, state.pane == 0 else { return }
            let current = nodes.firstIndex { $0.name == state.selectedNode } ?? 0
            state.selectedNode = nodes[max(0, min(nodes.count - 1, current + delta))].name
            state.chosenNode = state.selectedNode
        case .detail(let name):
            guard let node = snapshot.node(named: name) else { return }
            let count = NodeDetailView.rowCount(node)
            state.detailRow = max(0, min(max(0, count - 1), state.detailRow + delta))
        case .logs:
            let count = LogsView.filteredEntries(snapshot, state.logs).count
            if state.logs.follow {
                guard delta < 0 else { return }
                state.logs.follow = false
                state.logs.pausedCount = count
            }
            state.logs.scroll = max(0, min(max(0, (state.logs.pausedCount ?? count) - 1), state.logs.scroll - delta))
        case .timeline:
            let count = TimelineView.visibleEntries(snapshot, filter: state.filter).count
            state.timelineScroll = max(0, min(max(0, count - 1), state.timelineScroll + delta))
        case .help:
            state.helpScroll = max(0, min(HelpView.lines(keyMap: keyMap).count - 1, state.helpScroll + delta))
        }
    }

    /// Scrolls the logs so that the next (or previous) line matching the search is the last one shown.
    private mutating func jumpToMatch(forward: Bool) {
        let search = state.logs.search
        guard !search.isEmpty else {
            flash("No search: press / and type what to look for.", .warn)
            return
        }
        let entries = LogsView.filteredEntries(snapshot, state.logs)
        let total = state.logs.pausedCount ?? entries.count
        let end = LogsView.endIndex(count: entries.count, state.logs)
        // The line now at the bottom is end - 1; "next" goes toward newer lines, "previous" toward older ones.
        let candidates = forward ? Array(end..<min(total, entries.count)) : Array((0..<max(0, end - 1)).reversed())
        guard let hit = candidates.first(where: { LogsView.matches(entries[$0], search) }) else {
            flash("No \(forward ? "later" : "earlier") line matches \"\(search)\".", .warn)
            return
        }
        state.logs.follow = false
        state.logs.pausedCount = total
        state.logs.scroll = total - (hit + 1)
    }
}
