import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The zone a wall-clock time is shown in: UTC, or the machine's local time zone (`TZ`, `/etc/localtime`).
///
/// Broken down by the C library (`gmtime_r`, `localtime_r`) rather than Foundation's `Calendar` and `TimeZone`,
/// which load ICU's data: about 5 MiB of resident memory in a process that only needs a clock.
public enum ClockZone: Sendable, Equatable {
    /// Coordinated Universal Time.
    case utc
    /// The machine's local time zone.
    case local
}

/// A date broken down into calendar fields in a `ClockZone`: what a clock or a log line shows.
public struct CivilTime: Sendable, Equatable {
    /// The year, e.g. 2026.
    public var year: Int
    /// The month, 1…12.
    public var month: Int
    /// The day of the month, 1…31.
    public var day: Int
    /// The hour, 0…23.
    public var hour: Int
    /// The minute, 0…59.
    public var minute: Int
    /// The second, 0…60 (60 only for a leap second).
    public var second: Int
    /// Milliseconds into the second, 0…999 (truncated, as a clock shows them, from the time rounded to the microsecond).
    public var millisecond: Int
    /// Seconds east of UTC in force at that time (0 in UTC, 3600 in CET, -18000 in EST).
    public var utcOffsetSeconds: Int
    /// The zone's abbreviation at that time: `UTC`, `CET`, `CEST`, … (or the offset when the zone has none).
    public var zoneAbbreviation: String

    /// Breaks `date` down in `zone`; a date that is not finite, or beyond ±290 000 years, as 1970-01-01 00:00:00 UTC.
    public init(_ date: Date, in zone: ClockZone) {
        let (whole, fraction) = Self.split(date.timeIntervalSince1970) ?? (0, 0)
        var seconds = time_t(whole)
        var fields = tm()
        switch zone {
        case .utc: _ = gmtime_r(&seconds, &fields)
        case .local: _ = localtime_r(&seconds, &fields)
        }
        year = Int(fields.tm_year) + 1900
        month = Int(fields.tm_mon) + 1
        day = Int(fields.tm_mday)
        hour = Int(fields.tm_hour)
        minute = Int(fields.tm_min)
        second = Int(fields.tm_sec)
        millisecond = Int(fraction / 1000)
        utcOffsetSeconds = Int(fields.tm_gmtoff)
        if zone == .utc {
            zoneAbbreviation = "UTC"
        } else if let name = fields.tm_zone, name.pointee != 0 {
            zoneAbbreviation = String(cString: name)
        } else {
            zoneAbbreviation = ISO8601Timestamp.offsetText(utcOffsetSeconds)
        }
    }

    /// `seconds` since 1970 as whole seconds (rounded down) and microseconds into that second (0…999 999), or nil when
    /// it is not a finite time within ±290 000 years. Whole microseconds first: a `Date` read from "….123Z" holds
    /// 0.12299999… and must still show .123.
    static func split(_ seconds: Double) -> (whole: Int64, microsecond: Int64)? {
        let scaled = (seconds * 1_000_000).rounded()
        guard scaled.magnitude < 9.2e18 else { return nil }
        let (quotient, remainder) = Int64(scaled).quotientAndRemainder(dividingBy: 1_000_000)
        return remainder < 0 ? (quotient - 1, remainder + 1_000_000) : (quotient, remainder)
    }

    /// `14:03:05`, or `14:03:05.123` with milliseconds.
    public func clockText(milliseconds: Bool = false) -> String {
        let base = NumberText.padded(hour, 2) + ":" + NumberText.padded(minute, 2) + ":" + NumberText.padded(second, 2)
        return milliseconds ? base + "." + NumberText.padded(millisecond, 3) : base
    }

    /// `2026-11-26`.
    public var dateText: String {
        NumberText.padded(year, 4) + "-" + NumberText.padded(month, 2) + "-" + NumberText.padded(day, 2)
    }
}
