import Foundation
import GenetixCore

/// Short, fixed-style renderings of figures for narrow table cells.
public enum Format {
    // The thresholds of the four below live in `ShownNumber` (GenetixCore), which the status ETag rounds by too.

    /// `0`, `12.3`, `123`, `1.2k`, `12k`, `1.2M`.
    public static func rate(_ value: Double?) -> String {
        guard let v = value, v.isFinite else { return "–" }
        return ShownNumber.rate(v).text
    }

    /// Milliseconds: `0.8ms`, `12ms`, `1.25s`, `–` when unknown.
    public static func milliseconds(_ value: Double?) -> String {
        guard let v = value, v.isFinite else { return "–" }
        return ShownNumber.milliseconds(v).text
    }

    /// A share 0…1 as a percentage: `0%`, `0.12%`, `4.5%`, `100%`.
    public static func percent(ofShare share: Double?) -> String {
        guard let s = share, s.isFinite else { return "–" }
        return percent(s * 100)
    }

    /// A percentage: `0%`, `0.12%`, `4.5%`, `87%`.
    public static func percent(_ value: Double?) -> String {
        guard let v = value, v.isFinite else { return "–" }
        return ShownNumber.percent(v).text
    }

    /// Bytes in binary units: `512B`, `1.5K`, `23M`, `1.2G`.
    public static func bytes(_ value: Int64?) -> String {
        guard let value else { return "–" }
        return ShownNumber.bytes(value).text
    }

    /// An age or uptime: `0s`, `42s`, `3m`, `3m12s` (precise), `2h05m`, `3d4h`.
    public static func duration(_ seconds: Double?, precise: Bool = false) -> String {
        guard let s = seconds, s.isFinite, s >= 0 else { return "–" }
        let total = Int(s)
        if total < 60 { return "\(total)s" }
        if total < 3600 { return precise ? "\(total / 60)m\(NumberText.padded(total % 60, 2))s" : "\(total / 60)m" }
        if total < 86400 { return "\(total / 3600)h\(NumberText.padded((total % 3600) / 60, 2))m" }
        return "\(total / 86400)d\((total % 86400) / 3600)h"
    }

    /// A refresh interval: `1s`, `250ms`, `1.5s`.
    public static func interval(_ duration: Duration) -> String {
        let ms = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        if ms < 1000 { return NumberText.fixed(ms, 0) + "ms" }
        return ms.truncatingRemainder(dividingBy: 1000) == 0 ? "\(Int(ms / 1000))s" : NumberText.fixed(ms / 1000, 1) + "s"
    }

    /// `HH:mm:ss` (or with milliseconds) in `zone`.
    public static func clock(_ date: Date, zone: ClockZone, milliseconds: Bool = false) -> String {
        CivilTime(date, in: zone).clockText(milliseconds: milliseconds)
    }

    /// `2026-11-26 14:03:05` in `zone`.
    public static func dateTime(_ date: Date, zone: ClockZone) -> String {
        let t = CivilTime(date, in: zone)
        return t.dateText + " " + t.clockText()
    }
}
