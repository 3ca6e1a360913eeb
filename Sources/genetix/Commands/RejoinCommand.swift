import GenetixCommandLine
import GenetixOperations

/// `genetix rejoin NODE [--primary HOST:PORT]`.
enum RejoinCommand: Command {
    static let spec = CommandSpec(
        name: "rejoin",
        abstract: "Turn an old primary into a replica of the current primary (pg_rewind, or a new base backup).",
        discussion: "Without --primary, the database node that answers as the writable primary is used.",
        arguments: [PositionalSpec("node", help: "A database node, e.g. db-1.")],
        options: OperationsCommandSupport.configOptions + [
            OptionSpec("primary", valueName: "host:port", help: "The primary's PostgreSQL address (default: the current primary's)."),
        ],
        flags: [FlagSpec("force", help: "Rejoin even while the node still accepts writes (its writes the primary never saw are discarded); refused without it."),
                OperationsCommandSupport.yesFlag, OperationsCommandSupport.jsonFlag])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        try await OperationsCommandSupport.runAction(.rejoin(node: try arguments.argument("node"), primary: try arguments.optionalString("primary"), force: try arguments.flag("force")), arguments)
    }
}
