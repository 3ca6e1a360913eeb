/// Work the controller asks the run loop to do outside the pure state machine.
public enum ConsoleEffect: Sendable, Equatable {
    case quit
    /// Ask the operations layer for the preflight of an intent (the dialog is already open).
    case preflight(Intent)
    /// Run a confirmed intent.
    case perform(Intent)
    case setRefresh(Duration)
    case setTheme(String)
    /// Write the logs shown to a file.
    case saveLogs
    /// Write an incident snapshot (Markdown).
    case writeIncident
}

/// How an operation ended, as the controller needs to know it.
public enum OperationOutcome: Sendable, Equatable {
    case done(OperationResult)
    case failed(String)
    /// The node refused because the token may only read (403): actions are switched off.
    case forbidden(String)
}
