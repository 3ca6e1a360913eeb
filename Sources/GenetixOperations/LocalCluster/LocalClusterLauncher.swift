import Foundation
import GenetixConsensus
import GenetixCore
import GenetixNet

/// Starts a local cluster (`genetix up`): prepares the state directory, starts each node as `genetix <kind> …` in
/// its own process group with its output in STATE/logs/NODE.log, records it in STATE/pids.json at once, and waits
/// until it is ready before starting what depends on it. On any failure everything started is stopped again.
public struct LocalClusterLauncher: Sendable {
    public let state: StateDirectory
    public let layout: LocalClusterLayout
    public let executable: String
    /// How long a node may take to become ready (a database's first initdb is the slow one).
    public var readyTimeout: Duration = .seconds(120)

    public init(state: StateDirectory, layout: LocalClusterLayout, executable: String = ChildProcess.currentExecutable) {
        self.state = state
        self.layout = layout
        self.executable = executable
    }

    /// Refuses when a cluster from this state directory is still running.
    public static func ensureNotRunning(_ state: StateDirectory) throws(OperationError) {
        guard let table = try ProcessTable.read(state.processFile) else { return }
        let alive = table.alive
        guard alive.isEmpty else {
            throw .notPossible("a cluster is already running from \(state.path) (\(alive.map { "\($0.name) pid \($0.pid)" }.joined(separator: ", "))); "
                               + "use it (genetix status --config \(state.consoleConfigFile)) or stop it with `genetix down --state-dir \(state.path)`")
        }
    }

    /// Refuses, naming the port and what would listen there, when a port of `layout` is already in use.
    private static func ensurePortsFree(_ layout: LocalClusterLayout) throws(OperationError) {
        guard let taken = LoopbackPortCheck.firstTaken(layout.ports) else { return }
        throw .notPossible("port \(taken.number) (\(taken.owner)) on 127.0.0.1 is already in use by another process; "
                           + "start the cluster on other ports with --base-port (it uses \(layout.basePort) to \(layout.ports.map(\.number).max() ?? layout.basePort))")
    }

