import Foundation
import GenetixCommandLine
import GenetixOperations

/// `genetix down [--state-dir DIR]`: stops everything a `genetix up` started from the state directory.
enum DownCommand: Command {
    static let spec = CommandSpec(
        name: "down",
        abstract: "Stop every process started from a state directory by `genetix up` (PostgreSQL included).",
        options: [
            OptionSpec("state-dir", valueName: "dir", help: "The state directory of the cluster.", defaultValue: ".genetix"),
            OptionSpec("grace", valueName: "duration", help: "Time each tier gets after SIGTERM before SIGKILL.", defaultValue: "15s"),
        ])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let state = StateDirectory(path: try arguments.string("state-dir"))
        let table = try ProcessTable.read(state.processFile)
        let stopper = LocalClusterStopper(state: state, grace: try arguments.duration("grace"))
        if table == nil && stopper.postmasters().isEmpty {
            OperationsCommandSupport.out("nothing to stop: \(state.processFile) does not exist\n")
            return 0
        }
        let report = await stopper.stop(table) { OperationsCommandSupport.err("down: \($0)\n") }
        UpCommand.finish(report, state: state, command: "down")
        if report.survivors.isEmpty { OperationsCommandSupport.out("stopped; nothing started from \(state.path) is running\n") }
        return report.survivors.isEmpty ? 0 : 1
    }
}
