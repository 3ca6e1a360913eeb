import Foundation

/// The one-line text form of a log entry, for a terminal:
/// `2026-11-26T18:00:00.123Z INFO source: message key=value other="two words"`; for the journal, `journal(_:)`.
///
/// Written byte by byte into the caller's buffer: the log writer formats one line per access record (tens of
/// thousands a second on a busy balancer), and a `Character`-level scan and a sorted key array of `String`s per line
/// were a visible share of its time.
public enum LogLineFormat {
    /// Formats `entry` (without a trailing newline). Fields are sorted by key; values with spaces, quotes, `=` or
    /// control characters are quoted, with `"`, `\`, newline, carriage return and tab escaped.
    public static func text(_ entry: LogEntry) -> String {
        var line: [UInt8] = []
        appendText(entry, to: &line)
        return String(decoding: line, as: UTF8.self)
    }

    /// The journald form: `<6>source: message key=value` — the syslog priority prefix (so `journalctl -p err`
    /// filters), and no timestamp (the journal stamps every line itself).
    public static func journal(_ entry: LogEntry) -> String {
        var line: [UInt8] = []
        appendJournal(entry, to: &line)
        return String(decoding: line, as: UTF8.self)
    }

    /// Appends `text(entry)`'s bytes to `out`.
    public static func appendText(_ entry: LogEntry, to out: inout [UInt8]) {
        ISO8601Timestamp.append(entry.time, to: &out)
        out.append(0x20)
        for byte in entry.level.rawValue.utf8 { out.append(byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte) }
        out.append(0x20)
        appendBody(entry, to: &out)
    }

    /// Appends `journal(entry)`'s bytes to `out`.
    public static func appendJournal(_ entry: LogEntry, to out: inout [UInt8]) {
        out.append(0x3C)  // <
        out.append(0x30 + UInt8(clamping: JournalStream.priority(entry.level)))
        out.append(0x3E)  // >
        appendBody(entry, to: &out)
    }

    /// `source: message key=value …`.
    private static func appendBody(_ entry: LogEntry, to out: inout [UInt8]) {
        out.append(contentsOf: entry.source.utf8)
        out.append(0x3A)
        out.append(0x20)
        out.append(contentsOf: entry.message.utf8)
        guard !entry.fields.isEmpty else { return }
        // The pairs sorted once, not the keys sorted and each looked up again: half the hashing of a line.
        for (key, value) in entry.fields.sorted(by: { precedes($0.key, $1.key) }) {
            out.append(0x20)
            out.append(contentsOf: key.utf8)
            out.append(0x3D)  // =
            appendValue(value, to: &out)
        }
    }

    /// Byte order, the same order as `String`'s `<` for the ASCII names fields have, at a fraction of its cost: the
    /// first bytes decide most pairs (an access line's nine names start with seven letters), `memcmp` the rest.
    private static func precedes(_ a: String, _ b: String) -> Bool {
        let first = (a.utf8.first ?? 0, b.utf8.first ?? 0)
        if first.0 != first.1 { return first.0 < first.1 }
        var a = a, b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                let common = min(x.count, y.count)
                let order = common == 0 ? 0 : memcmp(x.baseAddress!, y.baseAddress!, common)
                return order != 0 ? order < 0 : x.count < y.count
            }
        }
    }

    private static func appendValue(_ value: String, to out: inout [UInt8]) {
        let utf8 = value.utf8
        guard utf8.isEmpty || utf8.contains(where: needsQuotes) else {
            out.append(contentsOf: utf8)
            return
        }
        out.append(0x22)
        for byte in utf8 {
            switch byte {
            case 0x22: out.append(0x5C); out.append(0x22)  // \"
            case 0x5C: out.append(0x5C); out.append(0x5C)  // \\
            case 0x0A: out.append(0x5C); out.append(0x6E)  // \n
            case 0x0D: out.append(0x5C); out.append(0x72)  // \r
            case 0x09: out.append(0x5C); out.append(0x74)  // \t
            default: out.append(byte)
            }
        }
        out.append(0x22)
    }

    /// Space, `"`, `=`, newline, carriage return, tab.
    @inline(__always)
    private static func needsQuotes(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x22 || byte == 0x3D || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}
