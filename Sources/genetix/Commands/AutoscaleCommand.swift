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
        // The app node's own ranges (AppActionLimits), checked here too so a typo exits 64 before any request.
        let target = try arguments.optionalDouble("target", in: 0.01...1_000_000)
        let setting = AutoscaleSetting(enabled: state == "on", min: try arguments.optionalInt("min", in: 0...64),
                                       max: try arguments.optionalInt("max", in: 1...64), target: target)
        return try await OperationsCommandSupport.runAction(.autoscale(node: try arguments.argument("node"), setting: setting), arguments)
    }
}
