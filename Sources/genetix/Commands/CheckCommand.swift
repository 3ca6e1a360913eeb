import Foundation
import GenetixCommandLine
import GenetixOperations

/// `genetix check [--json]`: a Nagios plugin over the whole cluster.
enum CheckCommand: Command {
    static let spec = CommandSpec(
        name: "check",
        abstract: "Nagios-style check of the whole cluster against the configured thresholds.",
        discussion: "Prints `GENETIX OK|WARNING|CRITICAL|UNKNOWN - summary | perfdata` and exits 0, 1, 2 or 3. UNKNOWN (3) when the configuration cannot be read. Cron: */5 * * * * genetix check --config /etc/genetix/config.json",
        options: OperationsCommandSupport.configOptions,
        flags: [OperationsCommandSupport.jsonFlag])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let json = try arguments.flag("json")
        let report: CheckReport
        do {
            let cluster = try OperationsCommandSupport.cluster(arguments)
            let readings = await cluster.statuses()
            report = CheckReport(cluster: cluster.config.cluster, assessments: NodeAssessment.assess(readings, thresholds: cluster.config.thresholds),
                                 thresholds: cluster.config.thresholds)
        } catch let error as CommandLineError {
            throw error
        } catch {
            report = CheckReport(unknown: "cannot read the configuration: \(error)")
        }
        OperationsCommandSupport.out(json ? report.json() : report.line + "\n")
        return report.exitCode
    }
}
