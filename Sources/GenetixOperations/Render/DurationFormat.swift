import Foundation
import GenetixCore

/// Short human forms of durations, sizes and rates for tables and messages.
public enum DurationFormat {
    /// `850ms`, `2.5s`, `3m10s`, `2h05m`.
    public static func short(_ duration: Duration) -> String {
        let (s, attos) = duration.components
        let seconds = Double(s) + Double(attos) / 1e18
        return short(seconds: seconds)
    }

    /// Same as `short(_:)` for a number of seconds.
    public static func short(seconds: Double) -> String {
        if seconds < 1 { return "\(Int((seconds * 1000).rounded()))ms" }
        if seconds < 60 { return seconds.rounded() == seconds ? "\(Int(seconds))s" : NumberText.fixed(seconds, 1) + "s" }
        let total = Int(seconds)
        if total < 3600 { return total % 60 == 0 ? "\(total / 60)m" : "\(total / 60)m\(total % 60)s" }
        return "\(total / 3600)h" + NumberText.padded((total % 3600) / 60, 2) + "m"
    }

    /// Milliseconds of a duration, as a Double.
    public static func milliseconds(_ duration: Duration) -> Double {
        let (s, attos) = duration.components
        return Double(s) * 1000 + Double(attos) / 1e15
    }

    /// `512 B`, `1.5 KiB`, `16.0 MiB`, `2.1 GiB`.
    public static func bytes(_ value: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var v = Double(value)
        var unit = 0
        while abs(v) >= 1024, unit < units.count - 1 { v /= 1024; unit += 1 }
        return unit == 0 ? "\(value) B" : NumberText.fixed(v, 1) + " " + units[unit]
    }
}
