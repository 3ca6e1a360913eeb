import Foundation

/// The one-line text form of a log entry, for a terminal:
/// `2026-11-26T18:00:00.123Z INFO source: message key=value other="two words"`; for the journal, `journal(_:)`.
///
/// Written byte by byte into the caller's buffer: the log writer formats one line per access record (tens of
/// thousands a second on a busy balancer), and a `Character`-level scan and a sort of the fields per line were a
/// visible share of its time (the fields now come in key order: `LogFields`).
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
        appendTextPrefix(entry.time, entry.level, to: &out)
        appendBody(entry, to: &out)
    }

    /// Appends `journal(entry)`'s bytes to `out`.
    public static func appendJournal(_ entry: LogEntry, to out: inout [UInt8]) {
        appendJournalPrefix(entry.level, to: &out)
        appendBody(entry, to: &out)
    }

    /// Appends the text line of `record` logged under `source`: the same bytes as `appendText` of its entry
    /// (`record.entry(seq:source:)`), written straight from the record's figures.
    public static func appendText(_ record: RequestRecord, source: String, to out: inout [UInt8]) {
        appendTextPrefix(Date(timeIntervalSince1970: record.time), record.level, to: &out)
        appendBody(record, source: source, to: &out)
    }

    /// Appends the journal line of `record` logged under `source` (as `appendJournal` of its entry).
    public static func appendJournal(_ record: RequestRecord, source: String, to out: inout [UInt8]) {
        appendJournalPrefix(record.level, to: &out)
        appendBody(record, source: source, to: &out)
    }

    /// `2026-11-26T18:00:00.123Z INFO `.
    private static func appendTextPrefix(_ time: Date, _ level: LogLevel, to out: inout [UInt8]) {
        ISO8601Timestamp.append(time, to: &out)
        out.append(0x20)
        for byte in level.rawValue.utf8 { out.append(byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte) }
        out.append(0x20)
    }

    /// `<6>`.
    private static func appendJournalPrefix(_ level: LogLevel, to out: inout [UInt8]) {
        out.append(0x3C)  // <
        out.append(0x30 + UInt8(clamping: JournalStream.priority(level)))
        out.append(0x3E)  // >
    }

    /// `source: GET /path 200 backend=… bytes=… …`: the fields in key order (`RequestRecord.forEachField`).
    private static func appendBody(_ record: RequestRecord, source: String, to out: inout [UInt8]) {
        out.append(contentsOf: source.utf8)
        out.append(0x3A)
        out.append(0x20)
        out.append(contentsOf: record.method.utf8)
        out.append(0x20)
        out.append(contentsOf: record.path.utf8)
        out.append(0x20)
        NumberText.appendDecimal(record.status, to: &out)
        record.forEachField { key, value in
            out.append(0x20)
            out.append(contentsOf: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
            out.append(0x3D)  // =
            switch value {
            case .text(let text): appendValue(text, to: &out)
            case .number(let number): NumberText.appendDecimal(number, to: &out)
            case .milliseconds(let micros): RequestRecord.appendMilliseconds(micros, to: &out)
            }
        }
    }

    /// `source: message key=value …`.
    private static func appendBody(_ entry: LogEntry, to out: inout [UInt8]) {
        out.append(contentsOf: entry.source.utf8)
        out.append(0x3A)
        out.append(0x20)
        out.append(contentsOf: entry.message.utf8)
        guard !entry.fields.isEmpty else { return }
        for (key, value) in entry.fields {  // already in key order (`LogFields`)
            out.append(0x20)
            out.append(contentsOf: key.utf8)
            out.append(0x3D)  // =
            appendValue(value, to: &out)
        }
    }

    private static func appendValue(_ value: String, to out: inout [UInt8]) {
        var value = value
        value.withUTF8 { appendValue($0, to: &out) }
    }

    /// Over the value's contiguous bytes (`withUTF8` reaches a small string's too), not the byte iterator.
    private static func appendValue(_ utf8: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
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
