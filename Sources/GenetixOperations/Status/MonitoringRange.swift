/// A threshold range in the Monitoring Plugins syntax (the Nagios plugin guidelines, "Threshold and ranges"):
/// `10` alerts outside 0…10, `10:` below 10, `~:10` above 10, `10:20` outside 10…20, `@10:20` inside 10…20
/// (ends inclusive). Numbers may be negative or decimal.
public struct MonitoringRange: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The lower end (nil: −∞, written `~`).
    public var start: Double?
    /// The upper end (nil: +∞, an empty end).
    public var end: Double?
    /// `@`: alert when the value is inside the range instead of outside.
    public var inside: Bool
    /// The text it was parsed from, for perfdata and messages.
    public var description: String

    /// Parses `text`; throws naming what is wrong with it.
    public init(parsing text: String) throws(MonitoringRangeError) {
        description = text
        var body = Substring(text)
        inside = body.hasPrefix("@")
        if inside { body = body.dropFirst() }
        guard !body.isEmpty else { throw .empty(text) }
        let startText: Substring, endText: Substring
        if let colon = body.firstIndex(of: ":") {
            startText = body[..<colon]
            endText = body[body.index(after: colon)...]
            guard !endText.contains(":") else { throw .malformed(text, "more than one ':'") }
        } else {
            startText = "0"
            endText = body
        }
        switch startText {
        case "~": start = nil
        case "": start = 0
        default:
            guard let value = Double(startText), value.isFinite else { throw .malformed(text, "'\(startText)' is not a number or ~") }
            start = value
        }
        if endText.isEmpty {
            end = nil
        } else {
            guard let value = Double(endText), value.isFinite else { throw .malformed(text, "'\(endText)' is not a number") }
            end = value
        }
        if let start, let end, start > end { throw .malformed(text, "the start \(start) is above the end \(end)") }
    }

    /// Whether `value` raises the alert this range stands for.
    public func alerts(_ value: Double) -> Bool {
        let within = (start.map { value >= $0 } ?? true) && (end.map { value <= $0 } ?? true)
        return inside ? within : !within
    }
}

/// A `-w` or `-c` value that is not a range.
public enum MonitoringRangeError: Error, Sendable, Equatable, CustomStringConvertible {
    case empty(String)
    case malformed(String, String)

    public var description: String {
        switch self {
        case .empty(let text): "'\(text)' is an empty range; write e.g. 10, 10:, ~:10, 10:20 or @10:20"
        case .malformed(let text, let why): "'\(text)' is not a range (\(why)); write e.g. 10, 10:, ~:10, 10:20 or @10:20"
        }
    }
}

/// `-w` / `-c` ranges for one metric, replacing the configuration's levels for it (either may be absent: the
/// configuration's level then stays). Values are in the metric's perfdata unit: `errorRate` in percent.
public struct CheckRanges: Sendable, Equatable {
    /// The metric: `p99Ms`, `errorRate`, `cpuPercent`, `lagBytes`, `unavailable` or `unreachable`.
    public var metric: String
    public var warn: MonitoringRange?
    public var crit: MonitoringRange?

    /// The metrics `--metric` accepts.
    public static let metrics = ["p99Ms", "errorRate", "cpuPercent", "lagBytes", "unavailable", "unreachable"]

    public init(metric: String, warn: MonitoringRange?, crit: MonitoringRange?) {
        self.metric = metric
        self.warn = warn
        self.crit = crit
    }

    /// The severity of `value` (in the metric's own unit; `errorRate` as a 0…1 ratio) with `levels` for the ends
    /// not given.
    public func severity(of value: Double, levels: CheckThresholds.Levels) -> CheckSeverity {
        let shown = metric == "errorRate" ? value * 100 : value
        if let crit { if crit.alerts(shown) { return .critical } } else if value >= levels.crit { return .critical }
        if let warn { if warn.alerts(shown) { return .warning } } else if value >= levels.warn { return .warning }
        return .ok
    }
}
