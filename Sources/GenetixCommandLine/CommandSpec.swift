/// The declaration of one command: its name, its help text and everything it accepts.
///
/// The parser, the generated `--help` text and the usage errors all come from this one value,
/// so what a command accepts and what its help says cannot drift apart.
public struct CommandSpec: Sendable, Equatable {
    /// The word that selects this command on the command line (`app`, `promote`), or the tool's name for the root.
    public var name: String
    /// One line saying what the command does; shown in the parent's command list and at the top of `--help`.
    public var abstract: String
    /// Longer free text shown in `--help` after the abstract.
    public var discussion: String
    /// Positional arguments, in order.
    public var arguments: [PositionalSpec]
    /// Options that take a value (`--workers 3`).
    public var options: [OptionSpec]
    /// Boolean flags (`--json`, `--no-mouse`).
    public var flags: [FlagSpec]
    /// Nested commands (`genetix db promote`).
    public var subcommands: [CommandSpec]
    /// The version printed by `--version`; only meaningful on the root command.
    public var version: String?
    /// The exit code of a usage error in this command (nil: 64, EX_USAGE). `genetix check` sets 3, a Nagios
    /// plugin's UNKNOWN.
    public var usageExitCode: Int32?
    /// Whether the command is left out of help, completions and man pages (`genetix __complete-nodes`, which the
    /// completion scripts call). It still runs when typed.
    public var isHidden = false

    /// Declares a command.
    public init(
        name: String,
        abstract: String = "",
        discussion: String = "",
        arguments: [PositionalSpec] = [],
        options: [OptionSpec] = [],
        flags: [FlagSpec] = [],
        subcommands: [CommandSpec] = [],
        version: String? = nil
    ) {
        self.name = name
        self.abstract = abstract
        self.discussion = discussion
        self.arguments = arguments
        self.options = options
        self.flags = flags
        self.subcommands = subcommands
        self.version = version
    }

    /// The option declared with this long name, if any.
    public func option(named long: String) -> OptionSpec? {
        options.first { $0.long == long }
    }

    /// The flag declared with this long name, if any.
    public func flag(named long: String) -> FlagSpec? {
        flags.first { $0.long == long }
    }

    /// The subcommand with this name, if any.
    public func subcommand(named name: String) -> CommandSpec? {
        subcommands.first { $0.name == name }
    }
}
