/// A configuration file that cannot be used: every case names the file and, where there is one, the key.
public enum ConfigFileError: ExitCodeError, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case malformed(path: String, reason: String)
    case unknownKey(path: String, key: String, suggestion: String?)
    case wrongType(path: String, key: String, expected: String)

    /// Configuration errors exit 78 (`EX_CONFIG` from sysexits.h).
    public var exitCode: Int32 { 78 }

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "cannot read config file \(path): \(reason)"
        case .malformed(let path, let reason): "config file \(path) is not valid JSON: \(reason)"
        case .unknownKey(let path, let key, let suggestion):
            "config file \(path): unknown key '\(key)'" + (suggestion.map { ". Did you mean '\($0)'?" } ?? "")
        case .wrongType(let path, let key, let expected): "config file \(path): key '\(key)' must be \(expected)"
        }
    }
}

/// An error that carries the process exit code a command should end with (e.g. 78 for configuration, 3 for an
/// unreachable node).
public protocol ExitCodeError: Error, CustomStringConvertible {
    var exitCode: Int32 { get }
}
