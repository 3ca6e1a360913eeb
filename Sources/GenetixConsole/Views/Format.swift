import Foundation

/// Short, fixed-style renderings of figures for narrow table cells.
public enum Format {
    /// `0`, `12.3`, `123`, `1.2k`, `12k`, `1.2M`.
    public static func rate(_ value: Double?) -> String {
        guard let v = value, v.isFinite else { return "–" }
        if v < 10 { return v == 0 ? "0" : String(format: "%.1f", v) }
        if v < 1000 { return String(format: "%.0f", v) }
        if v < 10_000 { return String(format: "%.1fk", v / 1000) }
        if v < 1_000_000 { return String(format: "%.0fk", v / 1000) }
        return String(format: "%.1fM", v / 1_000_000)
    }

    /// Milliseconds: `0.8ms`, `12ms`, `1.25s`, `–` when unknown.
    public static func milliseconds(_ value: Double?) -> String {
        guard let v = value, v.isFinite else { return "–" }
        if v < 10 { return String(format: "%.1fms", v) }
        if v < 1000 { return String(format: "%.0fms", v) }
        return String(format: "%.2fs", v / 1000)
    }

    /// A share 0…1 as a percentage: `0%`, `0.12%`, `4.5%`, `100%`.
    public static func percent(ofShare share: Double?) -> String {
        guard let s = share, s.isFinite else { return "–" }
        return percent(s * 100)
    }

    /// A percentage: `0%`, `0.12%`, `4.5%`, `87%`.
    public static func percent(_ value: Double?) -> String {
        guard let v = value, v.isFinite else { return "–" }
        if v == 0 { return "0%" }
        if v < 1 { return String(format: "%.2f%%", v) }
        if v < 10 { return String(format: "%.1f%%", v) }
        return String(format: "%.0f%%", v)
    }

    /// Bytes in binary units: `512B`, `1.5K`, `23M`, `1.2G`.
    public static func bytes(_ value: Int64?) -> String {
        guard let value else { return "–" }
        let units = ["B", "K", "M", "G", "T"]
        var v = Double(value)
        var unit = 0
        while abs(v) >= 1024, unit < units.count - 1 { v /= 1024; unit += 1 }
        if unit == 0 { return "\(value)B" }
        return abs(v) < 10 ? String(format: "%.1f%@", v, units[unit]) : String(format: "%.0f%@", v, units[unit])
    }

    /// An age or uptime: `0s`, `42s`, `3m`, `3m12s` (precise), `2h05m`, `3d4h`.
    public static func duration(_ seconds: Double?, precise: Bool = false) -> String {
        guard let s = seconds, s.isFinite, s >= 0 else { return "–" }
        let total = Int(s)
        if total < 60 { return "\(total)s" }
        if total < 3600 { return precise ? "\(total / 60)m\(String(format: "%02d", total % 60))s" : "\(total / 60)m" }
        if total < 86400 { return "\(total / 3600)h\(String(format: "%02d", (total % 3600) / 60))m" }
        return "\(total / 86400)d\((total % 86400) / 3600)h"
    }

    /// A refresh interval: `1s`, `250ms`, `1.5s`.
    public static func interval(_ duration: Duration) -> String {
        let ms = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        if ms < 1000 { return String(format: "%.0fms", ms) }
        return ms.truncatingRemainder(dividingBy: 1000) == 0 ? "\(Int(ms / 1000))s" : String(format: "%.1fs", ms / 1000)
    }

    /// `HH:mm:ss` (or with milliseconds) in `timeZone`.
    public static func clock(_ date: Date, timeZone: TimeZone, milliseconds: Bool = false) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.hour, .minute, .second, .nanosecond], from: date)
        let base = String(format: "%02d:%02d:%02d", c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
        return milliseconds ? base + String(format: ".%03d", (c.nanosecond ?? 0) / 1_000_000) : base
    }

    /// `2026-11-26 14:03:05` in `timeZone`.
    public static func dateTime(_ date: Date, timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d ", c.year ?? 0, c.month ?? 0, c.day ?? 0) + clock(date, timeZone: timeZone)
    }
}
