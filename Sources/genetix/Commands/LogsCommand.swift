import Foundation
import GenetixCommandLine
import GenetixCore
import GenetixOperations

/// `genetix logs [NODE...] [-n N] [--since 10m] [--level warn] [--grep REGEX] [--follow] [--output text|json]`.
enum LogsCommand: Command {
    static let spec = CommandSpec(
        name: "logs",
        abstract: "Logs of all nodes (or those named), merged in time order.",
        discussion: "-n N keeps the last N matching entries of the merged timeline, like tail -n; with --follow new entries are printed until SIGINT or SIGTERM (exit 0).",
        arguments: [PositionalSpec("node", help: "Only these nodes.", isOptional: true, isRepeating: true)],
        options: OperationsCommandSupport.configOptions + [
            OptionSpec("lines", short: "n", valueName: "n", help: "Only the last N matching entries (0 to \(maximumLines)), as tail -n."),
            OptionSpec("since", valueName: "duration", help: "Only entries newer than this (e.g. 10m, 1h)."),
            OptionSpec("level", valueName: "level", help: "Least severe level shown.",
                       allowedValues: ["trace", "debug", "info", "notice", "warn", "error", "critical"]),
            OptionSpec("grep", valueName: "regex", help: "Only entries whose message, source or a field matches."),
        ],
        flags: [FlagSpec("follow", short: "f", help: "Keep printing new entries until interrupted (Ctrl-C exits 0)."),
                OutputMode.jsonFlag(help: "One JSON object per line (LogEntry with its node); the same as --output json.")])

    /// The most `-n` accepts: far beyond any node's ring, so only a typo is refused.
    static let maximumLines = 1_000_000

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let lines = try arguments.optionalInt("lines", in: 0...maximumLines)
        let since = try arguments.optionalDuration("since").map { Date().addingTimeInterval(-DurationFormat.milliseconds($0) / 1000) }
        let query = try LogQuery(nodes: try arguments.arguments("node"), since: since,
                                 level: try arguments.optionalString("level").flatMap(LogLevel.init(parsing:)),
                                 pattern: try arguments.optionalString("grep"))
        let json = OperationsCommandSupport.mode.isJSON
        let style = OperationsCommandSupport.style
        let logs = ClusterLogs(cluster: try OperationsCommandSupport.cluster(arguments))
        let (entries, cursors, failures) = try await logs.read(query)
        let print: @Sendable ([LogEntry]) -> Void = { batch in
            var text = ""
            for e in batch { text += (json ? TimelineFormat.jsonLine(e) : TimelineFormat.line(e, style: style)) + "\n" }
            if !text.isEmpty { OperationsCommandSupport.out(text) }
        }
        print(lines.map { Array(entries.suffix($0)) } ?? entries)
        for failure in failures { OperationsCommandSupport.warn("\(failure)") }
        guard try arguments.flag("follow") else { return failures.contains { $0.exitCode == 3 } ? 3 : failures.isEmpty ? 0 : 1 }
        _ = await UntilInterrupted.run {
            try? await logs.follow(query, from: cursors, handle: { print($0) }, failure: { OperationsCommandSupport.warn("\($0)") })
        }
        return 0
    }
}
