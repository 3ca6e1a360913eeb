import Foundation

/// Any JSON value; used for action bodies and results, where each action checks its own fields.
public enum JSONValue: Codable, Sendable, Equatable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .number(let n):
            if n.rounded() == n, abs(n) < 1e15 { try c.encode(Int64(n)) } else { try c.encode(n) }
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }

    /// Parses JSON bytes; an empty body is an empty object.
    public static func parse(_ bytes: some Collection<UInt8>) throws(ActionError) -> JSONValue {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return .object([:]) }
        if let problem = StrictJSONSyntax.problem(in: bytes) { throw .badRequest("the body is not valid JSON (\(problem))") }
        do { return try JSONDecoder().decode(JSONValue.self, from: Data(bytes)) } catch {
            throw .badRequest("the body is not valid JSON (\(Self.explain(error)))")
        }
    }

    private static func explain(_ error: any Error) -> String {
        if case DecodingError.dataCorrupted(let ctx) = error {
            if let underlying = ctx.underlyingError as NSError?, let d = underlying.userInfo[NSDebugDescriptionErrorKey] as? String { return d }
            return ctx.debugDescription
        }
        return "\(error)"
    }

    public var description: String {
        String(decoding: GenetixJSON.encode(self), as: UTF8.self)
    }

    public var objectValue: [String: JSONValue]? { if case .object(let o) = self { return o } else { return nil } }
    public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
    public var doubleValue: Double? { if case .number(let n) = self { return n } else { return nil } }
    public var boolValue: Bool? { if case .bool(let b) = self { return b } else { return nil } }
    public var intValue: Int? {
        if case .number(let n) = self, n.rounded() == n, abs(n) < 9e15 { return Int(n) }
        return nil
    }
    public subscript(key: String) -> JSONValue? { objectValue?[key] }

    /// Converts any Encodable into a JSONValue.
    public static func from(_ value: some Encodable) -> JSONValue {
        (try? JSONDecoder().decode(JSONValue.self, from: Data(GenetixJSON.encode(value)))) ?? .null
    }
}

/// Reads the fields of an action body with errors that name the field; rejects fields the action does not know.
public struct ActionBody: Sendable {
    public let fields: [String: JSONValue]

    /// Wraps a parsed body; it must be a JSON object whose keys are all in `allowed`.
    public init(_ value: JSONValue, allowed: Set<String>) throws(ActionError) {
        guard case .object(let o) = value else { throw .badRequest("the body must be a JSON object") }
        for key in o.keys.sorted() where !allowed.contains(key) {
            throw .badRequest("unknown field '\(key)' (expected: \(allowed.sorted().joined(separator: ", ")))", field: key)
        }
        fields = o
    }

    public func has(_ key: String) -> Bool { if let v = fields[key], v != .null { return true } else { return false } }

    public func int(_ key: String) throws(ActionError) -> Int? {
        guard let v = fields[key], v != .null else { return nil }
        guard let i = v.intValue else { throw .badRequest("field '\(key)' must be an integer", field: key) }
        return i
    }

    public func double(_ key: String) throws(ActionError) -> Double? {
        guard let v = fields[key], v != .null else { return nil }
        guard let d = v.doubleValue else { throw .badRequest("field '\(key)' must be a number", field: key) }
        return d
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
