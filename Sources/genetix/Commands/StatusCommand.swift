import Foundation
import GenetixCommandLine
import GenetixCore
import GenetixOperations

/// `genetix status [--output text|json|wide] [--watch SECONDS]`: every node with its health and key figures.
enum StatusCommand: Command {
    static let spec = CommandSpec(
        name: "status",
        abstract: "Show every node: kind, role, health, requests/s, p99, errors, workers, backends, replication lag.",
        discussion: "All nodes are asked in parallel, each with its own timeout; an unreachable node is listed as such. Exit 0 when every node answered, 3 when some did not.",
        options: OperationsCommandSupport.configOptions + [
            OptionSpec("watch", valueName: "seconds", help: "Redraw every SECONDS until interrupted."),
        ],
        flags: [OperationsCommandSupport.jsonFlag])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let watch = try arguments.optionalDouble("watch", in: 0.25...86_400)
        let cluster = try OperationsCommandSupport.cluster(arguments)
        let mode = OperationsCommandSupport.mode
        repeat {
            let report = await snapshot(cluster)
            if mode.isJSON {
                OperationsCommandSupport.out(report.json())
            } else {
                let style = OperationsCommandSupport.style
                if watch != nil, isatty(1) == 1 { OperationsCommandSupport.out("\u{1B}[H\u{1B}[2J") }
                OperationsCommandSupport.out(style.bold("\(report.cluster)") + "  \(GenetixJSONTime.now())  \(report.summary.nodes) nodes, "
                                             + "\(report.summary.unreachable) unreachable\n\n" + report.table(style: style, wide: mode.format == .wide))
            }
            guard let watch else { return report.summary.unreachable > 0 ? 3 : 0 }
            try await Task.sleep(for: .milliseconds(Int64(watch * 1000)))
        } while true
    }

    /// Asks every node and assesses the answers (the shared code path of `status` and the console's overview).
    static func snapshot(_ cluster: ClusterClient) async -> StatusReport {
        let readings = await cluster.statuses()
        return StatusReport(cluster: cluster.config.cluster,
                            assessments: NodeAssessment.assess(readings, thresholds: cluster.config.thresholds))
    }
}

/// The current time as the JSON coders write it.
enum GenetixJSONTime {
    static func now() -> String { ISO8601Timestamp.format(Date(), milliseconds: false) }
}
