import Foundation
import GenetixAdmin
import GenetixCommandLine
import GenetixCore
import GenetixOperations

extension OperationError: ExitCodeError {}

extension OperatorConfigError: ExitCodeError {
    /// A configuration that cannot be used is a usage problem.
    public var exitCode: Int32 { 64 }
}

/// A mutating command run without a terminal and without `--yes`.
struct ConfirmationRequired: ExitCodeError {
    let command: String
    var exitCode: Int32 { 64 }
    var description: String {
        "standard input is not a terminal, so there is no one to confirm; add --yes to run `\(command)` unattended (e.g. from cron)"
    }
}

/// What every operations command shares: the configuration flags, loading the configuration, printing, and the
/// preflight + confirmation of mutating actions.
enum OperationsCommandSupport {
    /// `--config FILE` and `--timeout`.
    static let configOptions = [
        OptionSpec("config", valueName: "file",
                   help: "Console configuration (default: $GENETIX_CONFIG, ./genetix.json, $XDG_CONFIG_HOME/genetix/config.json)."),
        OptionSpec("timeout", valueName: "duration", help: "How long to wait for each node.", defaultValue: "2s"),
    ]

    /// `--json`, the alias of `--output json` (the tool adds `--output`, `-q` and `-v` to every command with it).
    static let jsonFlag = OutputMode.jsonFlag()

    /// `--yes`.
    static let yesFlag = FlagSpec("yes", short: "y", help: "Do not ask for confirmation (required when stdin is not a terminal).")

    /// Loads the configuration named by the flags and the environment (`-v` says which file and how many nodes).
    static func config(_ arguments: ParsedArguments) throws -> OperatorConfig {
        let config = try OperatorConfigLoader().load(explicit: try arguments.optionalString("config"))
        verbose("configuration \(config.path): cluster \(config.cluster), \(config.nodes.count) nodes")
        return config
    }

    /// A cluster client over the configuration, with the `--timeout` per node; with `-v`, every request it makes
    /// is printed on standard error with its answer and timing.
    static func cluster(_ arguments: ParsedArguments) throws -> ClusterClient {
        try ClusterClient(config: try config(arguments), timeout: try arguments.duration("timeout"), observer: requestObserver)
    }

    /// With `-v`, prints every admin request with its answer and timing; nil otherwise.
    static var requestObserver: (@Sendable (AdminExchange) -> Void)? {
        guard mode.isVerbose else { return nil }
        return { exchange in verbose(VerboseTrace.line(exchange)) }
    }

    /// The output mode of the running command (`--output`, `-q`, `-v`).
    static var mode: OutputMode { OutputMode.current }

    /// The output style of standard output.
    static var style: TextStyle { TextStyle.detect(fd: 1) }

    /// The command's result, on standard output; nothing with `-q`.
    static func out(_ text: String) {
        guard mode.printsResult else { return }
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Errors, prompts and progress, on standard error.
    static func err(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }

    /// `warning: …` on standard error; nothing with `-q`.
    static func warn(_ text: String) {
        guard mode.printsWarnings else { return }
        err("warning: \(text)\n")
    }

    /// `genetix: …` on standard error with `-v` only.
    static func verbose(_ text: String) {
        guard mode.isVerbose else { return }
        err("genetix: \(text)\n")
    }

    /// Runs a mutating action the headless way: refuse without a terminal unless `--yes`; show the preflight; ask;
    /// run; print the outcome. Exit 0 done, 1 refused or failed, 3 unreachable, 64 usage.
    static func runAction(_ action: ClusterAction, _ arguments: ParsedArguments) async throws -> Int32 {
        let yes = try arguments.flag("yes")
        let json = mode.isJSON
        if !yes && isatty(0) != 1 { throw ConfirmationRequired(command: action.headlessCommand) }
        let cluster = try cluster(arguments)
        let runner = ClusterOperator(cluster: cluster)
        if let node = action.namedNode { _ = try cluster.node(node) }
        let preflight = await runner.preflight(action)
        // The preflight is the question's context: shown whenever there is a question, and as the text result otherwise.
        if !yes || (!json && mode.printsResult) {
            var text = style.bold(action.title) + "\n"
            for line in preflight.lines { text += "  \(line)\n" }
            for warning in preflight.warnings { text += "  " + style.paint("warning: ", .warning) + warning + "\n" }
            (json || !mode.printsResult ? err : out)(text)
        }
        if let blocker = preflight.blocker {
            if json { out(ActionReport(action: action, preflight: preflight, outcome: nil, error: blocker).json()) }
            err("error: \(blocker)\n")
            return blockerExitCode(blocker, action: action, cluster: cluster)
        }
        if !yes {
            err("Proceed? [y/N] ")
            let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
            guard answer == "y" || answer == "yes" else {
                err("cancelled; nothing was changed\n")
                return 1
            }
        }
        do {
            let outcome = try await runner.perform(action, checked: preflight)
            let failed = outcome.steps.contains { !$0.ok }
            if json {
                out(ActionReport(action: action, preflight: preflight, outcome: outcome, error: nil).json())
            } else {
                out(style.paint(failed ? "partly done: " : "done: ", failed ? .warning : .ok) + outcome.summary + "\n")
                for line in outcome.details { out("  \(line)\n") }
            }
            return failed ? 1 : 0
        } catch {
            if json { out(ActionReport(action: action, preflight: preflight, outcome: nil, error: error.description).json()) }
            throw error
        }
    }

    /// A blocker that came from an unreachable node exits 3; any other exits 1.
    private static func blockerExitCode(_ blocker: String, action: ClusterAction, cluster: ClusterClient) -> Int32 {
        blocker.contains("could not be reached") ? 3 : 1
    }
}

/// The `--json` body of a mutating command: `{"schema": 1, "action", "command", "preflight", "outcome", "error"}`;
/// `pause` and `resume` also keep the `paused` and `summary` fields their reports had before they joined this road.
struct ActionReport: Encodable {
    var schema = 1
    var action: String
    var command: String
    var preflight: PreflightReport
    var outcome: OperationOutcome?
    var error: String?
    var paused: Bool?
    var summary: String?

    init(action: ClusterAction, preflight: PreflightReport, outcome: OperationOutcome?, error: String?) {
        self.action = action.title
        command = action.headlessCommand
        self.preflight = preflight
        self.outcome = outcome
        self.error = error
        switch action {
        case .pause, .resume:
            paused = if case .pause = action { true } else { false }
            summary = outcome?.summary
        default:
            break
        }
    }

    func json() -> String { String(decoding: GenetixJSON.encode(self, pretty: true), as: UTF8.self) + "\n" }
}
