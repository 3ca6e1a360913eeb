import GenetixCommandLine
import GenetixOperations

/// `genetix scale NODE N|+K|-K`.
enum ScaleCommand: Command {
    static let spec = CommandSpec(
        name: "scale",
        abstract: "Set the number of workers of an app node: 4, +2 or -1.",
        arguments: [PositionalSpec("node", help: "An app node, e.g. app-1."),
                    PositionalSpec("count", help: "N workers, +K more or -K fewer.")],
        options: OperationsCommandSupport.configOptions,
        flags: [OperationsCommandSupport.yesFlag, OperationsCommandSupport.jsonFlag,
                FlagSpec("force", help: "Allow stopping the last workers (a scale to 0); refused without it.")])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let text = try arguments.argument("count")
        guard let change = WorkerCountChange(parsing: text) else {
            throw CommandLineError.invalidValue(text, for: "<count>", expected: "N, +K or -K with N from 0 to 64 and K from 1 to 64 (e.g. 4, +2, -1)", command: arguments.commandName)
        }
        return try await OperationsCommandSupport.runAction(.scale(node: try arguments.argument("node"), change: change, force: try arguments.flag("force")), arguments)
    }
}
