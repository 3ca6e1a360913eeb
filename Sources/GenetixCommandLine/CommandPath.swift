/// One command of a tool with the words that select it (`["genetix", "status"]`), for generators that walk the
/// whole tree: completion scripts and man pages. Hidden commands and their subcommands are left out.
public struct CommandPath: Sendable, Equatable {
    /// The words from the tool's name to this command.
    public var words: [String]
    /// The command's declaration.
    public var spec: CommandSpec

    /// Every visible command under `root`, `root` first, parents before their subcommands, in declaration order.
    public static func all(under root: CommandSpec) -> [CommandPath] {
        var out: [CommandPath] = []
        func walk(_ spec: CommandSpec, _ words: [String]) {
            out.append(CommandPath(words: words, spec: spec))
            for sub in spec.subcommands where !sub.isHidden { walk(sub, words + [sub.name]) }
        }
        walk(root, [root.name])
        return out
    }

    /// `genetix status`.
    public var joined: String { words.joined(separator: " ") }

    /// Every spelling of every option and flag of this command (`-o`, `--output`, `--no-mouse`), with `--help`
    /// (and `--version` on the root of a versioned tool).
    public var spellings: [String] {
        var names: [String] = []
        for option in spec.options {
            if let short = option.short { names.append("-\(short)") }
            names.append(option.displayName)
        }
        for flag in spec.flags {
            if let short = flag.short { names.append("-\(short)") }
            names.append(flag.displayName)
            if let inversion = flag.inversionName { names.append(inversion) }
        }
        if words.count == 1, spec.version != nil { names.append("--version") }
        return names + ["-h", "--help"]
    }

    /// The visible subcommands.
    public var subcommands: [CommandSpec] { spec.subcommands.filter { !$0.isHidden } }
}
