/// What a command line asks for: run a command, or show help or the version (both exit 0).
public enum ParseOutcome: Sendable, Equatable {
    /// Run the selected command with these values.
    case run(ParsedArguments)
    /// Print this generated help text.
    case help(String)
    /// Print this version text.
    case version(String)
}
