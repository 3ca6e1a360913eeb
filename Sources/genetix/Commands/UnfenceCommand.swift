import GenetixCommandLine
import GenetixOperations

/// `genetix unfence NODE`.
enum UnfenceCommand: Command {
    static let spec = CommandSpec(
        name: "unfence",
        abstract: "Lift the fence of a database primary: it accepts writes again.",
        arguments: [PositionalSpec("node", help: "A database node, e.g. db-1.")],
        options: OperationsCommandSupport.configOptions,
        flags: [FlagSpec("force", help: "Lift the fence even when another node answers as a primary, or this one does not hold the leader key; refused without it."),
                OperationsCommandSupport.yesFlag, OperationsCommandSupport.jsonFlag])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        try await OperationsCommandSupport.runAction(.unfence(node: try arguments.argument("node"), force: try arguments.flag("force")), arguments)
    }
}
