import Foundation
import GenetixCommandLine
import GenetixOperations

/// `genetix resume`: Turn automatic database failover back on for the whole cluster (etcd).
enum ResumeCommand: Command {
    static let spec = CommandSpec(
        name: "resume",
        abstract: "Turn automatic database failover back on for the whole cluster (etcd).",
        discussion: "Undoes genetix pause: when the leader key is missing, the healthiest eligible replica takes it and promotes.",
        options: OperationsCommandSupport.configOptions,
        flags: [OperationsCommandSupport.jsonFlag])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let json = try arguments.flag("json")
        let runner = ClusterOperator(cluster: try OperationsCommandSupport.cluster(arguments))
        let outcome = try await runner.setAutomaticFailover(paused: false)
        if json {
            OperationsCommandSupport.out("{\"paused\": false, \"summary\": \(String(decoding: try JSONEncoder().encode(outcome.summary), as: UTF8.self))}\n")
        } else {
            OperationsCommandSupport.out("done: \(outcome.summary)\n")
            for line in outcome.details { OperationsCommandSupport.out("  \(line)\n") }
        }
        return 0
    }
}
