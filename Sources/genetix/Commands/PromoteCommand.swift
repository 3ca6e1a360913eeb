import GenetixCommandLine
import GenetixOperations

/// `genetix promote NODE [--force] [--rejoin]`.
enum PromoteCommand: Command {
    static let spec = CommandSpec(
        name: "promote",
        abstract: "Make a database replica the primary, then re-point the other replicas to it.",
        discussion: "The old primary is fenced first when it answers; --force promotes without it (failover). With --rejoin the old primary becomes a replica of the new one (pg_rewind).",
        arguments: [PositionalSpec("node", help: "A database replica, e.g. db-2.")],
        options: OperationsCommandSupport.configOptions,
        flags: [FlagSpec("force", help: "Promote even when lagging, paused or the primary cannot be fenced."),
                FlagSpec("rejoin", help: "Turn the old primary into a replica of the new one."),
                OperationsCommandSupport.yesFlag, OperationsCommandSupport.jsonFlag])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        try await OperationsCommandSupport.runAction(.promote(node: try arguments.argument("node"), force: try arguments.flag("force"),
                                                              rejoin: try arguments.flag("rejoin")), arguments)
    }
}
