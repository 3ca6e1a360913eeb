import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// RFC 3339 / ISO-8601 timestamps as the admin API writes them: `2026-11-26T21:00:00.123Z`.
///
/// Our own reader and writer rather than Foundation's `Date.ISO8601FormatStyle`: that one builds a Gregorian
/// `Calendar` and loads ICU's data (about 5 MiB resident in every process that decodes a log line), and it is slow
/// on the hot path of structured logging.
public enum ISO8601Timestamp {
    /// `date` in UTC with milliseconds (truncated): `2026-11-26T21:00:00.123Z`; without: `2026-11-26T21:00:00Z`.
    public static func format(_ date: Date, milliseconds: Bool = true) -> String {
        let t = CivilTime(date, in: .utc)
        return t.dateText + "T" + t.clockText(milliseconds: milliseconds) + "Z"
    }

    /// Appends `format(date)` (with milliseconds) to `out`, without building a `String`.
    public static func append(_ date: Date, to out: inout ByteWriter) {
        let t = CivilTime(date, in: .utc)
        guard appendUpToSeconds(t, to: &out) else {
            out.append(utf8: format(date))
            return
        }
        out.appendDigits(t.millisecond, width: 3)
        out.append(0x5A)  // Z
    }

    /// `2026-11-26T21:00:00.`: everything before the milliseconds; false (and nothing written) for a year outside
    /// 0…9999, which only `format` writes.
    private static func appendUpToSeconds(_ t: CivilTime, to out: inout ByteWriter) -> Bool {
        guard (0...9999).contains(t.year) else { return false }
        out.appendDigits(t.year, width: 4)
        out.append(0x2D)  // -
        out.appendDigits(t.month, width: 2)
        out.append(0x2D)
        out.appendDigits(t.day, width: 2)
        out.append(0x54)  // T
        out.appendDigits(t.hour, width: 2)
        out.append(0x3A)  // :
        out.appendDigits(t.minute, width: 2)
        out.append(0x3A)
        out.appendDigits(t.second, width: 2)
        out.append(0x2E)  // .
        return true
    }

    /// Writes the timestamps of many nearby times, as a log writer stamps thousands of lines a second: the text up to
    /// the seconds is made once per second and copied after. The bytes are `append`'s.
    public struct Stamper: ~Copyable {
        private var second: Int64 = .min
        private var prefix = ByteWriter(capacity: 32)

        /// A stamper that has made no text yet.
        public init() {}

        /// Appends `format(Date(timeIntervalSince1970: time))`.
        public mutating func append(_ time: Double, to out: inout ByteWriter) {
            guard let (whole, microsecond) = CivilTime.split(time) else {
                ISO8601Timestamp.append(Date(timeIntervalSince1970: time), to: &out)
                return
            }
            if whole != second {
                prefix.removeAll()
                let civil = CivilTime(Date(timeIntervalSince1970: Double(whole)), in: .utc)
                guard ISO8601Timestamp.appendUpToSeconds(civil, to: &prefix) else {
                    second = .min
                    ISO8601Timestamp.append(Date(timeIntervalSince1970: time), to: &out)
                    return
                }
                second = whole
            }
            prefix.withBytes { out.append($0) }
            out.appendDigits(Int(microsecond / 1000), width: 3)
            out.append(0x5A)  // Z
        }
    }

    /// Reads `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM|±HHMM)`; `t` and `z` may be lower case (RFC 3339 §5.6).
    /// Returns nil for anything else, including impossible dates (`2026-02-30`) and out-of-range fields.
    public static func parse(_ text: String) -> Date? {
        var reader = DigitReader(Array(text.utf8))
        guard let year = reader.number(4), reader.skip("-"), let month = reader.number(2), reader.skip("-"),
              let day = reader.number(2), reader.skip("T") || reader.skip("t"),
              let hour = reader.number(2), reader.skip(":"), let minute = reader.number(2), reader.skip(":"),
              let second = reader.number(2)
        else { return nil }
        var fraction = 0.0
        if reader.skip(".") {
            guard let f = reader.fraction() else { return nil }
            fraction = f
        }
        let offset: Int
        if reader.skip("Z") || reader.skip("z") {
            offset = 0
        } else if let sign = reader.sign(), let oh = reader.number(2) {
            _ = reader.skip(":")
            guard let om = reader.number(2), oh < 24, om < 60 else { return nil }
            offset = sign * (oh * 3600 + om * 60)
        } else {
            return nil
        }
        guard reader.atEnd, (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second <= 60,
              day <= daysIn(month: month, year: year)
        else { return nil }
        let days = daysSince1970(year: year, month: month, day: day)
        let seconds = days * 86400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    /// `+01:00`, `-05:30`, `+00:00`.
    public static func offsetText(_ seconds: Int) -> String {
        let m = abs(seconds) / 60
        return (seconds < 0 ? "-" : "+") + NumberText.padded(m / 60, 2) + ":" + NumberText.padded(m % 60, 2)
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
    static func daysSince1970(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

/// Reads ASCII digits and separators off a byte array, left to right.
private struct DigitReader {
    private let bytes: [UInt8]
    private var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { index == bytes.count }

    /// Exactly `count` digits as a number.
    mutating func number(_ count: Int) -> Int? {
        guard index + count <= bytes.count else { return nil }
        var value = 0
        for b in bytes[index..<index + count] {
            guard b >= 0x30, b <= 0x39 else { return nil }
            value = value * 10 + Int(b - 0x30)
        }
        index += count
        return value
    }

    /// One or more digits after a decimal point, as a fraction of a second (digits past the ninth are read and ignored).
    mutating func fraction() -> Double? {
        var value = 0
        var scale = 1
        var count = 0
        while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
            if count < 9 { value = value * 10 + Int(bytes[index] - 0x30); scale *= 10 }
            count += 1
            index += 1
        }
        return count == 0 ? nil : Double(value) / Double(scale)
    }

    /// `+` → 1, `-` → -1, consumed; nil (nothing consumed) otherwise.
    mutating func sign() -> Int? {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") else { return nil }
        defer { index += 1 }
        return bytes[index] == UInt8(ascii: "+") ? 1 : -1
    }

    /// Consumes `character` if it is next.
    mutating func skip(_ character: Unicode.Scalar) -> Bool {
        guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
        index += 1
        return true
    }
}
