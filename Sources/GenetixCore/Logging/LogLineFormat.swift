import Foundation

/// The one-line text form of a log entry, for a terminal:
/// `2026-11-26T18:00:00.123Z INFO source: message key=value other="two words"`; for the journal, `journal(_:)`.
/// `LogLineWriter` writes the same lines one after another, as the log writer does.
public enum LogLineFormat {
    /// Formats `entry` (without a trailing newline). Fields come in key order; values with spaces, quotes, `=` or
    /// control characters are quoted, with `"`, `\`, newline, carriage return and tab escaped.
    public static func text(_ entry: LogEntry) -> String {
        var writer = LogLineWriter(journal: false)
        writer.append(entry)
        return writer.output.withBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// The journald form: `<6>source: message key=value` — the syslog priority prefix (so `journalctl -p err`
    /// filters), and no timestamp (the journal stamps every line itself).
    public static func journal(_ entry: LogEntry) -> String {
        var writer = LogLineWriter(journal: true)
        writer.append(entry)
        return writer.output.withBytes { String(decoding: $0, as: UTF8.self) }
    }
}

/// Writes log lines one after another into one buffer, each in `LogLineFormat`'s text or journal form: the log
/// store's writer, which formats a line per proxied request on a busy balancer.
///
/// Byte by byte through a `ByteWriter`, with the timestamp's text up to the seconds made once per second; an access
/// record's line is written straight from its figures, never made into an entry first.
public struct LogLineWriter: ~Copyable {
    /// The lines written so far.
    public private(set) var output: ByteWriter
    /// The journal form (true) or the text form.
    public let journal: Bool
    private var stamper = ISO8601Timestamp.Stamper()

    /// A writer of lines in the journal form or the text form, with room for `capacity` bytes before it grows.
    public init(journal: Bool, capacity: Int = 256) {
        self.journal = journal
        output = ByteWriter(capacity: capacity)
    }

    /// Appends `entry`'s line, without a newline.
    public mutating func append(_ entry: LogEntry) {
        appendPrefix(entry.level, time: entry.time.timeIntervalSince1970)
        output.append(utf8: entry.source)
        output.append(0x3A, 0x20)  // ": "
        output.append(utf8: entry.message)
        for (key, value) in entry.fields {  // already in key order (`LogFields`)
            output.append(0x20)
            output.append(utf8: key)
            output.append(0x3D)  // =
            appendValue(value)
        }
    }

    /// Appends the line of `record` logged under `source`, without a newline: the same bytes as the line of its
    /// entry (`record.entry(seq:source:)`), with the fields in `RequestRecord.forEachField`'s order.
    public mutating func append(_ record: borrowing RequestRecord, source: String) {
        appendPrefix(record.level, time: record.time)
        output.append(utf8: source)
        output.append(0x3A, 0x20)  // ": "
        output.append(utf8: record.method)
        output.append(0x20)
        output.append(utf8: record.path)
        output.append(0x20)
        output.appendDecimal(record.status)
        record.forEachField { key, value in
            output.append(0x20)
            output.append(key)
            output.append(0x3D)  // =
            switch value {
            case .text(let text): appendValue(text)
            case .number(let number): output.appendDecimal(number)
            case .milliseconds(let micros): RequestRecord.appendMilliseconds(micros, to: &output)
            }
        }
    }

    /// Ends the line with a newline.
    public mutating func endLine() { output.append(0x0A) }

    /// Forgets the lines written, keeping the memory.
    public mutating func removeAll() { output.removeAll() }

    /// Text: `2026-11-26T18:00:00.123Z INFO `. Journal: `<6>`.
    private mutating func appendPrefix(_ level: LogLevel, time: Double) {
        if journal {
            output.append(0x3C)  // <
            output.append(0x30 &+ UInt8(clamping: JournalStream.priority(level)), 0x3E)  // N>
            return
        }
        stamper.append(time, to: &output)
        output.append(0x20)
        output.append(Self.upperName(level))
        output.append(0x20)
    }

    private static func upperName(_ level: LogLevel) -> StaticString {
        switch level {
        case .trace: "TRACE"
        case .debug: "DEBUG"
        case .info: "INFO"
        case .notice: "NOTICE"
        case .warn: "WARN"
        case .error: "ERROR"
        case .critical: "CRITICAL"
        }
    }

    private mutating func appendValue(_ value: String) {
        let done: Void? = value.utf8.withContiguousStorageIfAvailable { appendValue(UnsafeRawBufferPointer($0)) }
        if done == nil { Array(value.utf8).withUnsafeBytes { appendValue($0) } }
    }

    /// A value as it is when nothing in it needs quoting; else quoted, with `"`, `\`, newline, return and tab escaped.
    private mutating func appendValue(_ utf8: UnsafeRawBufferPointer) {
        guard utf8.isEmpty || utf8.contains(where: Self.needsQuotes) else {
            output.append(utf8)
            return
        }
        output.reserve(utf8.count &* 2 &+ 2)
        output.append(0x22)
        for byte in utf8 {
            switch byte {
            case 0x22: output.append(0x5C, 0x22)  // \"
            case 0x5C: output.append(0x5C, 0x5C)  // \\
            case 0x0A: output.append(0x5C, 0x6E)  // \n
            case 0x0D: output.append(0x5C, 0x72)  // \r
            case 0x09: output.append(0x5C, 0x74)  // \t
            default: output.append(byte)
            }
        }
        output.append(0x22)
    }

    /// Space, `"`, `=`, newline, carriage return, tab: one load per byte, as every value of every line is scanned.
    @inline(__always)
    static func needsQuotes(_ byte: UInt8) -> Bool { quotedBytes.utf8Start[Int(byte)] == 0x31 }

    /// `1` at the offset of each byte that makes a value quoted, `0` elsewhere (the tests check all 256).
    private static var quotedBytes: StaticString {
        """
        0000000001100100000000000000000010100000000000000000000000000100\
        0000000000000000000000000000000000000000000000000000000000000000\
        0000000000000000000000000000000000000000000000000000000000000000\
        0000000000000000000000000000000000000000000000000000000000000000
        """
    }
}
