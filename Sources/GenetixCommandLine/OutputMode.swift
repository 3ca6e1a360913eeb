/// How much a command prints and in which form: `--output text|json|wide` (`--json` is `--output json`),
/// `-q` / `--quiet` and `-v` / `--verbose`.
///
/// `CommandLineTool` reads it from the command line before running a command that declares these controls and
/// makes it `OutputMode.current` for the command's task, so every writer of the command can honour it.
public struct OutputMode: Sendable, Equatable {
    /// The form of standard output.
    public enum Format: String, Sendable, CaseIterable {
        /// Aligned, human-readable text (the default).
        case text
        /// JSON, as `--json` prints it (schemas in docs/operations.md).
        case json
        /// Text with extra columns where the command prints a table.
        case wide
    }

    /// How much goes beside the result.
    public enum Verbosity: Sendable, Equatable {
        /// Nothing on standard output and no warnings: only errors and the exit code.
        case quiet
        /// The result, and warnings on standard error.
        case normal
        /// Also, on standard error, the configuration read, every node contacted with its answer and timing, and
        /// the total time.
        case verbose
    }

    /// `--output` (or `--json`).
    public var format: Format
    /// `-q`, `-v`, or neither.
    public var verbosity: Verbosity

    /// Creates a mode.
    public init(format: Format = .text, verbosity: Verbosity = .normal) {
        self.format = format
        self.verbosity = verbosity
    }

    /// Whether standard output carries JSON.
    public var isJSON: Bool { format == .json }
    /// Whether the result is printed at all.
    public var printsResult: Bool { verbosity != .quiet }
    /// Whether warnings are printed.
    public var printsWarnings: Bool { verbosity != .quiet }
    /// Whether contacts and timings are printed.
    public var isVerbose: Bool { verbosity == .verbose }

    /// The mode of the command running in this task (text, normal outside of a command).
    @TaskLocal public static var current = OutputMode()

    /// `--output`, the option.
    public static let outputOption = OptionSpec(
        "output", short: "o", valueName: "format",
        help: "Output format: json is the same as --json; wide is text with extra columns where the output is a table.",
        defaultValue: Format.text.rawValue, allowedValues: Format.allCases.map(\.rawValue))

    /// `--json`, the flag: shorthand for `--output json`.
    public static func jsonFlag(help: String = "Print JSON (schema in docs/operations.md) instead of text; the same as --output json.") -> FlagSpec {
        FlagSpec("json", help: help, alias: FlagAlias(option: "output", value: Format.json.rawValue))
    }

    /// `-q` / `--quiet`.
    public static let quietFlag = FlagSpec("quiet", short: "q", help: "Print nothing but errors; the exit code tells the outcome.")

    /// `-v` / `--verbose`.
    public static let verboseFlag = FlagSpec(
        "verbose", short: "v", help: "Also print, on standard error, the configuration read, every node contacted, its answer and timing.")

    /// Reads the mode from a parsed command line; the default mode when the command declares no output controls.
    public init(_ arguments: ParsedArguments) throws(CommandLineError) {
        let spec = arguments.spec
        var format = Format.text
        if spec.option(named: "output") != nil, let text = try arguments.optionalString("output") {
            format = Format(rawValue: text) ?? .text
        } else if spec.flag(named: "json") != nil, try arguments.flag("json") {
            format = .json
        }
        let quiet = spec.flag(named: "quiet") != nil ? try arguments.flag("quiet") : false
        let verbose = spec.flag(named: "verbose") != nil ? try arguments.flag("verbose") : false
        if quiet && verbose { throw .conflictingOptions("--quiet", "--verbose", command: arguments.commandName) }
        self.init(format: format, verbosity: quiet ? .quiet : verbose ? .verbose : .normal)
    }
}
