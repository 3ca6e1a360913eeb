/// The walk over one argv: the command selected so far and the values collected for it.
struct ParserState {
    private(set) var chain: [CommandSpec]
    private let arguments: [String]
    private var index = 0
    private var optionValues: [String: [String]] = [:]
    private var flagValues: [String: Bool] = [:]
    private var positionals: [String] = []

    init(root: CommandSpec, arguments: [String]) {
        self.chain = [root]
        self.arguments = arguments
    }

    private var command: CommandSpec { chain[chain.count - 1] }
    private var commandName: String { chain.map(\.name).joined(separator: " ") }

    var result: ParsedArguments {
        ParsedArguments(commandChain: chain, optionValues: optionValues, flagValues: flagValues, positionals: positionals)
    }

    /// Consumes every argument; returns the root's version text when `--version` was given.
    mutating func run() throws(CommandLineError) -> String? {
        var onlyPositionals = false
        while index < arguments.count {
            let token = arguments[index]
            index += 1
            if onlyPositionals {
                positionals.append(token)
            } else if token == "--" {
                onlyPositionals = true
            } else if token == "--help" || token == "-h" {
                continue
            } else if token == "--version", let version = chain[0].version, command.option(named: "version") == nil,
                      command.flag(named: "version") == nil {
                return "\(chain[0].name) \(version)"
            } else if token.hasPrefix("--") {
                try parseLong(token)
            } else if token.hasPrefix("-"), token.count > 1, !isPositionalNumber(token) {
                try parseShort(token)
            } else if positionals.isEmpty, !command.subcommands.isEmpty {
                if let subcommand = command.subcommand(named: token) {
                    chain.append(subcommand)
                } else if command.arguments.isEmpty {
                    throw Self.unknownCommand(token, in: chain)
                } else {
                    positionals.append(token)
                }
            } else {
                positionals.append(token)
            }
        }
        return nil
    }

    /// Checks what can only be checked at the end: required options and the number of positional values.
    func validate() throws(CommandLineError) {
        for option in command.options where option.isRequired && optionValues[option.long] == nil && option.defaultValue == nil {
            throw .missingOption(option.displayName, command: commandName)
        }
        for flag in command.flags where flagValues[flag.long] == true {
            if let alias = flag.alias, let given = optionValues[alias.option]?.last, given != alias.value {
                throw .conflictingOptions(flag.displayName, "--\(alias.option) \(given)", command: commandName)
            }
        }
        let declared = command.arguments
        let required = declared.filter { !$0.isOptional }
        if positionals.count < required.count {
            throw .missingArgument(required[positionals.count].name, command: commandName)
        }
        let repeats = declared.last?.isRepeating ?? false
        if !repeats, positionals.count > declared.count {
            throw .unexpectedArgument(positionals[declared.count], command: commandName)
        }
    }

    static func unknownCommand(_ name: String, in chain: [CommandSpec]) -> CommandLineError {
        let available = chain[chain.count - 1].subcommands.map(\.name)
        return .unknownCommand(
            name, command: chain.map(\.name).joined(separator: " "),
            suggestion: NameSuggestion.nearest(to: name, among: available), available: available)
    }

    private mutating func parseLong(_ token: String) throws(CommandLineError) {
        let body = token.dropFirst(2)
        let name: String
        let attached: String?
        if let equals = body.firstIndex(of: "=") {
            name = String(body[..<equals])
            attached = String(body[body.index(after: equals)...])
        } else {
            name = String(body)
            attached = nil
        }
        if let option = command.option(named: name) {
            if let attached {
                try record(attached, for: option)
            } else {
                try record(try nextValue(for: option), for: option)
            }
        } else if let flag = command.flag(named: name) {
            try setFlag(flag, to: true, spelled: "--" + name, attached: attached)
        } else if name.hasPrefix("no-"), let flag = command.flag(named: String(name.dropFirst(3))), flag.hasInversion {
            try setFlag(flag, to: false, spelled: "--" + name, attached: attached)
        } else {
            throw .unknownOption("--" + name, command: commandName, suggestion: NameSuggestion.nearest(to: name, among: longNames))
        }
    }

    private mutating func parseShort(_ token: String) throws(CommandLineError) {
        var letters = token.dropFirst()
        while let letter = letters.first {
            letters = letters.dropFirst()
            if let option = command.options.first(where: { $0.short == letter }) {
                let rest = letters.hasPrefix("=") ? letters.dropFirst() : letters
                try record(rest.isEmpty ? nextValue(for: option) : String(rest), for: option)
                return
            } else if let flag = command.flags.first(where: { $0.short == letter }) {
                flagValues[flag.long] = true
            } else {
                throw .unknownOption("-\(letter)", command: commandName, suggestion: nil)
            }
        }
    }

    private mutating func setFlag(_ flag: FlagSpec, to value: Bool, spelled: String, attached: String?) throws(CommandLineError) {
        if let attached {
            throw .unexpectedFlagValue(flag: spelled, value: attached, command: commandName)
        }
        flagValues[flag.long] = value
    }

    private mutating func nextValue(for option: OptionSpec) throws(CommandLineError) -> String {
        guard index < arguments.count else {
            throw .missingValue(option: option.displayName, valueName: option.valueName, command: commandName)
        }
        let next = arguments[index]
        if next == "--" || (next.hasPrefix("-") && next.count > 1 && Double(next) == nil) {
            throw .missingValue(option: option.displayName, valueName: option.valueName, command: commandName)
        }
        index += 1
        return next
    }

    private mutating func record(_ value: String, for option: OptionSpec) throws(CommandLineError) {
        let values = option.isCommaSeparated ? CommaList.split(value) : [value]
        if let allowed = option.allowedValues {
            for value in values where !allowed.contains(value) {
                let expected = "one of " + allowed.joined(separator: ", ")
                throw .invalidValue(value, for: option.displayName, expected: expected, command: commandName)
            }
        }
        if option.isRepeatable {
            optionValues[option.long, default: []].append(contentsOf: values)
        } else {
            optionValues[option.long] = values
        }
    }

    /// A token like `-1` or `-0.5` is a value, not an option, unless the command declares a short name for its digit.
    private func isPositionalNumber(_ token: String) -> Bool {
        guard Double(token) != nil, let first = token.dropFirst().first else { return false }
        let declaresShort = command.options.contains { $0.short == first } || command.flags.contains { $0.short == first }
        return !declaresShort
    }

    /// Every long spelling the current command accepts, for suggestions.
    private var longNames: [String] {
        var names = command.options.map(\.displayName)
        for flag in command.flags {
            names.append(flag.displayName)
            if let inversion = flag.inversionName { names.append(inversion) }
        }
        names.append("--help")
        if chain[0].version != nil { names.append("--version") }
        return names
    }
}
