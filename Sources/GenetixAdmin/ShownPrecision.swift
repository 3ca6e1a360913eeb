import GenetixCore

/// Figures rounded to the precision the console prints them (its `Format`: `1.2k` requests/s, `0.12%` CPU, `23M`
/// resident, `12ms` p99, `3m` uptime), with printf's own rounding: the quantity that `ShownNumber`'s text, which
/// `Format` prints, stands for. Two values with the same rounding print the same text, so a status whose figures
/// differ only below this precision looks the same to an observer: the status ETag (`StatusTagger`) is minted over
/// these, not over the raw samples that move every second on an idle node. A console test holds each rule to
/// `Format`'s (`ShownPrecisionTests`).
public enum ShownPrecision {
    /// As `Format.rate`: `ShownNumber.rate`'s quantity (one decimal below 10, none below 1000, then `1.2k`, `12k`, `1.2M`).
    public static func rate(_ value: Double) -> Double {
        value.isFinite ? ShownNumber.rate(value).value : value
    }

    /// As `Format.milliseconds`: one decimal below 10 ms, none below a second, then seconds with two decimals.
    public static func milliseconds(_ value: Double) -> Double {
        value.isFinite ? ShownNumber.milliseconds(value).value : value
    }

    /// As `Format.percent`: two decimals below 1 %, one below 10 %, none above.
    public static func percent(_ value: Double) -> Double {
        value.isFinite ? ShownNumber.percent(value).value : value
    }

    /// A share 0…1 shown as a percentage (`Format.percent(ofShare:)`), returned as a share.
    public static func share(_ value: Double) -> Double {
        guard value.isFinite else { return value }
        return percent(value * 100) / 100
    }

    /// As `Format.bytes`: exact below 1 KiB, then binary units with one decimal below 10 and none above (`1.5K`, `23M`).
    public static func bytes(_ value: Int64) -> Int64 {
        Int64(exactly: ShownNumber.bytes(value).value.rounded()) ?? value
    }

    /// As `Format.duration`: seconds below a minute, minutes below an hour, hours and minutes below a day, then days
    /// and hours (the rounding is downward, as `Format` truncates).
    public static func duration(_ seconds: Double) -> Double {
        guard seconds.isFinite, seconds >= 0, seconds < Double(Int.max) else { return seconds }
        let total = Int(seconds)
        if total < 60 { return Double(total) }
        if total < 86400 { return Double(total / 60 * 60) }
        return Double(total / 3600 * 3600)
    }

    /// `value` with `digits` decimals, as `NumberText.fixed` prints it.
    public static func fixed(_ value: Double, _ digits: Int) -> Double {
        Double(NumberText.fixed(value, digits)) ?? value
    }
}
