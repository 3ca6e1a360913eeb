/// Parses argv against a tree of `CommandSpec`s.
///
/// Rules: `--opt value`, `--opt=value`, `-n 3`, `-n3`, clustered short flags (`-yq`), `--` ends options,
/// numbers such as `-1` and `+2` are positional values unless a short option `-1` exists, repeated options keep
/// every value (repeatable) or the last one, `--help` / `-h` anywhere shows the help of the command selected so far,
/// `help CMD…` at the root shows the help of CMD, `--version` at any level prints the root's version.
/// `-h` and `--help` are reserved for help: a command cannot declare them.
public struct CommandLineParser: Sendable {
    /// The root command (the tool itself).
    public let root: CommandSpec

    /// Creates a parser for the tool described by `root`.
    public init(root: CommandSpec) {
        self.root = root
    }

    /// Parses the arguments after the program name.
    public func parse(_ arguments: [String]) throws(CommandLineError) -> ParseOutcome {
        if let first = arguments.first, first == "help", !root.subcommands.isEmpty, root.subcommand(named: "help") == nil {
            return .help(HelpFormatter.help(for: try chain(naming: arguments.dropFirst())))
        }
        let wantsHelp = arguments.prefix { $0 != "--" }.contains { $0 == "--help" || $0 == "-h" }
        var state = ParserState(root: root, arguments: arguments)
        do {
            if let version = try state.run() {
                return wantsHelp ? .help(HelpFormatter.help(for: state.chain)) : .version(version)
            }
        } catch {
            if wantsHelp { return .help(HelpFormatter.help(for: state.chain)) }
            throw error
        }
        if wantsHelp { return .help(HelpFormatter.help(for: state.chain)) }
        try state.validate()
        return .run(state.result)
    }

    /// The chain of commands named by `help a b …` (options in the list are ignored).
    private func chain(naming names: ArraySlice<String>) throws(CommandLineError) -> [CommandSpec] {
        var chain = [root]
        for name in names where !name.hasPrefix("-") {
            let parent = chain[chain.count - 1]
            guard let command = parent.subcommand(named: name) else {
                if parent.subcommands.isEmpty { break }
                throw ParserState.unknownCommand(name, in: chain)
            }
            chain.append(command)
        }
        return chain
    }
}
