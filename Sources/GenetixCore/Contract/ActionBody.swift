/// Reads the fields of an action body with errors that name the field; rejects fields the action does not know and
/// numbers no action can mean.
///
/// Every number anywhere in the body is screened when the body is wrapped, before any action looks at it (see
/// `ActionNumber`): `1e19`, `1e308`, `-0`, `1e-300` and integers beyond 2^53 are a 400 naming the top-level field.
/// The readers then narrow each field to its own range (`int(_:in:)`, `double(_:in:)`), and their 400 says which.
public struct ActionBody: Sendable {
    public let fields: [String: JSONValue]

    /// Wraps a parsed body; it must be a JSON object whose keys are all in `allowed`, holding only sane numbers.
    public init(_ value: JSONValue, allowed: Set<String>) throws(ActionError) {
        guard case .object(let o) = value else { throw .badRequest("the body must be a JSON object") }
        for key in o.keys.sorted() where !allowed.contains(key) {
            throw .badRequest("unknown field '\(key)' (expected: \(allowed.sorted().joined(separator: ", ")))", field: key)
        }
        for key in o.keys.sorted() {
            if let (path, problem) = ActionNumber.firstProblem(in: o[key]!, path: key) {
                throw .badRequest("field '\(path)' \(problem)", field: key)
            }
        }
        fields = o
    }

    public func has(_ key: String) -> Bool { if let v = fields[key], v != .null { return true } else { return false } }

    /// An integer anywhere in the range every action body allows (±2^53).
    public func int(_ key: String) throws(ActionError) -> Int? {
        try int(key, in: ActionNumber.integerRange)
    }

    /// An integer in `range`; a fraction, a string or a value outside the range is a 400 naming the field and range.
    public func int(_ key: String, in range: ClosedRange<Int>) throws(ActionError) -> Int? {
        guard let v = fields[key], v != .null else { return nil }
        guard case .number(let n) = v, let i = ActionNumber.integer(n) else {
            throw .badRequest("field '\(key)' must be an integer from \(range.lowerBound) to \(range.upperBound)", field: key)
        }
        guard range.contains(i) else {
            throw .badRequest("field '\(key)' must be an integer from \(range.lowerBound) to \(range.upperBound) (got \(i))", field: key)
        }
        return i
    }

    /// A number anywhere in the range every action body allows.
    public func double(_ key: String) throws(ActionError) -> Double? {
        try double(key, in: -ActionNumber.largestMagnitude...ActionNumber.largestMagnitude)
    }

    /// A number in `range`; anything else is a 400 naming the field and the range.
    public func double(_ key: String, in range: ClosedRange<Double>) throws(ActionError) -> Double? {
        guard let v = fields[key], v != .null else { return nil }
        guard case .number(let n) = v, ActionNumber.problem(n) == nil else {
            throw .badRequest("field '\(key)' must be a number from \(ActionNumber.text(range.lowerBound)) to \(ActionNumber.text(range.upperBound))",
                              field: key)
        }
        guard range.contains(n) else {
            throw .badRequest("field '\(key)' must be a number from \(ActionNumber.text(range.lowerBound)) to "
                              + "\(ActionNumber.text(range.upperBound)) (got \(ActionNumber.text(n)))", field: key)
        }
        return n
    }

    public func bool(_ key: String) throws(ActionError) -> Bool? {
        guard let v = fields[key], v != .null else { return nil }
        guard let b = v.boolValue else { throw .badRequest("field '\(key)' must be true or false", field: key) }
        return b
    }

    public func string(_ key: String) throws(ActionError) -> String? {
        guard let v = fields[key], v != .null else { return nil }
        guard let s = v.stringValue else { throw .badRequest("field '\(key)' must be a string", field: key) }
        return s
    }

    public func object(_ key: String) throws(ActionError) -> [String: JSONValue]? {
        guard let v = fields[key], v != .null else { return nil }
        guard let o = v.objectValue else { throw .badRequest("field '\(key)' must be an object", field: key) }
        return o
    }

    public func require<T>(_ key: String, _ read: (String) throws(ActionError) -> T?) throws(ActionError) -> T {
        guard let v = try read(key) else { throw .badRequest("field '\(key)' is required", field: key) }
        return v
    }
}
