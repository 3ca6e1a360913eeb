/// The declaration of one boolean flag (`--json`, `-q`, or an invertible pair `--mouse` / `--no-mouse`).
public struct FlagSpec: Sendable, Equatable {
    /// The long name without dashes (`json` for `--json`).
    public var long: String
    /// The optional one-character short name (`q` for `-q`).
    public var short: Character?
    /// What the flag does.
    public var help: String
    /// Whether `--no-<long>` is accepted to switch the flag off.
    public var hasInversion: Bool
    /// The value when the flag is not given.
    public var defaultValue: Bool
    /// The option value this flag is shorthand for (`--json` for `--output json`), if any.
    public var alias: FlagAlias?

    /// Declares a flag.
    public init(_ long: String, short: Character? = nil, help: String = "", hasInversion: Bool = false, defaultValue: Bool = false,
                alias: FlagAlias? = nil) {
        self.long = long
        self.short = short
        self.help = help
        self.hasInversion = hasInversion
        self.defaultValue = defaultValue
        self.alias = alias
    }

    /// The flag as a user types it: `--json`.
    public var displayName: String { "--" + long }

    /// The inverted spelling, `--no-json`, when the flag has one.
    public var inversionName: String? { hasInversion ? "--no-" + long : nil }
}
