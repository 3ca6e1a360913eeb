import Foundation
import GenetixCommandLine
import GenetixOperations

/// `genetix pause`: Maintenance mode: turn automatic database failover off for the whole cluster (etcd).
enum PauseCommand: Command {
    static let spec = CommandSpec(
        name: "pause",
        abstract: "Maintenance mode: turn automatic database failover off for the whole cluster (etcd).",
        discussion: "Every database agent reads the cluster's config key in etcd: while paused no replica takes the leader key on its own, the primary keeps its lease, status shows ha.mode paused and genetix check warns. A planned genetix promote still works.",
        options: OperationsCommandSupport.configOptions,
        flags: [OperationsCommandSupport.jsonFlag])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let json = try arguments.flag("json")
        let runner = ClusterOperator(cluster: try OperationsCommandSupport.cluster(arguments))
        let outcome = try await runner.setAutomaticFailover(paused: true)
        if json {
            OperationsCommandSupport.out("{\"paused\": true, \"summary\": \(String(decoding: try JSONEncoder().encode(outcome.summary), as: UTF8.self))}\n")
        } else {
            OperationsCommandSupport.out("done: \(outcome.summary)\n")
            for line in outcome.details { OperationsCommandSupport.out("  \(line)\n") }
        }
        return 0
    }
}
