/// How a figure prints in a narrow table cell: the figure in its unit, with so many decimals and a suffix (`1.2k` is
/// 1.2 thousand: one decimal, suffix `k`, unit 1000). The one place the thresholds live: the console's `Format`
/// prints `text`, and the status ETag's rounding (`ShownPrecision`, GenetixAdmin) keeps `value`, the quantity that
/// text stands for, so a figure that moves below what is printed never mints a new tag, and one that moves on screen
/// always does.
public struct ShownNumber: Sendable, Equatable {
    /// The figure divided by `unit`.
    public var scaled: Double
    /// Decimals printed.
    public var digits: Int
    /// Printed after the number: `k`, `M`, `ms`, `s`, `%`, `B`, `K`, `G`…
    public var suffix: String
    /// What one of `scaled` is worth: 1000 for `k`, 1024 for `K`, 1000 for seconds shown from milliseconds.
    public var unit: Double

    /// The printed form: `1.2k`, `12ms`, `0.12%`, `23M`.
    public var text: String { NumberText.fixed(scaled, digits) + suffix }

    /// The quantity `text` stands for: the figure rounded as printed (printf's rounding), in the figure's own unit.
    public var value: Double { (Double(NumberText.fixed(scaled, digits)) ?? scaled) * unit }

    /// Requests per second: one decimal below 10 (`0` for none), none below 1000, then thousands (`1.2k`, `12k`)
    /// and millions (`1.2M`). `v` must be finite.
    public static func rate(_ v: Double) -> ShownNumber {
        if v < 10 { return ShownNumber(scaled: v, digits: v == 0 ? 0 : 1, suffix: "", unit: 1) }
        if v < 1000 { return ShownNumber(scaled: v, digits: 0, suffix: "", unit: 1) }
        if v < 10_000 { return ShownNumber(scaled: v / 1000, digits: 1, suffix: "k", unit: 1000) }
        if v < 1_000_000 { return ShownNumber(scaled: v / 1000, digits: 0, suffix: "k", unit: 1000) }
        return ShownNumber(scaled: v / 1_000_000, digits: 1, suffix: "M", unit: 1_000_000)
    }

    /// A latency in milliseconds: one decimal below 10 ms, none below a second, then seconds with two decimals.
    public static func milliseconds(_ v: Double) -> ShownNumber {
        if v < 10 { return ShownNumber(scaled: v, digits: 1, suffix: "ms", unit: 1) }
        if v < 1000 { return ShownNumber(scaled: v, digits: 0, suffix: "ms", unit: 1) }
        return ShownNumber(scaled: v / 1000, digits: 2, suffix: "s", unit: 1000)
    }

    /// A percentage: `0%` for none, two decimals below 1 %, one below 10 %, none above.
    public static func percent(_ v: Double) -> ShownNumber {
        if v == 0 { return ShownNumber(scaled: 0, digits: 0, suffix: "%", unit: 1) }
        if v < 1 { return ShownNumber(scaled: v, digits: 2, suffix: "%", unit: 1) }
        if v < 10 { return ShownNumber(scaled: v, digits: 1, suffix: "%", unit: 1) }
        return ShownNumber(scaled: v, digits: 0, suffix: "%", unit: 1)
    }

    /// A size in bytes: exact below 1 KiB (`512B`), then binary units with one decimal below 10 and none above
    /// (`1.5K`, `23M`, `1.2G`, up to `T`).
    public static func bytes(_ value: Int64) -> ShownNumber {
        let units = ["B", "K", "M", "G", "T"]
        var scaled = Double(value)
        var unit = 0
        var worth = 1.0
        while abs(scaled) >= 1024, unit < units.count - 1 {
            scaled /= 1024
            worth *= 1024
            unit += 1
        }
        if unit == 0 { return ShownNumber(scaled: scaled, digits: 0, suffix: "B", unit: 1) }
        return ShownNumber(scaled: scaled, digits: abs(scaled) < 10 ? 1 : 0, suffix: units[unit], unit: worth)
    }
}
