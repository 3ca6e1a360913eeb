import Foundation
import GenetixCommandLine
import GenetixCore
import GenetixOperations

/// `genetix events [--since 1h] [--follow] [--output text|json|wide]`: the incident timeline.
enum EventsCommand: Command {
    static let spec = CommandSpec(
        name: "events",
        abstract: "The incident timeline: every node's events and audited actions, merged, with the actor.",
        discussion: "With --follow, new events are printed as they happen until SIGINT or SIGTERM (exit 0); with --output json each is one JSON object on its own line.",
        options: OperationsCommandSupport.configOptions + [
            OptionSpec("since", valueName: "duration", help: "Only events newer than this.", defaultValue: "1h"),
        ],
        flags: [OperationsCommandSupport.jsonFlag,
                FlagSpec("follow", short: "f", help: "Keep printing new events until interrupted (Ctrl-C exits 0).")])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let since = Date().addingTimeInterval(-DurationFormat.milliseconds(try arguments.duration("since")) / 1000)
        let follow = try arguments.flag("follow")
        let logs = ClusterLogs(cluster: try OperationsCommandSupport.cluster(arguments))
        let mode = OperationsCommandSupport.mode
        let style = OperationsCommandSupport.style
        let read = await logs.readEvents(since: since)
        for failure in read.failures { OperationsCommandSupport.warn("\(failure)") }
        guard follow else {
            OperationsCommandSupport.out(mode.isJSON ? TimelineFormat.eventsJSON(read.events)
                                         : TimelineFormat.eventsTable(read.events, style: style, wide: mode.format == .wide))
            return read.failures.contains { $0.exitCode == 3 } ? 3 : read.failures.isEmpty ? 0 : 1
        }
        // Following: one line per event, the ones already there first, so a reader of the stream sees one format.
        let print: @Sendable ([NodeEvent]) -> Void = { batch in
            var text = ""
            for e in batch {
                text += (mode.isJSON ? TimelineFormat.eventJSONLine(e) : TimelineFormat.eventLine(e, style: style, wide: mode.format == .wide)) + "\n"
            }
            if !text.isEmpty { OperationsCommandSupport.out(text) }
        }
        print(read.events)
        _ = await UntilInterrupted.run {
            await logs.followEvents(from: read.cursors, handle: { print($0) }, failure: { OperationsCommandSupport.warn("\($0)") })
        }
        return 0
    }
}
