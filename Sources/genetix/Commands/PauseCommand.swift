import GenetixCommandLine
import GenetixOperations

/// `genetix pause [NODE]`: maintenance mode, automatic database failover off for the whole cluster (etcd).
enum PauseCommand: Command {
    static let spec = CommandSpec(
        name: "pause",
        abstract: "Maintenance mode: turn automatic database failover off for the whole cluster (etcd).",
        discussion: "Every database agent reads the cluster's config key in etcd: while paused no replica takes the leader key on its own, the primary keeps its lease, status shows ha.mode paused and genetix check warns. A planned genetix promote still works.",
        arguments: [PositionalSpec("node", help: "The database node that writes the setting; the first one that answers when left out.", isOptional: true)],
        options: OperationsCommandSupport.configOptions,
        flags: [OperationsCommandSupport.yesFlag, OperationsCommandSupport.jsonFlag])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        try await OperationsCommandSupport.runAction(.pause(via: try arguments.optionalArgument("node")), arguments)
    }
}
