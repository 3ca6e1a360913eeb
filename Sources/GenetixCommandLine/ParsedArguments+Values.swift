/// Typed accessors: each converts the raw text and throws a `CommandLineError` naming the option or argument.
extension ParsedArguments {
    /// The value of an option: the last one given, else its default; throws when neither exists.
    public func string(_ long: String) throws(CommandLineError) -> String {
        guard let value = try optionalString(long) else {
            throw .missingOption("--" + long, command: commandName)
        }
        return value
    }

    /// The value of an option: the last one given, else its default, else nil.
    public func optionalString(_ long: String) throws(CommandLineError) -> String? {
        let option = try optionSpec(long)
        return optionValues[long]?.last ?? aliasValue(for: long) ?? option.defaultValue
    }

    /// The value a given alias flag (`--json`) sets for the option `long` (`output`), if one was given.
    private func aliasValue(for long: String) -> String? {
        for command in commandChain.reversed() {
            for flag in command.flags where flag.alias?.option == long && flagValues[flag.long] == true {
                return flag.alias?.value
            }
        }
        return nil
    }

    /// Every value of a repeatable option, in order (comma-separated lists already split); the default when none was given.
    public func strings(_ long: String) throws(CommandLineError) -> [String] {
        let option = try optionSpec(long)
        if let values = optionValues[long] { return values }
        guard let defaultValue = option.defaultValue else { return [] }
        return option.isCommaSeparated ? CommaList.split(defaultValue) : [defaultValue]
    }

    /// The value of an option as an integer.
    public func int(_ long: String) throws(CommandLineError) -> Int {
        try convert(try string(long), for: long, expected: "an integer", Int.init)
    }

    /// The value of an option as an integer, or nil when neither given nor defaulted.
    public func optionalInt(_ long: String) throws(CommandLineError) -> Int? {
        guard let text = try optionalString(long) else { return nil }
        return try convert(text, for: long, expected: "an integer", Int.init)
    }

    /// The value of an option as a floating-point number.
    public func double(_ long: String) throws(CommandLineError) -> Double {
        try convert(try string(long), for: long, expected: "a number", { Double($0).flatMap { $0.isFinite ? $0 : nil } })
    }

    /// The value of an option as a duration: `500ms`, `10s`, `10m`, `1h`, or combinations like `1m30s`.
    public func duration(_ long: String) throws(CommandLineError) -> Duration {
        try convert(try string(long), for: long, expected: DurationText.expectation, { try? DurationText.parse($0) })
    }

    /// The value of an option as a duration, or nil when neither given nor defaulted.
    public func optionalDuration(_ long: String) throws(CommandLineError) -> Duration? {
        guard let text = try optionalString(long) else { return nil }
        return try convert(text, for: long, expected: DurationText.expectation, { try? DurationText.parse($0) })
    }

    /// The value of an option as `HOST:PORT` (`127.0.0.1:8080`, `[::1]:80`, `:8080` for `defaultHost`).
    public func hostPort(_ long: String, defaultHost: String = "127.0.0.1") throws(CommandLineError) -> HostPort {
        let text = try string(long)
        return try convert(text, for: long, expected: HostPort.expectation, { HostPort(parsing: $0, defaultHost: defaultHost) })
    }

    /// Whether a flag is on: the last of `--name` / `--no-name` given, else its default.
    public func flag(_ long: String) throws(CommandLineError) -> Bool {
        let flag = try flagSpec(long)
        if let value = flagValues[long] { return value }
        if let alias = flag.alias, let given = optionValues[alias.option]?.last { return given == alias.value }
        return flag.defaultValue
    }

    /// The positional value at `index`; throws naming the declared argument when it was not given.
    public func positional(_ index: Int) throws(CommandLineError) -> String {
        guard index >= 0, index < positionals.count else {
            let declared = spec.arguments
            let name = index >= 0 && index < declared.count ? declared[index].name : "argument \(index + 1)"
            throw .missingArgument(name, command: commandName)
        }
        return positionals[index]
    }

    /// The value of the declared positional argument with this name (the first value, for a repeating one).
    public func argument(_ name: String) throws(CommandLineError) -> String {
        guard let value = try optionalArgument(name) else {
            throw .missingArgument(name, command: commandName)
        }
        return value
    }

    /// The value of the declared positional argument with this name, or nil when it was left out.
    public func optionalArgument(_ name: String) throws(CommandLineError) -> String? {
        let index = try argumentIndex(name)
        return index < positionals.count ? positionals[index] : nil
    }

    /// Every value of a repeating positional argument (empty when none was given).
    public func arguments(_ name: String) throws(CommandLineError) -> [String] {
        let index = try argumentIndex(name)
        return index < positionals.count ? Array(positionals[index...]) : []
    }

    private func argumentIndex(_ name: String) throws(CommandLineError) -> Int {
        guard let index = spec.arguments.firstIndex(where: { $0.name == name }) else {
            throw .undeclaredName("<\(name)>", command: commandName)
        }
        return index
    }

    private func convert<Value>(
        _ text: String, for long: String, expected: String, _ conversion: (String) -> Value?
    ) throws(CommandLineError) -> Value {
        guard let value = conversion(text) else {
            throw .invalidValue(text, for: "--" + long, expected: expected, command: commandName)
        }
        return value
    }
}
