import GenetixCore

/// Figures rounded to the precision the console prints them (its `Format`: `1.2k` requests/s, `0.12%` CPU, `23M`
/// resident, `12ms` p99, `3m` uptime), with printf's own rounding (`NumberText.fixed`, as `Format` uses). Two values
/// with the same rounding print the same text, so a status whose figures differ only below this precision looks the
/// same to an observer: the status ETag (`StatusTagger`) is minted over these, not over the raw samples that move
/// every second on an idle node. A console test holds each rule to `Format`'s (`ShownPrecisionTests`).
public enum ShownPrecision {
    /// As `Format.rate`: one decimal below 10, none below 1000, then thousands (`1.2k`, `12k`) and millions (`1.2M`).
    public static func rate(_ value: Double) -> Double {
        guard value.isFinite else { return value }
        if value < 10 { return value == 0 ? 0 : fixed(value, 1) }
        if value < 1000 { return fixed(value, 0) }
        if value < 10_000 { return fixed(value / 1000, 1) * 1000 }
        if value < 1_000_000 { return fixed(value / 1000, 0) * 1000 }
        return fixed(value / 1_000_000, 1) * 1_000_000
    }

    /// As `Format.milliseconds`: one decimal below 10 ms, none below a second, then seconds with two decimals.
    public static func milliseconds(_ value: Double) -> Double {
        guard value.isFinite else { return value }
        if value < 10 { return fixed(value, 1) }
        if value < 1000 { return fixed(value, 0) }
        return fixed(value / 1000, 2) * 1000
    }

    /// As `Format.percent`: two decimals below 1 %, one below 10 %, none above.
    public static func percent(_ value: Double) -> Double {
        guard value.isFinite, value != 0 else { return value }
        if value < 1 { return fixed(value, 2) }
        if value < 10 { return fixed(value, 1) }
        return fixed(value, 0)
    }

    /// A share 0…1 shown as a percentage (`Format.percent(ofShare:)`), returned as a share.
    public static func share(_ value: Double) -> Double {
        guard value.isFinite else { return value }
        return percent(value * 100) / 100
    }

    /// As `Format.bytes`: exact below 1 KiB, then binary units with one decimal below 10 and none above (`1.5K`, `23M`).
    public static func bytes(_ value: Int64) -> Int64 {
        var scaled = Double(value)
        var unit = 0
        while abs(scaled) >= 1024, unit < 4 { scaled /= 1024; unit += 1 }
        guard unit > 0 else { return value }
        let rounded = abs(scaled) < 10 ? fixed(scaled, 1) : fixed(scaled, 0)
        var result = rounded
        for _ in 0..<unit { result *= 1024 }
        return Int64(exactly: result.rounded()) ?? value
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
