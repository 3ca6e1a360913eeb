import GenetixCommandLine
import GenetixOperations

/// `genetix resume [NODE]`: automatic database failover on again for the whole cluster (etcd).
enum ResumeCommand: Command {
    static let spec = CommandSpec(
        name: "resume",
        abstract: "Turn automatic database failover back on for the whole cluster (etcd).",
        discussion: "Undoes genetix pause: when the leader key is missing, the healthiest eligible replica takes it and promotes.",
        arguments: [PositionalSpec("node", help: "The database node that writes the setting; the first one that answers when left out.", isOptional: true)],
        options: OperationsCommandSupport.configOptions,
        flags: [OperationsCommandSupport.yesFlag, OperationsCommandSupport.jsonFlag])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        try await OperationsCommandSupport.runAction(.resume(via: try arguments.optionalArgument("node")), arguments)
    }
}
