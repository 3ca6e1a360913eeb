import Foundation
import GenetixCommandLine
import GenetixCore
import GenetixOperations

/// `genetix logs [NODE...] [--since 10m] [--level warn] [--grep REGEX] [--follow] [--json]`.
enum LogsCommand: Command {
    static let spec = CommandSpec(
        name: "logs",
        abstract: "Logs of all nodes (or those named), merged in time order.",
        arguments: [PositionalSpec("node", help: "Only these nodes.", isOptional: true, isRepeating: true)],
        options: OperationsCommandSupport.configOptions + [
            OptionSpec("since", valueName: "duration", help: "Only entries newer than this (e.g. 10m, 1h)."),
            OptionSpec("level", valueName: "level", help: "Least severe level shown.",
                       allowedValues: ["trace", "debug", "info", "notice", "warn", "error", "critical"]),
            OptionSpec("grep", valueName: "regex", help: "Only entries whose message, source or a field matches."),
        ],
        flags: [FlagSpec("follow", short: "f", help: "Keep printing new entries until interrupted."),
                FlagSpec("json", help: "One JSON object per line (LogEntry with its node).")])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let since = try arguments.optionalDuration("since").map { Date().addingTimeInterval(-DurationFormat.milliseconds($0) / 1000) }
        let query = try LogQuery(nodes: try arguments.arguments("node"), since: since,
                                 level: try arguments.optionalString("level").flatMap(LogLevel.init(parsing:)),
                                 pattern: try arguments.optionalString("grep"))
        let json = try arguments.flag("json")
        let style = OperationsCommandSupport.style
        let logs = ClusterLogs(cluster: try OperationsCommandSupport.cluster(arguments))
        let (entries, cursors, failures) = try await logs.read(query)
        let print: @Sendable ([LogEntry]) -> Void = { batch in
            var text = ""
            for e in batch { text += (json ? TimelineFormat.jsonLine(e) : TimelineFormat.line(e, style: style)) + "\n" }
            OperationsCommandSupport.out(text)
        }
        print(entries)
        for failure in failures { OperationsCommandSupport.err("warning: \(failure)\n") }
        guard try arguments.flag("follow") else { return failures.contains { $0.exitCode == 3 } ? 3 : failures.isEmpty ? 0 : 1 }
        try await logs.follow(query, from: cursors, handle: { print($0) }, failure: { OperationsCommandSupport.err("warning: \($0)\n") })
        return 0
    }
}
