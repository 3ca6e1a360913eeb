import Foundation
import GenetixCore

/// A dead node's recent log lines, read from the central syslog collector's files when its admin API is gone: the
/// collector (rsyslog, docs/deploy.md) stores each node's RFC 5424 lines as `DIRECTORY/NODE/YYYY-MM-DD.log`. Entries
/// read here carry the field `via=collector`, so `genetix logs` and the console show where they came from.
public enum CollectorLogs {
    /// The newest `limit` lines of `node` under `directory` that match `query`, oldest first (the newest day files
    /// first, until enough are found); empty when there is no file.
    public static func read(directory: String, node: String, query: LogQuery, limit: Int = 1000) -> [LogEntry] {
        let folder = (directory as NSString).appendingPathComponent(node)
        let days = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".log") }.sorted(by: >)
        var newestFirst: [LogEntry] = []
        for day in days where newestFirst.count < limit {
            guard let data = FileManager.default.contents(atPath: (folder as NSString).appendingPathComponent(day)) else { continue }
            let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
            for line in lines.reversed() where newestFirst.count < limit {
                if let entry = parse(line, node: node), query.matches(entry) { newestFirst.append(entry) }
            }
        }
        return newestFirst.reversed()
    }

    /// One stored line: `<PRI>1 TIME HOST genetix PROCID SOURCE [genetix@32473 level="…" k="v"…] MESSAGE`; nil for a line
    /// of another program or one that does not parse.
    public static func parse(_ line: Substring, node: String) -> LogEntry? {
        var rest = line[...]
        func token() -> Substring? {
            guard let space = rest.firstIndex(of: " ") else { return nil }
            defer { rest = rest[rest.index(after: space)...] }
            return rest[..<space]
        }
        guard let head = token(), head.hasPrefix("<"), head.hasSuffix(">1"), let priority = Int(head.dropFirst().dropLast(2)),
              let timeText = token(), let time = ISO8601Timestamp.parse(String(timeText)), token() != nil,
              token() == "genetix", token() != nil, let source = token() else { return nil }
        var fields: [String: String] = [:]
        if rest.hasPrefix("[genetix@") {
            guard let parsed = structuredData(&rest) else { return nil }
            fields = parsed
        } else if rest.hasPrefix("- ") {
            rest = rest.dropFirst(2)
        }
        let level = fields.removeValue(forKey: "level").flatMap(LogLevel.init(parsing:)) ?? level(severity: priority % 8)
        fields["via"] = "collector"
        return LogEntry(seq: 0, time: time, level: level, source: String(source), message: String(rest), fields: LogFields(fields), node: node)
    }

    /// `[genetix@N k="v" …] ` at the start of `rest` (escapes `\"`, `\\`, `\]`), consumed.
    private static func structuredData(_ rest: inout Substring) -> [String: String]? {
        guard let firstSpace = rest.firstIndex(of: " ") else { return nil }
        var i = firstSpace
        var fields: [String: String] = [:]
        while i < rest.endIndex, rest[i] == " " {
            i = rest.index(after: i)
            guard let equals = rest[i...].firstIndex(of: "="), rest.index(after: equals) < rest.endIndex,
                  rest[rest.index(after: equals)] == "\"" else { return nil }
            let name = String(rest[i..<equals])
            var value = ""
            var j = rest.index(equals, offsetBy: 2)
            while j < rest.endIndex, rest[j] != "\"" {
                if rest[j] == "\\", rest.index(after: j) < rest.endIndex { j = rest.index(after: j) }
                value.append(rest[j])
                j = rest.index(after: j)
            }
            guard j < rest.endIndex else { return nil }
            fields[name] = value
            i = rest.index(after: j)
        }
        guard i < rest.endIndex, rest[i] == "]" else { return nil }
        rest = rest[rest.index(after: i)...]
        if rest.hasPrefix(" ") { rest = rest.dropFirst() }
        return fields
    }

    private static func level(severity: Int) -> LogLevel {
        switch severity {
        case 0...2: .critical
        case 3: .error
        case 4: .warn
        case 5: .notice
        case 6: .info
        default: .debug
        }
    }
}
