import GenetixCommandLine
import GenetixOperations

/// `genetix weight BALANCER BACKEND N`.
enum WeightCommand: Command {
    static let spec = CommandSpec(
        name: "weight",
        abstract: "Set a backend's weight on a balancer (0 to 1000; 0 takes no new requests).",
        arguments: [PositionalSpec("balancer", help: "A balancer node, e.g. lb-1."),
                    PositionalSpec("backend", help: "The backend's HOST:PORT, as `genetix status` lists it."),
                    PositionalSpec("weight", help: "The new weight, 0 to 1000.")],
        options: OperationsCommandSupport.configOptions,
        flags: [OperationsCommandSupport.yesFlag, OperationsCommandSupport.jsonFlag])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let text = try arguments.argument("weight")
        guard let weight = Int(text), (0...1000).contains(weight) else {
            throw CommandLineError.invalidValue(text, for: "<weight>", expected: "a whole number from 0 to 1000", command: arguments.commandName)
        }
        return try await OperationsCommandSupport.runAction(.weight(balancer: try arguments.argument("balancer"), backend: try arguments.argument("backend"),
                                                                    weight: weight), arguments)
    }
}
