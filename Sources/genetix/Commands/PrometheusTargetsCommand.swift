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
        let document = try PrometheusTargets.document(config)
        guard let out = try arguments.optionalString("out") else {
            OperationsCommandSupport.out(document)
            return 0
        }
        // Prometheus re-reads the file when it changes: a rename never shows it half written.
        try AtomicFile.write(Array(document.utf8), to: out, mode: 0o644)
        OperationsCommandSupport.err("wrote \(config.nodes.count) target(s) of cluster \(config.cluster) to \(out)\n")
        return 0
    }
}
