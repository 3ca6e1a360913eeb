import Foundation
import GenetixCore

/// Text and JSON forms of merged logs and events.
public enum TimelineFormat {
    /// `2025-05-01T12:00:00.123Z  app-1  worker-2  warn   message  key=value`.
    public static func line(_ e: LogEntry, style: TextStyle = .plain) -> String {
        let level = e.level.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
        let fields = e.fields.map { "\($0.key)=\($0.value)" }.joined(separator: " ")  // in key order
        let severity: CheckSeverity? = e.level >= .error ? .critical : e.level == .warn ? .warning : nil
        let paintedLevel = severity.map { style.paint(level, $0) } ?? level
        return "\(GenetixJSON.format(e.time))  \(e.node ?? "-")  \(e.source)  \(paintedLevel)\(e.message)\(fields.isEmpty ? "" : "  " + style.dim(fields))"
    }

    /// One JSON object per line (the `--json` form of `genetix logs`, also when following).
    public static func jsonLine(_ e: LogEntry) -> String { String(decoding: GenetixJSON.encode(e), as: UTF8.self) }

    /// The events as an aligned table: TIME NODE SEVERITY TYPE ACTOR MESSAGE; `wide` (`--output wide`) adds each
    /// event's sequence number on its node and its fields (request id, outcome…) as `key=value`.
    public static func eventsTable(_ events: [NodeEvent], style: TextStyle = .plain, wide: Bool = false) -> String {
        var headers = ["TIME", "NODE", "SEVERITY", "TYPE", "ACTOR", "MESSAGE"]
        if wide { headers.insert("SEQ", at: 2); headers.append("FIELDS") }
        var table = TextTable(headers: headers)
        for e in events { table.rows.append(eventRow(e, wide: wide)) }
        return table.render(style: style)
    }

    /// One event as the rows of `eventsTable` have it.
    static func eventRow(_ e: NodeEvent, wide: Bool) -> [TextTable.Cell] {
        let severity: CheckSeverity = e.severity == "crit" ? .critical : e.severity == "warn" ? .warning : .ok
        var row: [TextTable.Cell] = [.init(GenetixJSON.format(e.time)), .init(e.node ?? "-"), .init(e.severity, severity == .ok ? nil : severity),
                                     .init(e.type), .init(e.actor ?? "-"), .init(e.message + (e.target.map { " [\($0)]" } ?? ""))]
        if wide {
            row.insert(.init("\(e.seq)"), at: 2)
            row.append(.init(e.fields.keys.sorted().map { "\($0)=\(e.fields[$0]!)" }.joined(separator: " ")))
        }
        return row
    }

    /// One event as one line of text, for `genetix events --follow` (the table's columns, separated by two spaces).
    public static func eventLine(_ e: NodeEvent, style: TextStyle = .plain, wide: Bool = false) -> String {
        eventRow(e, wide: wide).map { cell in cell.severity.map { style.paint(cell.text, $0) } ?? cell.text }.joined(separator: "  ")
    }

    /// One event as one JSON object on one line (the `--output json` form of `genetix events --follow`).
    public static func eventJSONLine(_ e: NodeEvent) -> String { String(decoding: GenetixJSON.encode(e), as: UTF8.self) }

    /// The `--json` form of `genetix events`: `{"schema": 1, "events": [...]}`.
    public static func eventsJSON(_ events: [NodeEvent]) -> String {
        struct Body: Encodable { var schema = 1; var events: [NodeEvent] }
        return String(decoding: GenetixJSON.encode(Body(events: events), pretty: true), as: UTF8.self) + "\n"
    }
}
