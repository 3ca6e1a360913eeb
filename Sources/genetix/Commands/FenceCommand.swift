import GenetixCommandLine
import GenetixOperations

/// `genetix fence NODE`.
enum FenceCommand: Command {
    static let spec = CommandSpec(
        name: "fence",
        abstract: "Fence a database primary: read-only, client sessions ended (before a planned switchover by hand).",
        arguments: [PositionalSpec("node", help: "A database node, e.g. db-1.")],
        options: OperationsCommandSupport.configOptions,
        flags: [OperationsCommandSupport.yesFlag, OperationsCommandSupport.jsonFlag])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        try await OperationsCommandSupport.runAction(.fence(node: try arguments.argument("node")), arguments)
    }
}
