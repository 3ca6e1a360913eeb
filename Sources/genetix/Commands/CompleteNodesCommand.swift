import GenetixCommandLine
import GenetixCore
import GenetixOperations

/// `genetix __complete-nodes [--config FILE] [--kind KIND]`: the node names of the cluster configuration, one per
/// line, for the completion scripts. Hidden; prints nothing (exit 1) when there is no usable configuration.
enum CompleteNodesCommand: Command {
    static let spec: CommandSpec = {
        var spec = CommandSpec(
            name: "__complete-nodes",
            abstract: "Print the configured node names, one per line (used by the completion scripts).",
            options: [OperationsCommandSupport.configOptions[0],
                      OptionSpec("kind", valueName: "kind", help: "Only nodes of this kind.", allowedValues: NodeKind.allCases.map(\.rawValue))])
        spec.isHidden = true
        return spec
    }()

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let kind = try arguments.optionalString("kind").flatMap(NodeKind.init(rawValue:))
        guard let config = try? OperatorConfigLoader().load(explicit: try arguments.optionalString("config")) else { return 1 }
        let names = config.nodes.filter { kind == nil || $0.kind == kind }.map(\.name)
        OperationsCommandSupport.out(names.map { $0 + "\n" }.joined())
        return 0
    }
}
