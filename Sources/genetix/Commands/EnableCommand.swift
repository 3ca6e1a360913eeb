import GenetixCommandLine
import GenetixOperations

/// `genetix enable BALANCER BACKEND`.
enum EnableCommand: Command {
    static let spec = CommandSpec(
        name: "enable",
        abstract: "Route to a drained backend of a balancer again.",
        arguments: [PositionalSpec("balancer", help: "A balancer node, e.g. lb-1."),
                    PositionalSpec("backend", help: "The backend's HOST:PORT, as `genetix status` lists it.")],
        options: OperationsCommandSupport.configOptions,
        flags: [OperationsCommandSupport.yesFlag, OperationsCommandSupport.jsonFlag])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        try await OperationsCommandSupport.runAction(.enable(balancer: try arguments.argument("balancer"), backend: try arguments.argument("backend")), arguments)
    }
}
