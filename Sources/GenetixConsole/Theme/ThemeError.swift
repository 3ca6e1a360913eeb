/// Why a theme could not be loaded. Every message names the file and, when there is one, the key.
public enum ThemeError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(file: String, reason: String)
    case malformedJSON(file: String, reason: String)
    case wrongType(file: String, key: String, expected: String, found: String)
    case unknownKey(file: String, key: String, known: [String])
    case unknownColor(file: String, key: String, value: String)
    case unknownAttribute(file: String, key: String, value: String)
    case notFound(name: String, searched: [String], available: [String])

    public var description: String {
        switch self {
        case .unreadable(let file, let reason):
            "cannot read theme file \(file): \(reason)"
        case .malformedJSON(let file, let reason):
            "theme file \(file) is not valid JSON: \(reason)"
        case .wrongType(let file, let key, let expected, let found):
            "theme file \(file), key \"\(key)\": expected \(expected), found \(found)"
        case .unknownKey(let file, let key, let known):
            "theme file \(file), key \"\(key)\": unknown key; known keys here: \(known.joined(separator: ", "))"
        case .unknownColor(let file, let key, let value):
            "theme file \(file), key \"\(key)\": unknown colour \"\(value)\"; use default, a name (red, brightblue…), 0–255 or #rrggbb"
        case .unknownAttribute(let file, let key, let value):
            "theme file \(file), key \"\(key)\": unknown attribute \"\(value)\"; use bold, dim, underline, reverse or italic"
        case .notFound(let name, let searched, let available):
            "no theme named \"\(name)\" in \(searched.isEmpty ? "(no theme directory)" : searched.joined(separator: ", "))"
                + "; available: \(available.joined(separator: ", "))"
        }
    }
}
