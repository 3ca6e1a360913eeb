import GenetixCommandLine
import GenetixOperations

/// `genetix autoscale NODE on|off [--min N] [--max N] [--target X]`.
enum AutoscaleCommand: Command {
    static let spec = CommandSpec(
        name: "autoscale",
        abstract: "Turn an app node's autoscaler on or off, optionally with its range and target.",
        arguments: [PositionalSpec("node", help: "An app node."), PositionalSpec("state", help: "on or off.")],
        options: OperationsCommandSupport.configOptions + [
            OptionSpec("min", valueName: "n", help: "Fewest workers."),
            OptionSpec("max", valueName: "n", help: "Most workers."),
            OptionSpec("target", valueName: "x", help: "In-flight requests per worker to aim at."),
        ],
        flags: [OperationsCommandSupport.yesFlag, OperationsCommandSupport.jsonFlag])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let state = try arguments.argument("state")
        guard state == "on" || state == "off" else {
            throw CommandLineError.invalidValue(state, for: "<state>", expected: "on or off", command: arguments.commandName)
        }
        let target = try arguments.optionalString("target").map { text -> Double in
            guard let d = Double(text), d > 0 else {
                throw CommandLineError.invalidValue(text, for: "--target", expected: "a number above 0", command: arguments.commandName)
            }
            return d
        }
        let setting = AutoscaleSetting(enabled: state == "on", min: try arguments.optionalInt("min"), max: try arguments.optionalInt("max"), target: target)
        return try await OperationsCommandSupport.runAction(.autoscale(node: try arguments.argument("node"), setting: setting), arguments)
    }
}
