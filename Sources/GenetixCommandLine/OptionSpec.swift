/// The declaration of one option that takes a value (`--workers 3`, `-n 3`, `--backend=a,b`).
public struct OptionSpec: Sendable, Equatable {
    /// The long name without dashes (`workers` for `--workers`).
    public var long: String
    /// The optional one-character short name (`n` for `-n`).
    public var short: Character?
    /// The placeholder shown in help (`n` prints as `<n>`).
    public var valueName: String
    /// What the option does.
    public var help: String
    /// The value used when the option is not given; shown in help as `(default: …)`.
    public var defaultValue: String?
    /// Whether the option must be given (and has no default).
    public var isRequired: Bool
    /// Whether the option may be given more than once; every value is kept.
    public var isRepeatable: Bool
    /// Whether one value may hold a comma-separated list (`--backend a,b`), split into separate values.
    public var isCommaSeparated: Bool
    /// The only values accepted, if the option is an enumeration; checked while parsing.
    public var allowedValues: [String]?

    /// Declares an option.
    public init(
        _ long: String,
        short: Character? = nil,
        valueName: String = "value",
        help: String = "",
        defaultValue: String? = nil,
        isRequired: Bool = false,
        isRepeatable: Bool = false,
        isCommaSeparated: Bool = false,
        allowedValues: [String]? = nil
    ) {
        self.long = long
        self.short = short
        self.valueName = valueName
        self.help = help
        self.defaultValue = defaultValue
        self.isRequired = isRequired
        self.isRepeatable = isRepeatable
        self.isCommaSeparated = isCommaSeparated
        self.allowedValues = allowedValues
    }

    /// The option as a user types it: `--workers`.
    public var displayName: String { "--" + long }
}
