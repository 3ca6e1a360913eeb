import Foundation
import GenetixCommandLine
import GenetixCore
import GenetixOperations

/// `genetix check`: a Nagios / Icinga plugin over the cluster, or over the nodes `--node` / `--kind` select.
enum CheckCommand: Command {
    static let spec: CommandSpec = {
        var spec = CommandSpec(
            name: "check",
            abstract: "Nagios-style check of the cluster (or selected nodes) against the configured thresholds.",
            discussion: """
            Prints `GENETIX OK|WARNING|CRITICAL|UNKNOWN - summary | perfdata` and exits 0, 1, 2 or 3, following the \
            Monitoring Plugins guidelines: -w/-c take ranges (10, 10:, ~:10, 10:20, @10:20) for the --metric they \
            replace the configured levels of, in its perfdata unit (p99Ms ms, errorRate %, cpuPercent %, lagBytes \
            bytes, unavailable and unreachable counts); -t is the timeout in seconds (or a duration such as 500ms); \
            every usage or configuration error is UNKNOWN (3). \
            Cron: */5 * * * * genetix check --config /etc/genetix/config.json
            """,
            options: [
                OptionSpec("config", valueName: "file",
                           help: "Console configuration (default: $GENETIX_CONFIG, ./genetix.json, $XDG_CONFIG_HOME/genetix/config.json)."),
                OptionSpec("timeout", short: "t", valueName: "seconds", help: "How long to wait for each node (seconds, or a duration).",
                           defaultValue: "2s"),
                OptionSpec("node", valueName: "name", help: "Check only this node (repeatable).", isRepeatable: true, isCommaSeparated: true),
                OptionSpec("kind", valueName: "kind", help: "Check only nodes of this kind.", allowedValues: NodeKind.allCases.map(\.rawValue)),
                OptionSpec("metric", valueName: "name", help: "The metric -w and -c apply to.", defaultValue: "p99Ms",
                           allowedValues: CheckRanges.metrics),
                OptionSpec("warning", short: "w", valueName: "range", help: "Warning range for --metric (replaces the configured level)."),
                OptionSpec("critical", short: "c", valueName: "range", help: "Critical range for --metric (replaces the configured level)."),
            ],
            flags: [OperationsCommandSupport.jsonFlag])
        spec.usageExitCode = 3
        return spec
    }()

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let json = OperationsCommandSupport.mode.isJSON
        let report: CheckReport
        do {
            report = try await check(arguments)
        } catch {
            report = CheckReport(unknown: "\(error)")
        }
        OperationsCommandSupport.out(json ? report.json() : report.line + "\n")
        return report.exitCode
    }

    /// Runs the check; throws (→ UNKNOWN) on any usage or configuration problem.
    static func check(_ arguments: ParsedArguments) async throws -> CheckReport {
        let ranges = try ranges(arguments)
        let timeout = try timeout(arguments)
        let config: OperatorConfig
        do { config = try OperationsCommandSupport.config(arguments) } catch {
            throw CheckUsageError("cannot read the configuration: \(error)")
        }
        let kind = try arguments.optionalString("kind").flatMap(NodeKind.init(rawValue:))
        let names = try arguments.strings("node")
        for name in names where !config.nodes.contains(where: { $0.name == name }) {
            throw CheckUsageError("--node \(name): no such node in the configuration (nodes: \(config.nodes.map(\.name).joined(separator: ", ")))")
        }
        let selected = config.nodes.filter { (names.isEmpty || names.contains($0.name)) && (kind == nil || $0.kind == kind) }
        guard !selected.isEmpty else {
            throw CheckUsageError("no node of kind \(kind?.rawValue ?? "?")\(names.isEmpty ? "" : " among \(names.joined(separator: ", "))") in the configuration")
        }
        let cluster = try ClusterClient(config: config, timeout: timeout, observer: OperationsCommandSupport.requestObserver)
        let readings = await cluster.statuses(of: selected.map(\.name))
        return CheckReport(cluster: config.cluster, assessments: NodeAssessment.assess(readings, thresholds: config.thresholds, ranges: ranges),
                           thresholds: config.thresholds, ranges: ranges)
    }

    /// `-w` / `-c` for `--metric`, or nil when neither is given.
    static func ranges(_ arguments: ParsedArguments) throws -> CheckRanges? {
        func parse(_ flag: String) throws -> MonitoringRange? {
            guard let text = try arguments.optionalString(flag) else { return nil }
            do { return try MonitoringRange(parsing: text) } catch { throw CheckUsageError("-\(flag.first!) \(error)") }
        }
        let warn = try parse("warning"), crit = try parse("critical")
        guard warn != nil || crit != nil else { return nil }
        return CheckRanges(metric: try arguments.string("metric"), warn: warn, crit: crit)
    }

    /// `-t`: whole seconds as Nagios passes them (`-t 10`), or a duration (`500ms`).
    static func timeout(_ arguments: ParsedArguments) throws -> Duration {
        let text = try arguments.string("timeout")
        if let seconds = Int(text), seconds > 0 { return .seconds(seconds) }
        guard let duration = try? DurationText.parse(text), duration > .zero else {
            throw CheckUsageError("-t \(text): give seconds (e.g. -t 10) or a duration (e.g. 500ms)")
        }
        return duration
    }
}

/// A `genetix check` usage or configuration problem: reported as UNKNOWN (exit 3).
struct CheckUsageError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
