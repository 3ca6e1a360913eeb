import GenetixCommandLine

/// `genetix completion bash|zsh|fish`: the shell's completion script, generated from the command specs.
enum CompletionCommand: Command {
    static let shells = ["bash", "zsh", "fish"]

    static let spec = CommandSpec(
        name: "completion",
        abstract: "Print the completion script for bash, zsh or fish, generated from the command specs.",
        discussion: """
        Node names are completed from the cluster configuration (--config on the line being completed, else the \
        usual search). Install: bash: genetix completion bash > /usr/local/share/bash-completion/completions/genetix; \
        zsh: genetix completion zsh > /usr/local/share/zsh/site-functions/_genetix; \
        fish: genetix completion fish > /usr/local/share/fish/vendor_completions.d/genetix.fish (scripts/install does all three).
        """,
        arguments: [PositionalSpec("shell", help: "bash, zsh or fish.")])

    /// Which values complete from the cluster configuration, and which option values are files.
    static let rules = CompletionRules(
        dynamic: ["node": ["__complete-nodes"], "balancer": ["__complete-nodes", "--kind", "balancer"]],
        fileValueNames: ["file", "pem", "path"], directoryValueNames: ["dir"])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let shell = try arguments.argument("shell")
        let root = CommandRegistry.tool.root
        let script: String
        switch shell {
        case "bash": script = BashCompletion.script(for: root, rules: rules)
        case "zsh": script = ZshCompletion.script(for: root, rules: rules)
        case "fish": script = FishCompletion.script(for: root, rules: rules)
        default: throw CommandLineError.invalidValue(shell, for: "<shell>", expected: shells.joined(separator: ", "), command: arguments.commandName)
        }
        OperationsCommandSupport.out(script)
        return 0
    }
}
