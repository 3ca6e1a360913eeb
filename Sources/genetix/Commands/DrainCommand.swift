import GenetixCommandLine
import GenetixOperations

/// `genetix drain BALANCER BACKEND`.
enum DrainCommand: Command {
    static let spec = CommandSpec(
        name: "drain",
        abstract: "Stop routing new requests to a backend of a balancer; requests in flight finish.",
        arguments: [PositionalSpec("balancer", help: "A balancer node, e.g. lb-1."),
                    PositionalSpec("backend", help: "The backend's HOST:PORT, as `genetix status` lists it.")],
        options: OperationsCommandSupport.configOptions,
        flags: [FlagSpec("force", help: "Drain even the last healthy backend (every request then gets 503); refused without it."),
                OperationsCommandSupport.yesFlag, OperationsCommandSupport.jsonFlag])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        try await OperationsCommandSupport.runAction(.drain(balancer: try arguments.argument("balancer"), backend: try arguments.argument("backend"),
                                                                 force: try arguments.flag("force")), arguments)
    }
}
