/// Reads durations as people type them on a command line: `500ms`, `30s`, `1.5s`, `10m`, `1h`, `1h30m`, `2d`,
/// `250us`/`250µs`, `10ns`.
public enum DurationText {
    /// What a valid value looks like, for error messages.
    public static let expectation = "a duration such as 500ms, 10s, 10m or 1h"

    private static let nanosecondsPerUnit: [String: Double] = [
        "ns": 1, "us": 1e3, "µs": 1e3, "ms": 1e6, "s": 1e9, "m": 60e9, "h": 3600e9, "d": 86400e9,
    ]

    /// The duration `text` denotes (spaces around it ignored, units in any case); negative durations are rejected.
    public static func parse(_ text: String) throws(DurationTextError) -> Duration {
        let trimmed = String(text.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
        guard !trimmed.isEmpty else { throw .malformed(text) }
        var total = 0.0
        var rest = Substring(trimmed)
        while !rest.isEmpty {
            let numberEnd = rest.firstIndex { !($0.isASCII && ($0.isNumber || $0 == ".")) } ?? rest.endIndex
            let numberText = rest[rest.startIndex..<numberEnd]
            guard let number = Double(numberText), !numberText.isEmpty else { throw .malformed(text) }
            rest = rest[numberEnd...]
            let unitEnd = rest.firstIndex { $0.isASCII && ($0.isNumber || $0 == ".") } ?? rest.endIndex
            let unit = String(rest[rest.startIndex..<unitEnd])
            rest = rest[unitEnd...]
            guard !unit.isEmpty else { throw .missingUnit(text) }
            guard let scale = nanosecondsPerUnit[unit.lowercased()] else { throw .unknownUnit(text: text, unit: unit) }
            total += number * scale
        }
        guard total.isFinite, total < 9.2e18 else { throw .malformed(text) }
        return .nanoseconds(Int64(total.rounded()))
    }
}

/// Why a duration could not be read from text.
public enum DurationTextError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text is empty or not a number followed by a unit.
    case malformed(String)
    /// A number lacks its unit, e.g. `10`.
    case missingUnit(String)
    /// The unit is not one of ns, us, µs, ms, s, m, h, d.
    case unknownUnit(text: String, unit: String)

    public var description: String {
        switch self {
        case .malformed(let t): "'\(t)' is not a duration: write a number and a unit, e.g. 500ms, 30s, 10m, 1h, 1h30m"
        case .missingUnit(let t): "'\(t)' has no unit: write \(t)s for seconds or \(t)m for minutes (units: ms, s, m, h, d)"
        case .unknownUnit(let t, let u): "'\(t)' uses the unknown unit '\(u)': use ns, us, ms, s, m, h or d"
        }
    }
}
