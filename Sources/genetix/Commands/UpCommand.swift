import Foundation
import GenetixAdmin
import GenetixCommandLine
import GenetixOperations

/// `genetix up`: a whole local cluster on 127.0.0.1 in one command.
enum UpCommand: Command {
    static let spec = CommandSpec(
        name: "up",
        abstract: "Start a local cluster: database primary + replicas, app nodes, a balancer (HTTP and HTTPS), load, console.",
        discussion: "Everything lives under the state directory: tokens, secrets, certificate, data, logs (STATE/logs/NODE.log), pids.json and config.json for the console and the headless commands. Ctrl-C stops it all; with --detach it keeps running until `genetix down`.",
        options: [
            OptionSpec("state-dir", valueName: "dir", help: "Where the cluster keeps its files.", defaultValue: ".genetix"),
            OptionSpec("base-port", valueName: "port", help: "Balancer HTTP port; HTTPS is +1, admin APIs from +10, PostgreSQL from +50, workers from +100.",
                       defaultValue: "8080"),
            OptionSpec("app-nodes", valueName: "n", help: "App nodes.", defaultValue: "2"),
            OptionSpec("workers", valueName: "n", help: "Workers per app node.", defaultValue: "2"),
            OptionSpec("replicas", valueName: "n", help: "Database replicas beside the primary.", defaultValue: "1"),
            OptionSpec("load", valueName: "rps", help: "Requests per second of built-in load; 0 for none.", defaultValue: "2"),
        ],
        flags: [FlagSpec("detach", help: "Return once the cluster is ready and leave it running (stop it with `genetix down`)."),
                FlagSpec("console", help: "Open the console once ready (when this build has it).", hasInversion: true, defaultValue: true)])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        SignalWaiter.ignoreSIGPIPE()
        let state = StateDirectory(path: try arguments.string("state-dir"))
        let detach = try arguments.flag("detach")
        let rps = try arguments.double("load", in: 0...10_000)
        guard rps >= 0 else { throw OperationError.invalidArgument("--load must be 0 or more requests per second") }
        // `start` refuses a running cluster and a taken port before it prepares the state directory (nothing is
        // written on a refusal), then prepares it.
        let layout = try LocalClusterLayout(state: state, basePort: try arguments.int("base-port"), appNodes: try arguments.int("app-nodes"),
                                            workers: try arguments.int("workers"), replicas: try arguments.int("replicas"))
        let launcher = LocalClusterLauncher(state: state, layout: layout)
        let me = ProcessTable.Entry(name: "up", role: "up", pid: getpid(), pgid: getpgrp(), startTicks: ProcessProbe.startTicks(getpid()) ?? 0,
                                    log: nil, arguments: Array(CommandLine.arguments.dropFirst()))
        let say: @Sendable (String) -> Void = { OperationsCommandSupport.err("up: \($0)\n") }
        // Ctrl-C or SIGTERM at any point stops everything started from the state directory.
        let interrupted = Task {
            _ = await SignalWaiter.wait()
            say("stopping the cluster")
            let report = await LocalClusterStopper(state: state).stop(log: say)
            finish(report, state: state)
            exit(report.survivors.isEmpty ? 130 : 1)
        }
        var table = try await launcher.start(supervisor: detach ? nil : me, log: say)
        if rps > 0 { try launcher.startLoad(rps: rps, table: &table) }
        OperationsCommandSupport.out(summary(layout, state: state, load: rps))
        if detach {
            interrupted.cancel()
            OperationsCommandSupport.out("Detached. Stop it with: genetix down --state-dir \(state.path)\n")
            return 0
        }
        let consoleAvailable = CommandRegistry.commands.contains { $0.spec.name == "console" }
        if try arguments.flag("console"), consoleAvailable, isatty(0) == 1 {
            let pid = try ChildProcess.spawn(ChildProcess.currentExecutable, ["console", "--config", state.consoleConfigFile], logFile: nil,
                                             newGroup: false, inheritStdin: true)
            table.processes.append(ProcessTable.Entry(name: "console", role: "console", pid: pid, pgid: getpgrp(),
                                                      startTicks: ProcessProbe.startTicks(pid) ?? 0, log: nil, arguments: ["console"]))
            try table.write(state.processFile)
            _ = await ChildProcess.wait(pid)
        } else {
            let cluster = try ClusterClient(config: try OperatorConfigLoader().load(path: state.consoleConfigFile))
            let report = await StatusCommand.snapshot(cluster)
            OperationsCommandSupport.out("\n" + report.table(style: OperationsCommandSupport.style) + "\nRunning. Press Ctrl-C to stop.\n")
            await withCheckedContinuation { (_: CheckedContinuation<Void, Never>) in }
        }
        interrupted.cancel()
        say("stopping the cluster")
        let report = await LocalClusterStopper(state: state).stop(table, log: say)
        finish(report, state: state)
        return report.survivors.isEmpty ? 0 : 1
    }

    /// Reports survivors, and removes the process table once nothing it lists is alive.
    static func finish(_ report: LocalClusterStopper.Report, state: StateDirectory, command: String = "up") {
        for line in report.lines { OperationsCommandSupport.err("\(command): \(line)\n") }
        if report.survivors.isEmpty {
            try? FileManager.default.removeItem(atPath: state.processFile)
        } else {
            OperationsCommandSupport.err("\(command): still running: \(report.survivors.joined(separator: ", ")); try `genetix down --state-dir \(state.path)`\n")
        }
    }

    static func summary(_ layout: LocalClusterLayout, state: StateDirectory, load: Double) -> String {
        var out = "\nGenetix is up:\n"
        out += "  web        \(layout.httpURL)/  and  \(layout.httpsURL)/  (curl --cacert \(state.certificateFile))\n"
        for node in layout.nodes { out += "  \(node.name.padding(toLength: 10, withPad: " ", startingAt: 0)) admin \(node.adminURL)\n" }
        out += "  config     \(state.consoleConfigFile)   e.g. genetix status --config \(state.consoleConfigFile)\n"
        out += "  logs       \(state.logsDirectory)/\n"
        if let reason = state.dataRootReason {
            out += "  data       \(state.dataRoot)/  (not in the state directory: \(reason))\n"
        }
        out += "  load       \(load > 0 ? "\(OperatorConfigParserNumber.text(load)) requests/s" : "off")\n"
        return out
    }
}

/// Formats a number without a useless `.0`.
enum OperatorConfigParserNumber {
    static func text(_ d: Double) -> String { d.rounded() == d ? String(Int(d)) : String(d) }
}
