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

/// Short human durations, as in command-line flags (`--since 10m`) and tables: `250ms`, `1.5s`, `2m`, `1h30m`.
public enum DurationText {
    /// Reads `500ms`, `30s`, `1.5s`, `10m`, `1h`, `1h30m`, `2d`, `250us`/`250µs`, `10ns`. Negative durations are rejected.
    public static func parse(_ text: String) throws(DurationTextError) -> Duration {
        let trimmed = text.trimmingSpaces()
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

    /// Formats with at most two units or one decimal: `850ns`, `12.5µs`, `250ms`, `1.5s`, `45s`, `2m`, `2m30s`, `1h30m`, `3d4h`.
    public static func format(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let total = Double(seconds) + Double(attoseconds) / 1e18
        return format(seconds: total)
    }

    /// Formats a number of seconds like `format(_:)`.
    public static func format(seconds: Double) -> String {
        guard seconds.isFinite else { return "∞" }
        if seconds < 0 { return "-" + format(seconds: -seconds) }
        if seconds < 1e-6 { return "\(Int((seconds * 1e9).rounded()))ns" }
        if seconds < 1e-3 { return decimal(seconds * 1e6) + "µs" }
        if seconds < 1 { return decimal(seconds * 1e3) + "ms" }
        if seconds < 60 { return decimal(seconds) + "s" }
        let whole = Int(seconds.rounded())
        if whole < 3600 { return pair(whole / 60, "m", whole % 60, "s") }
        if whole < 86400 { return pair(whole / 3600, "h", (whole % 3600) / 60, "m") }
        return pair(whole / 86400, "d", (whole % 86400) / 3600, "h")
    }

    private static let nanosecondsPerUnit: [String: Double] = [
        "ns": 1, "us": 1e3, "µs": 1e3, "ms": 1e6, "s": 1e9, "m": 60e9, "h": 3600e9, "d": 86400e9,
    ]

    /// One decimal, dropped when it is zero; whole numbers from 100 on.
    private static func decimal(_ v: Double) -> String {
        if v >= 100 { return String(Int(v.rounded())) }
        let tenths = Int((v * 10).rounded())
        return tenths % 10 == 0 ? String(tenths / 10) : "\(tenths / 10).\(tenths % 10)"
    }

    private static func pair(_ a: Int, _ ua: String, _ b: Int, _ ub: String) -> String {
        b == 0 ? "\(a)\(ua)" : "\(a)\(ua)\(b)\(ub)"
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        String(self.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
