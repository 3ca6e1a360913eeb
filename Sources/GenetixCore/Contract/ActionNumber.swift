/// The numbers any admin action body may carry, whatever the field, and the checked conversions from JSON's doubles.
///
/// JSON numbers arrive as `Double`. Beyond 2^53 they are no longer exact integers, and `Int(x)` of a double beyond
/// `Int.max` traps; `-0` and values like `1e-300` are legal JSON that no operator means. So every number is screened
/// once, when an `ActionBody` is built, and each reader narrows it to its field's own range.
public enum ActionNumber {
    /// 2^53: the largest magnitude up to which every integer is exact as a double.
    public static let largestMagnitude: Double = 9_007_199_254_740_992
    /// Non-zero numbers smaller than this in magnitude are refused (`1e-300`): no setting has a finer resolution.
    public static let smallestNonZeroMagnitude: Double = 1e-6
    /// The integers any action body allows.
    public static let integerRange: ClosedRange<Int> = -9_007_199_254_740_992...9_007_199_254_740_992

    /// Why `n` is no number an action can mean, or nil when it is one.
    public static func problem(_ n: Double) -> String? {
        if !n.isFinite { return "must be a finite number" }
        if n == 0 && n.sign == .minus { return "must not be -0 (write 0)" }
        if n.magnitude > largestMagnitude { return "must be at most 2^53 (9007199254740992) in magnitude (got \(text(n)))" }
        if n != 0 && n.magnitude < smallestNonZeroMagnitude { return "must be 0 or at least 1e-06 in magnitude (got \(text(n)))" }
        return nil
    }

    /// `n` as an `Int` when it is a screened, integral number; nil for fractions and anything `problem` refuses.
    public static func integer(_ n: Double) -> Int? {
        guard problem(n) == nil, n.rounded(.towardZero) == n else { return nil }
        return Int(n)
    }

    /// The first unacceptable number inside `value` (depth first, object keys sorted), with its dotted path.
    static func firstProblem(in value: JSONValue, path: String) -> (path: String, problem: String)? {
        switch value {
        case .number(let n): return problem(n).map { (path, $0) }
        case .array(let items):
            for (index, item) in items.enumerated() {
                if let found = firstProblem(in: item, path: "\(path)[\(index)]") { return found }
            }
            return nil
        case .object(let o):
            for key in o.keys.sorted() {
                if let found = firstProblem(in: o[key]!, path: "\(path).\(key)") { return found }
            }
            return nil
        case .null, .bool, .string: return nil
        }
    }

    /// A number as an operator would write it: `64`, `0.5`, `1e+19`.
    public static func text(_ n: Double) -> String {
        if n.isFinite, n.rounded() == n, n.magnitude < 1e15 { return String(Int64(n)) }
        return "\(n)"
    }
}
