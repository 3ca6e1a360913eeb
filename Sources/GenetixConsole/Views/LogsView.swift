import Foundation
import GenetixCore

/// Logs of every node merged in time order (or one node's), following or paused, filtered by level, with search
/// matches highlighted.
public enum LogsView {
    /// The entries the logs screen shows, oldest first, after the node and level filters.
    public static func filteredEntries(_ snapshot: ClusterSnapshot, _ logs: LogViewState) -> [LogEntry] {
        snapshot.logs.filter { entry in
            (logs.node == nil || entry.node == logs.node) && (logs.minimumLevel.map { entry.level >= $0 } ?? true)
        }
    }

    /// Whether an entry matches the search text (case-insensitive, in the message, source or fields).
    public static func matches(_ entry: LogEntry, _ search: String) -> Bool {
        guard !search.isEmpty else { return false }
        return line(entry, timestamps: false, zone: .utc).lowercased().contains(search.lowercased())
    }

    /// The index one past the last entry shown.
    public static func endIndex(count: Int, _ logs: LogViewState) -> Int {
        logs.follow ? count : max(0, min(count, (logs.pausedCount ?? count) - logs.scroll))
    }

    /// One entry as plain text: `14:03:05.123 app-1 worker-2 WARN message k=v`.
    public static func line(_ entry: LogEntry, timestamps: Bool, zone: ClockZone) -> String {
        var text = ""
        if timestamps { text += Format.clock(entry.time, zone: zone, milliseconds: true) + " " }
        text += CharacterWidth.pad(entry.node ?? "?", to: 8) + " " + CharacterWidth.pad(entry.source, to: 10) + " "
        text += CharacterWidth.pad(label(entry.level), to: 5) + " " + entry.message
        for (key, value) in entry.fields { text += " \(key)=\(value)" }  // in key order
        return text
    }

    static func draw(into buffer: inout ScreenBuffer, area: ContentArea, _ snapshot: ClusterSnapshot, _ state: ViewState, theme: Theme) {
        let logs = state.logs
        let entries = filteredEntries(snapshot, logs)
        let matchCount = logs.search.isEmpty ? 0 : entries.filter { matches($0, logs.search) }.count
        var title = "Logs — \(logs.node ?? "all nodes") · \(entries.count) line\(entries.count == 1 ? "" : "s") · \(logs.follow ? "following" : "paused")"
        title += " · level ≥ \(logs.minimumLevel?.rawValue ?? "all")"
        if !logs.search.isEmpty { title += " · \"\(logs.search)\" \(matchCount) match\(matchCount == 1 ? "" : "es")" }
        if logs.wrap { title += " · wrap" }
        buffer.rule(row: area.top, column: 0, width: area.width, style: theme[.border], title: title, titleStyle: theme[.title])
        let height = area.height - 1
        let width = area.width - 1
        var rows: [(entry: LogEntry, text: String, first: Bool)] = []
        var index = endIndex(count: entries.count, logs)
        while index > 0, rows.count < height {
            index -= 1
            let text = line(entries[index], timestamps: logs.timestamps, zone: state.zone)
            var pieces = [text]
            if logs.wrap { pieces = wrap(text, width: width, indent: logs.timestamps ? 13 : 0) }
            for (i, piece) in pieces.enumerated().reversed() { rows.insert((entries[index], piece, i == 0), at: 0) }
        }
        rows = Array(rows.suffix(height))
        if entries.isEmpty {
            buffer.write(snapshot.logs.isEmpty ? "No log lines received yet." : "No line at this level.", row: area.top + 1, column: 1,
                         style: theme[.dim])
        }
        for (i, r) in rows.enumerated() {
            let row = area.top + 1 + i
            let levelStyle = theme.style(for: r.entry.level)
            let base = r.entry.level >= .warn ? levelStyle : theme[.text]
            buffer.write(r.text, row: row, column: 1, style: base, highlighting: logs.search, highlight: theme[.match], limit: width)
            if r.first {
                // Colour the time dim and the level in its own colour.
                let timeWidth = logs.timestamps ? 12 : 0
                if timeWidth > 0 { buffer.restyle(row: row, column: 1, width: timeWidth) { _ in theme[.dim] } }
                let levelColumn = 1 + (logs.timestamps ? 13 : 0) + 9 + 11
                buffer.restyle(row: row, column: levelColumn, width: 5) { _ in levelStyle }
            }
        }
    }

    /// A level in at most five letters.
    static func label(_ level: LogLevel) -> String {
        switch level {
        case .notice: "NOTE"
        case .critical: "CRIT"
        default: level.rawValue.uppercased()
        }
    }

    /// Splits a line into pieces of `width` columns, continuation pieces indented.
    static func wrap(_ text: String, width: Int, indent: Int) -> [String] {
        guard width > indent + 10 else { return [text] }
        var pieces: [String] = []
        var rest = Substring(text)
        var first = true
        while !rest.isEmpty {
            let room = first ? width : width - indent
            let cut = CharacterWidth.prefix(of: rest, fitting: room)
            pieces.append((first ? "" : String(repeating: " ", count: indent)) + cut.text)
            rest = rest.dropFirst(cut.text.count)
            first = false
            if cut.text.isEmpty { break }
        }
        return pieces
    }
}
