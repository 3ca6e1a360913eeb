import GenetixCommandLine
import GenetixCore

/// Every command of `genetix`, in the order `genetix --help` lists them.
///
/// Adding a command: one file in `Commands/` with a type conforming to `Command`, and one line in `commands`.
enum CommandRegistry {
    /// The top-level commands.
    static let commands: [any Command.Type] = [
        VersionCommand.self,
        HTTPEchoCommand.self,
        DatabaseCommand.self,
        AppCommand.self,
        AppWorkerCommand.self,
        UpCommand.self,
        DownCommand.self,
        StatusCommand.self,
        CheckCommand.self,
        ScaleCommand.self,
        AutoscaleCommand.self,
        RestartCommand.self,
        DrainCommand.self,
        EnableCommand.self,
        PromoteCommand.self,
        PauseCommand.self,
        ResumeCommand.self,
        WeightCommand.self,
        PurgeCommand.self,
        FenceCommand.self,
        UnfenceCommand.self,
        FollowCommand.self,
        RejoinCommand.self,
        SyncCommand.self,
        LogsCommand.self,
        EventsCommand.self,
        LoadCommand.self,
        CertCommand.self,
        PrometheusTargetsCommand.self,
        StandbyCommand.self,
        KeepalivedConfigCommand.self,
        BalancerCommand.self,
        ConsoleCommand.self,
        CompletionCommand.self,
        ManCommand.self,
        CompleteNodesCommand.self,
    ]

    /// The whole tool: the root declaration (`--help`, `--version`, `help CMD`) over `commands`.
    static var tool: CommandLineTool {
        CommandLineTool(
            name: "genetix",
            abstract: "Run and operate a Genetix cluster: app, balancer and database nodes and their console.",
            version: GenetixVersion.string,
            commands: commands)
    }
}
