/// The one-line text form of a log entry, for a terminal:
/// `2026-11-26T18:00:00.123Z INFO source: message key=value other="two words"`; for the journal, `journal(_:)`.
public enum LogLineFormat {
    /// Formats `entry` (without a trailing newline). Fields are sorted by key; values with spaces, quotes or `=` are quoted.
    public static func text(_ entry: LogEntry) -> String {
        var line = "\(GenetixJSON.format(entry.time)) \(entry.level.rawValue.uppercased()) \(entry.source): \(entry.message)"
        for key in entry.fields.keys.sorted() {
            line += " \(key)=\(quoted(entry.fields[key]!))"
        }
        return line
    }

    /// The journald form: `<6>source: message key=value` — the syslog priority prefix (so `journalctl -p err`
    /// filters), and no timestamp (the journal stamps every line itself).
    public static func journal(_ entry: LogEntry) -> String {
        var line = "<\(JournalStream.priority(entry.level))>\(entry.source): \(entry.message)"
        for key in entry.fields.keys.sorted() {
            line += " \(key)=\(quoted(entry.fields[key]!))"
        }
        return line
    }

    private static func quoted(_ value: String) -> String {
        let needsQuotes = value.isEmpty || value.contains { $0 == " " || $0 == "\"" || $0 == "=" || $0 == "\n" || $0 == "\t" }
        guard needsQuotes else { return value }
        var out = "\""
        for ch in value {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.append(ch)
            }
        }
        return out + "\""
    }
}
