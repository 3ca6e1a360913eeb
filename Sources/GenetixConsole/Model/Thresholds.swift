/// Warning and critical levels for the figures the console colours. Defaults suit the local cluster; the console
/// configuration may change them.
public struct Thresholds: Sendable, Equatable, Codable {
    /// A pair of levels; a value at or above `crit` is critical, at or above `warn` a warning.
    public struct Levels: Sendable, Equatable, Codable {
        public var warn: Double
        public var crit: Double
        public init(warn: Double, crit: Double) { self.warn = warn; self.crit = crit }
    }

    public var p99Ms = Levels(warn: 250, crit: 1000)
    /// Share of 5xx answers, 0…1.
    public var errorRate = Levels(warn: 0.01, crit: 0.05)
    public var lagBytes = Levels(warn: 1_048_576, crit: 16_777_216)
    public var cpuPercent = Levels(warn: 70, crit: 90)
    /// Workers or backends not serving (down, errored, ejected).
    public var unavailable = Levels(warn: 1, crit: 2)
    /// Seconds without fresh data before a node counts as stale (warn) or unreachable (crit).
    public var staleSeconds = Levels(warn: 5, crit: 15)

    public init() {}
}

/// How bad a figure or a node is.
public enum Severity: Int, Sendable, Comparable, Hashable {
    case ok, warn, crit
    public static func < (a: Severity, b: Severity) -> Bool { a.rawValue < b.rawValue }
}

extension Thresholds.Levels {
    /// The severity of a value against these levels.
    public func severity(of value: Double?) -> Severity {
        guard let value else { return .ok }
        return value >= crit ? .crit : value >= warn ? .warn : .ok
    }
}
