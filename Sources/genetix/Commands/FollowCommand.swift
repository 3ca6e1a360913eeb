import GenetixCommandLine
import GenetixOperations

/// `genetix follow NODE [--primary HOST:PORT]`.
enum FollowCommand: Command {
    static let spec = CommandSpec(
        name: "follow",
        abstract: "Re-point a database replica at the primary, without a restart.",
        discussion: "Without --primary, the database node that answers as the writable primary is used.",
        arguments: [PositionalSpec("node", help: "A database node, e.g. db-1.")],
        options: OperationsCommandSupport.configOptions + [
            OptionSpec("primary", valueName: "host:port", help: "The primary's PostgreSQL address (default: the current primary's)."),
        ],
        flags: [OperationsCommandSupport.yesFlag, OperationsCommandSupport.jsonFlag])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        try await OperationsCommandSupport.runAction(.follow(node: try arguments.argument("node"), primary: try arguments.optionalString("primary")), arguments)
    }
}
