import GenetixOperations

/// Work the controller asks the run loop to do outside the pure state machine.
public enum ConsoleEffect: Sendable, Equatable {
    case quit
    /// Ask the operations layer for the preflight of an action (the dialog is already open).
    case preflight(ClusterAction)
    /// Run a confirmed action against the preflight its dialog showed.
    case perform(ClusterAction, PreflightReport)
    /// Run the override of a refused action (`F` in its confirmation): the forced action, as its headless command
    /// `genetix … --force --yes` runs it — its own preflight, then the action against it.
    case force(ClusterAction)
    case setRefresh(Duration)
    case setTheme(String)
    /// Watch another context (`:ctx NAME`).
    case switchContext(String)
    /// Write the logs shown to a file.
    case saveLogs
    /// Write an incident snapshot (Markdown).
    case writeIncident
}
