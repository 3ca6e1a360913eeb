import GenetixNet

/// Why a request to a node's admin API failed.
public enum AdminFetchError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The node could not be reached or did not answer in time.
    case transport(node: String, HTTPClientError)
    /// The node answered with an error status (and its JSON error message, when it sent one).
    case status(node: String, code: Int, message: String)
    /// The answer was not the JSON we expect.
    case undecodable(node: String, path: String, reason: String)

    public var description: String {
        switch self {
        case .transport(_, let error): "\(error)"
        case .status(let node, 401, let message): "401 \(message) — check the token of \(node) in the console configuration"
        case .status(let node, 403, let message): "403 \(message) — the token of \(node) is not allowed to do this"
        case .status(_, let code, let message): "\(code) \(message)"
        case .undecodable(_, let path, let reason): "unexpected answer from \(path): \(reason)"
        }
    }
}
