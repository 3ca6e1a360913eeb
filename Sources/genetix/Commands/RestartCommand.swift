import GenetixCommandLine
import GenetixOperations

/// `genetix restart NODE [WORKER]`.
enum RestartCommand: Command {
    static let spec = CommandSpec(
        name: "restart",
        abstract: "Restart one worker of an app node, or all of them one by one without losing capacity.",
        arguments: [PositionalSpec("node", help: "An app node."), PositionalSpec("worker", help: "A worker id; all when left out.", isOptional: true)],
        options: OperationsCommandSupport.configOptions,
        flags: [OperationsCommandSupport.yesFlag, OperationsCommandSupport.jsonFlag])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let worker = try arguments.optionalArgument("worker").map { text -> Int in
            guard text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let id = Int(text), (1...1_000_000_000).contains(id) else {
                throw CommandLineError.invalidValue(text, for: "<worker>", expected: "a worker id (an integer from 1 to 1000000000)", command: arguments.commandName)
            }
            return id
        }
        return try await OperationsCommandSupport.runAction(.restart(node: try arguments.argument("node"), worker: worker), arguments)
    }
}
