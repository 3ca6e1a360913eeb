import Foundation
import GenetixCommandLine
import GenetixOperations

/// `genetix events [--since 1h] [--json]`: the incident timeline.
enum EventsCommand: Command {
    static let spec = CommandSpec(
        name: "events",
        abstract: "The incident timeline: every node's events and audited actions, merged, with the actor.",
        options: OperationsCommandSupport.configOptions + [
            OptionSpec("since", valueName: "duration", help: "Only events newer than this.", defaultValue: "1h"),
        ],
        flags: [OperationsCommandSupport.jsonFlag])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let since = Date().addingTimeInterval(-DurationFormat.milliseconds(try arguments.duration("since")) / 1000)
        let logs = ClusterLogs(cluster: try OperationsCommandSupport.cluster(arguments))
        let (events, failures) = await logs.events(since: since)
        OperationsCommandSupport.out(try arguments.flag("json") ? TimelineFormat.eventsJSON(events)
                                     : TimelineFormat.eventsTable(events, style: OperationsCommandSupport.style))
        for failure in failures { OperationsCommandSupport.err("warning: \(failure)\n") }
        return failures.contains { $0.exitCode == 3 } ? 3 : failures.isEmpty ? 0 : 1
    }
}
