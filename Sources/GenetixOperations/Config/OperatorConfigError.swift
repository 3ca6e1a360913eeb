/// Why the console configuration cannot be used. Every message names the file, and the key path when a key is at fault.
public enum OperatorConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No file in any of the places searched.
    case notFound(searched: [String])
    /// The file exists but cannot be read.
    case unreadable(path: String, reason: String)
    /// The file is not JSON.
    case malformed(path: String, reason: String)
    /// A key is missing, unknown, or has a wrong value.
    case invalid(path: String, key: String, message: String)

    public var description: String {
        switch self {
        case .notFound(let searched):
            "no console configuration found (looked for \(searched.joined(separator: ", "))); pass --config FILE, set GENETIX_CONFIG, or run `genetix up`, which writes .genetix/config.json"
        case .unreadable(let path, let reason): "\(path): cannot read the console configuration: \(reason)"
        case .malformed(let path, let reason): "\(path): not valid JSON: \(reason)"
        case .invalid(let path, let key, let message): "\(path): \(key): \(message)"
        }
    }
}
