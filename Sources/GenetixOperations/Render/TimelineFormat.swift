import Foundation
import GenetixCore

/// Text and JSON forms of merged logs and events.
public enum TimelineFormat {
    /// `2025-05-01T12:00:00.123Z  app-1  worker-2  warn   message  key=value`.
    public static func line(_ e: LogEntry, style: TextStyle = .plain) -> String {
        let level = e.level.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
        let fields = e.fields.keys.sorted().map { "\($0)=\(e.fields[$0]!)" }.joined(separator: " ")
        let severity: CheckSeverity? = e.level >= .error ? .critical : e.level == .warn ? .warning : nil
        let paintedLevel = severity.map { style.paint(level, $0) } ?? level
        return "\(GenetixJSON.format(e.time))  \(e.node ?? "-")  \(e.source)  \(paintedLevel)\(e.message)\(fields.isEmpty ? "" : "  " + style.dim(fields))"
    }

    /// One JSON object per line (the `--json` form of `genetix logs`, also when following).
    public static func jsonLine(_ e: LogEntry) -> String { String(decoding: GenetixJSON.encode(e), as: UTF8.self) }

    /// The events as an aligned table: TIME NODE SEVERITY TYPE ACTOR MESSAGE.
    public static func eventsTable(_ events: [NodeEvent], style: TextStyle = .plain) -> String {
        var table = TextTable(headers: ["TIME", "NODE", "SEVERITY", "TYPE", "ACTOR", "MESSAGE"])
        for e in events {
            let severity: CheckSeverity = e.severity == "crit" ? .critical : e.severity == "warn" ? .warning : .ok
            table.rows.append([.init(GenetixJSON.format(e.time)), .init(e.node ?? "-"), .init(e.severity, severity == .ok ? nil : severity),
                               .init(e.type), .init(e.actor ?? "-"), .init(e.message + (e.target.map { " [\($0)]" } ?? ""))])
        }
        return table.render(style: style)
    }

    /// The `--json` form of `genetix events`: `{"schema": 1, "events": [...]}`.
    public static func eventsJSON(_ events: [NodeEvent]) -> String {
        struct Body: Encodable { var schema = 1; var events: [NodeEvent] }
        return String(decoding: GenetixJSON.encode(Body(events: events), pretty: true), as: UTF8.self) + "\n"
    }
}
