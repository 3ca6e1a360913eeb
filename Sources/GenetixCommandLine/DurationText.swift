/// Reads durations as people type them on a command line: `500ms`, `10s`, `1.5s`, `10m`, `1h`, `1m30s`.
public enum DurationText {
    /// What a valid value looks like, for error messages.
    public static let expectation = "a duration such as 500ms, 10s, 10m or 1h"

    private static let unitNanoseconds: [String: Double] = [
        "ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9, "m": 60e9, "h": 3_600e9, "d": 86_400e9,
    ]

    /// The duration `text` denotes, or nil when it is malformed, has no unit, or is negative.
    public static func parse(_ text: String) -> Duration? {
        var rest = Substring(text)
        var total = 0.0
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let number = rest.prefix { $0.isASCIIDigit || $0 == "." }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { $0.isLetter }
            rest = rest.dropFirst(unit.count)
            guard let value = Double(number), let scale = unitNanoseconds[String(unit)] else { return nil }
            total += value * scale
        }
        guard total.isFinite, total < Double(Int64.max) else { return nil }
        return .nanoseconds(Int64(total.rounded()))
    }
}
