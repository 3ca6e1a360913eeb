import GenetixOperations

/// How a confirmed action ended, as the controller needs to know it.
public enum ActionEnding: Sendable, Equatable {
    case done(OperationOutcome)
    case failed(String)
    /// The node refused because the token may only read (403): actions are switched off.
    case forbidden(String)

    /// The ending of an error from the operations layer: a 403 becomes `.forbidden`.
    public init(_ error: OperationError) {
        if case .forbidden(_, let reason) = error { self = .forbidden(reason) } else { self = .failed(error.description) }
    }
}
