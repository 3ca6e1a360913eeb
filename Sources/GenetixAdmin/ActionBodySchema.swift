import GenetixCore

/// Builds the JSON Schema of an action body for the OpenAPI document, with the same ranges the action's
/// `ActionBody` readers enforce (`minimum` / `maximum`), so a client and the property tests can read them.
public enum ActionBodySchema {
    /// An object with these properties, of which `required` must be present.
    public static func object(_ properties: [String: JSONValue], required: [String] = []) -> JSONValue {
        var schema: [String: JSONValue] = ["type": .string("object"), "properties": .object(properties)]
        if !required.isEmpty { schema["required"] = .array(required.sorted().map { .string($0) }) }
        return .object(schema)
    }

    /// An integer from `range.lowerBound` to `range.upperBound`.
    public static func integer(_ range: ClosedRange<Int>) -> JSONValue {
        .object(["type": .string("integer"), "minimum": .number(Double(range.lowerBound)), "maximum": .number(Double(range.upperBound))])
    }

    /// A number from `range.lowerBound` to `range.upperBound`.
    public static func number(_ range: ClosedRange<Double>) -> JSONValue {
        .object(["type": .string("number"), "minimum": .number(range.lowerBound), "maximum": .number(range.upperBound)])
    }

    /// `true` or `false`.
    public static let boolean: JSONValue = .object(["type": .string("boolean")])

    /// A string.
    public static let string: JSONValue = .object(["type": .string("string")])
}
