import Foundation
import GenetixAdmin
import GenetixCommandLine
import GenetixOperations

/// `genetix prometheus-targets [--out FILE]`: the cluster configuration as a Prometheus `file_sd_configs` document.
enum PrometheusTargetsCommand: Command {
    static let spec = CommandSpec(
        name: "prometheus-targets",
        abstract: "Print (or write atomically) the cluster's nodes as a Prometheus file_sd target list (docs/operations.md).",
        options: [OperationsCommandSupport.configOptions[0],
                  OptionSpec("out", valueName: "file", help: "Write here (atomically, mode 0644) instead of standard output, e.g. /etc/prometheus/genetix-targets.json.")])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let config = try OperationsCommandSupport.config(arguments)
        // Prometheus re-reads the file when it changes: a rename never shows it half written.
        return try OperationsCommandSupport.emit(try PrometheusTargets.document(config), arguments,
                                                 what: "\(config.nodes.count) target(s) of cluster \(config.cluster)")
    }
}
