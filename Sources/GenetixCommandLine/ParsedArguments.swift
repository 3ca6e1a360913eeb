/// The result of parsing one command line: which command was selected and the values it was given.
///
/// Values are kept as typed; the typed accessors in `ParsedArguments+Values.swift` convert them and throw a
/// `CommandLineError` naming the option when a value does not convert, so handlers can simply `try`.
public struct ParsedArguments: Sendable, Equatable {
    /// The selected command and its ancestors, root first (`genetix`, `app`).
    public let commandChain: [CommandSpec]
    /// Values of options given on the command line, by long name, in the order given (comma lists already split).
    public let optionValues: [String: [String]]
    /// Flags given on the command line, by long name: true for `--json`, false for `--no-json`.
    public let flagValues: [String: Bool]
    /// Positional values, in order.
    public let positionals: [String]

    /// Creates a parse result; normally made by `CommandLineParser`.
    public init(commandChain: [CommandSpec], optionValues: [String: [String]], flagValues: [String: Bool], positionals: [String]) {
        precondition(!commandChain.isEmpty, "a parse result needs at least the root command")
        self.commandChain = commandChain
        self.optionValues = optionValues
        self.flagValues = flagValues
        self.positionals = positionals
    }

    /// The selected command's declaration.
    public var spec: CommandSpec { commandChain[commandChain.count - 1] }

    /// The selected command as typed (`genetix app`), as used in messages.
    public var commandName: String { commandChain.map(\.name).joined(separator: " ") }

    /// The selected command's path below the root (`["db", "promote"]`; empty for the root itself).
    public var subcommandPath: [String] { commandChain.dropFirst().map(\.name) }

    /// Whether the option or flag with this long name was given on the command line (defaults do not count).
    public func isGiven(_ long: String) -> Bool {
        optionValues[long] != nil || flagValues[long] != nil
    }

    /// The declaration of the option with this long name in the selected command or one of its ancestors.
    func optionSpec(_ long: String) throws(CommandLineError) -> OptionSpec {
        for command in commandChain.reversed() {
            if let option = command.option(named: long) { return option }
        }
        throw .undeclaredName("--" + long, command: commandName)
    }

    /// The declaration of the flag with this long name in the selected command or one of its ancestors.
    func flagSpec(_ long: String) throws(CommandLineError) -> FlagSpec {
        for command in commandChain.reversed() {
            if let flag = command.flag(named: long) { return flag }
        }
        throw .undeclaredName("--" + long, command: commandName)
    }
}
