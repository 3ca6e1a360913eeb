import GenetixAdmin
import GenetixCore

/// Why an operation did not happen. `exitCode` follows the headless contract: 1 refused or failed, 3 a node could
/// not be reached, 64 usage (a wrong node name, kind or argument).
public enum OperationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The configuration has no node by this name.
    case unknownNode(String, known: [String])
    /// The node exists but is of a kind the operation does not apply to.
    case wrongKind(node: String, kind: NodeKind, expected: NodeKind, operation: String)
    /// An argument is wrong.
    case invalidArgument(String)
    /// The node did not answer.
    case unreachable(node: String, reason: String)
    /// The node answered and refused (409 with its reason, 400, 401/403) or the action failed.
    case refused(node: String, reason: String)
    /// The node refused because the token may only read (403): actions need an operator token.
    case forbidden(node: String, reason: String)
    /// The operation stopped because what it found forbids going on.
    case notPossible(String)

    public var exitCode: Int32 {
        switch self {
        case .unknownNode, .wrongKind, .invalidArgument: 64
        case .unreachable: 3
        case .refused, .forbidden, .notPossible: 1
        }
    }

    public var description: String {
        switch self {
        case .unknownNode(let name, let known):
            "no node named '\(name)' in the configuration (known: \(known.joined(separator: ", ")))"
        case .wrongKind(let node, let kind, let expected, let operation):
            "\(operation) applies to \(expected.rawValue) nodes, and \(node) is a \(kind.rawValue) node"
        case .invalidArgument(let message): message
        case .unreachable(let node, let reason): "\(node) could not be reached: \(reason) (is it running? try `genetix status`)"
        case .refused(let node, let reason): "\(node) refused: \(reason)"
        case .forbidden(let node, let reason): "\(node) refused: \(reason) (actions need an operator token)"
        case .notPossible(let message): message
        }
    }

    /// Maps an admin client error to an operation error.
    public init(_ error: AdminClientError) {
        switch error {
        case .unreachable(let node, let reason): self = .unreachable(node: node, reason: reason)
        case .refused(let node, let status, let code, let message):
            switch status {
            case 401: self = .refused(node: node, reason: "the token was not accepted (\(message)); check the node's token in the configuration")
            case 403: self = .forbidden(node: node, reason: message)
            default: self = .refused(node: node, reason: "\(message) [\(status) \(code)]")
            }
        case .malformed(let node, let reason): self = .refused(node: node, reason: "unexpected answer: \(reason)")
        }
    }
}
