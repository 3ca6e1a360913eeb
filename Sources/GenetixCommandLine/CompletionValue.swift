/// What a shell offers for an option's value or a positional argument.
public enum CompletionValue: Sendable, Equatable {
    /// Nothing to offer (a number, a duration, free text).
    case none
    /// One of these words (an option's `allowedValues`).
    case words([String])
    /// A file name.
    case files
    /// A directory name.
    case directories
    /// The lines the tool itself prints when run with these arguments (`genetix __complete-nodes`), passed the
    /// `--config` given on the command line being completed, if any.
    case dynamic([String])
}
