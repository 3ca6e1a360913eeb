/// What a flag is shorthand for: one value of an option (`--json` is `--output json`).
///
/// Either spelling then reads the same: `flag("json")` is true after `--output json`, and `string("output")` is
/// `json` after `--json`. Giving both with different values is a usage error.
public struct FlagAlias: Sendable, Equatable {
    /// The long name of the option the flag stands for (`output`).
    public var option: String
    /// The value the flag gives that option (`json`).
    public var value: String

    /// Declares that a flag means `--<option> <value>`.
    public init(option: String, value: String) {
        self.option = option
        self.value = value
    }
}
