import GenetixCommandLine
import GenetixOperations

/// `genetix purge BALANCER PREFIX`.
enum PurgeCommand: Command {
    static let spec = CommandSpec(
        name: "purge",
        abstract: "Remove a balancer's cached responses whose path starts with a prefix (e.g. /static/).",
        arguments: [PositionalSpec("balancer", help: "A balancer node, e.g. lb-1."),
                    PositionalSpec("prefix", help: "A path prefix starting with /, e.g. /static/ (/ purges everything).")],
        options: OperationsCommandSupport.configOptions,
        flags: [OperationsCommandSupport.yesFlag, OperationsCommandSupport.jsonFlag])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let prefix = try arguments.argument("prefix")
        guard prefix.hasPrefix("/") else {
            throw CommandLineError.invalidValue(prefix, for: "<prefix>", expected: "a path starting with /, like /static/", command: arguments.commandName)
        }
        return try await OperationsCommandSupport.runAction(.purge(balancer: try arguments.argument("balancer"), prefix: prefix), arguments)
    }
}