    /// Refuses a running cluster or a taken port (writing nothing), prepares the state directory, starts every node
    /// and returns the process table. `supervisor` is this process when it stays in the foreground.
    public func start(supervisor: ProcessTable.Entry?, log: @escaping @Sendable (String) -> Void) async throws(OperationError) -> ProcessTable {
        try Self.ensureNotRunning(state)
        try Self.ensurePortsFree(layout)
        try state.prepare()
        var table = ProcessTable()
        table.supervisor = supervisor
        try table.write(state.processFile)
        let databases = layout.nodes.filter { $0.kind == .database }
        let tiers: [[LocalClusterLayout.Node]] = [Array(databases.prefix(1)), Array(databases.dropFirst()),
                                                  layout.nodes.filter { $0.kind == .app }, layout.nodes.filter { $0.kind == .balancer }]
        do {
            let etcd = try await startEtcd(log: log)
            table.processes.append(etcd)
            try table.write(state.processFile)
            for tier in tiers where !tier.isEmpty {
                var started: [(LocalClusterLayout.Node, ProcessTable.Entry)] = []
                for node in tier {
                    let entry = try launch(name: node.name, role: node.kind.rawValue, arguments: node.arguments)
                    table.processes.append(entry)
                    try table.write(state.processFile)
                    started.append((node, entry))
                    log("started \(node.name) (pid \(entry.pid)), admin \(node.adminURL)")
                }
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for (node, entry) in started {
                        group.addTask { try await waitReady(node, entry) }
                    }
                    try await group.waitForAll()
                }
                for (node, _) in started { log("\(node.name) is ready") }
            }
            try writeOperatorConfig()
        } catch {
            log("start failed; stopping what was started")
            _ = await LocalClusterStopper(state: state, grace: .seconds(10)).stop(table)
            throw error as? OperationError ?? .notPossible("\(error)")
        }
        return table
    }

    /// Starts the local etcd (one member on loopback) and waits until it answers.
    private func startEtcd(log: @Sendable (String) -> Void) async throws(OperationError) -> ProcessTable.Entry {
        let member = layout.etcd
        guard FileManager.default.isExecutableFile(atPath: member.executable) else {
            throw .notPossible("\(member.executable) not found: the database nodes need etcd to decide who is primary; install it with scripts/setup (Debian's etcd-server)")
        }
        do { try FileManager.default.createDirectory(atPath: member.dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]) } catch {
            throw .notPossible("cannot create etcd's data directory \(member.dataDirectory): \(error)")
        }
        let logFile = state.logFile("etcd")
        let pid = try ChildProcess.spawn(member.executable, member.arguments, logFile: logFile, newGroup: true)
        let entry = ProcessTable.Entry(name: "etcd", role: "etcd", pid: pid, pgid: pid, startTicks: ProcessProbe.startTicks(pid) ?? 0, log: logFile,
                                       arguments: member.arguments)
        log("started etcd (pid \(pid)), client \(member.clientURL)")
        let deadline = ContinuousClock.now + .seconds(30)
        let client: EtcdClient
        do { client = try EtcdClient(endpoints: [member.clientURL], timeout: .seconds(1)) } catch { throw .notPossible("\(error)") }
        while ContinuousClock.now < deadline {
            if ChildProcess.reapIfExited(pid) {
                await client.close()
                throw .notPossible("etcd exited while starting (port \(member.clientPort) or \(member.peerPort) taken?); the end of \(logFile):\n" + Self.tail(logFile))
            }
            if (try? await client.range("/genetix/")) != nil {
                await client.close()
                log("etcd is ready")
                return entry
            }
            try? await Task.sleep(for: .milliseconds(200))
        }
        await client.close()
        kill(-pid, SIGKILL)
        throw .notPossible("etcd did not answer within 30 s; the end of \(logFile):\n" + Self.tail(logFile))
    }

    /// Starts `genetix load` against the balancer and records it.
    public func startLoad(rps: Double, table: inout ProcessTable) throws(OperationError) {
        let entry = try launch(name: "load", role: "load", arguments: ["load", "--rps", OperatorConfigParser.number(rps), "--target", layout.httpsURL,
                                                                        "--ca", state.certificateFile,
                                                                        "--record", state.logsDirectory + "/load-responses.jsonl"])
        table.processes.append(entry)
        try table.write(state.processFile)
    }

    /// Writes STATE/config.json for the console and the headless commands (mode 0600: it names the token files).
    public func writeOperatorConfig() throws(OperationError) {
        do { try StateDirectory.writeSecret(layout.consoleConfigJSON(state: state), to: state.consoleConfigFile) } catch {
            throw .notPossible("cannot write \(state.consoleConfigFile): \(error)")
        }
    }

    private func launch(name: String, role: String, arguments: [String]) throws(OperationError) -> ProcessTable.Entry {
        let logFile = state.logFile(name)
        let pid = try ChildProcess.spawn(executable, arguments, logFile: logFile, newGroup: true)
        return ProcessTable.Entry(name: name, role: role, pid: pid, pgid: pid, startTicks: ProcessProbe.startTicks(pid) ?? 0, log: logFile,
                                  arguments: arguments)
    }

    private func waitReady(_ node: LocalClusterLayout.Node, _ entry: ProcessTable.Entry) async throws(OperationError) {
        let http = HTTPClient(configuration: HTTPClientConfiguration(timeout: .seconds(2), maxIdlePerOrigin: 1))
        defer { Task { await http.shutdown() } }
        let deadline = ContinuousClock.now + readyTimeout
        while ContinuousClock.now < deadline {
            if ChildProcess.reapIfExited(entry.pid) {
                throw .notPossible("\(node.name) exited while starting; the end of \(entry.log ?? "its log"):\n" + Self.tail(entry.log))
            }
            if let response = try? await http.get(node.adminURL + "/readyz"), response.status == 200 { return }
            try? await Task.sleep(for: .milliseconds(200))
        }
        throw .notPossible("\(node.name) was not ready within \(DurationFormat.short(readyTimeout)); the end of \(entry.log ?? "its log"):\n" + Self.tail(entry.log))
    }

    /// The last lines of a log file, indented.
    static func tail(_ path: String?, lines: Int = 15) -> String {
        guard let path, let text = try? String(contentsOfFile: path, encoding: .utf8) else { return "  (no log)" }
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).map { "  " + $0 }.joined(separator: "\n")
    }
}
