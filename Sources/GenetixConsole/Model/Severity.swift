import GenetixOperations

/// How bad a figure or a node is, as the console colours it.
public enum Severity: Int, Sendable, Comparable, Hashable {
    case ok, warn, crit
    public static func < (a: Severity, b: Severity) -> Bool { a.rawValue < b.rawValue }
}

extension CheckThresholds.Levels {
    /// The console's severity of a value against these levels (the same levels `genetix check` judges by); nil is ok.
    public func level(of value: Double?) -> Severity {
        guard let value else { return .ok }
        return switch severity(of: value) {
        case .ok: .ok
        case .warning: .warn
        case .critical, .unknown: .crit
        }
    }
}
