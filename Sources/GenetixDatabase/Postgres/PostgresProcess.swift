import Foundation
import GenetixCore
#if canImport(Glibc)
import Glibc
#endif

/// Runs and supervises the postmaster: spawns `postgres -D DIR` (as the server's account), restarts it with backoff
/// when it dies (`postgres.crashed` / `postgres.restarted` events), stops it with a fast shutdown, and adopts a
/// postmaster left running by an agent that died (so `kill -9` of the agent never takes the database down).
///
/// Without etcd postgres is deliberately not tied to the agent's life (no parent-death signal, its own process
/// group). With etcd (`startAsStandby`) it is: the postmaster is forked from `SpawnThread` (a thread that lives as
/// long as the agent) with PR_SET_PDEATHSIG = SIGINT, so when the agent dies — `kill -9` included — postgres makes a
/// fast shutdown and acknowledges no more writes, instead of running writable with nobody renewing the lease.
actor PostgresProcess {
    private let binaries: PostgresBinaries
    private let paths: DatabasePaths
    private let account: SystemAccount
    private let settings: DatabaseSettings
    private let events: EventStore
    private let logger: Logger

    /// The postmaster's pid while one runs.
    private(set) var pid: pid_t?
    /// True when the postmaster was found running rather than spawned (it is not our child).
    private(set) var adopted = false
    /// How many times the agent restarted a dead postmaster.
    private(set) var restarts = 0
    private var wanted = false
    private var startedAt = Date()
    private var failures = 0
    private var nextAttempt = Date.distantPast
    private var supervisor: Task<Void, Never>?
    /// Set by `detach()`: this agent starts no postmaster any more.
    private var detached = false
    /// With etcd: every launch starts as a standby (standby.signal written first); only the agent's promotion after
    /// taking the leader key makes postgres writable — after a crash, a reboot or an agent restart alike.
    private let startAsStandby: Bool

    init(binaries: PostgresBinaries, paths: DatabasePaths, account: SystemAccount, settings: DatabaseSettings,
         events: EventStore, logger: Logger, startAsStandby: Bool = false) {
        self.startAsStandby = startAsStandby
        self.binaries = binaries
        self.paths = paths
        self.account = account
        self.settings = settings
        self.events = events
        self.logger = logger
    }

    /// Whether the postmaster is alive now.
    var isRunning: Bool {
        guard let pid else { return false }
        return isAlive(pid)
    }

    /// Starts (or adopts) the postmaster and supervises it until `stop()`.
    /// Does nothing once `detach()` ran: an agent that let go of its postgres (it exits, or a test abandoned it as if
    /// killed) must not start another one from a step still in flight (a demotion's restart).
    func start() async throws(DatabaseError) {
        guard !detached else { return }
        wanted = true
        if pid == nil { try await launchOrAdopt() }
        if supervisor == nil {
            supervisor = Task { [weak self] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(100))
                    await self?.check()
                }
            }
        }
    }

    /// Fast shutdown (SIGINT: ends sessions, checkpoints, exits); escalates to SIGQUIT and SIGKILL if it hangs.
    /// Supervision pauses until the next `start()`.
    func stop(timeout: Duration = .seconds(30)) async {
        wanted = false
        guard let pid else { return }
        logger.info("stopping postgres (fast shutdown)", fields: ["pid": String(pid)])
        kill(pid, SIGINT)
        if await waitForExit(pid, timeout: timeout) == false {
            logger.warn("postgres did not stop within \(timeout); sending SIGQUIT", fields: ["pid": String(pid)])
            kill(pid, SIGQUIT)
            if await waitForExit(pid, timeout: .seconds(5)) == false {
                kill(pid, SIGKILL)
                _ = await waitForExit(pid, timeout: .seconds(5))
            }
        }
        self.pid = nil
        adopted = false
    }

    /// Ends supervision without stopping postgres (the agent exits but the database keeps serving).
    func detach() {
        detached = true
        supervisor?.cancel()
        supervisor = nil
        wanted = false
    }

    private func launchOrAdopt() async throws(DatabaseError) {
        if let existing = PostmasterPIDFile(path: paths.postmasterPID), existing.pid != getpid(),
           PostmasterPIDFile.isLivePostgres(existing.pid) {
            if existing.port == nil || existing.port == settings.port {
                pid = existing.pid
                adopted = true
                startedAt = Date()
                logger.notice("adopted a running postgres left by an earlier agent", fields: ["pid": String(existing.pid)])
                events.emit(type: "postgres.adopted", message: "adopted running postgres (pid \(existing.pid))", target: settings.name)
                return
            }
            logger.warn("a postgres on port \(existing.port ?? 0) runs on this data directory; stopping it", fields: ["pid": String(existing.pid)])
            kill(existing.pid, SIGINT)
            let deadline = Date().addingTimeInterval(30)
            while PostmasterPIDFile.isLivePostgres(existing.pid) && Date() < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        }
        try await launch()
    }

    private func launch() async throws(DatabaseError) {
        if startAsStandby && FileManager.default.fileExists(atPath: paths.dataDirectory + "/PG_VERSION")
            && !FileManager.default.fileExists(atPath: paths.standbySignal) {
            guard FileManager.default.createFile(atPath: paths.standbySignal, contents: Data()) else {
                throw .dataDirectoryUnwritable(path: paths.standbySignal, reason: "cannot create it (needed to start as a standby)")
            }
            try account.own(paths.standbySignal)
            logger.notice("starting postgres as a standby: it becomes writable only once this node holds the leader key")
        }
        let fd = open(paths.serverLog, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        if fd < 0 { throw .dataDirectoryUnwritable(path: paths.serverLog, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        try? account.own(paths.serverLog)
        let arguments = [
            "-D", paths.dataDirectory, "-c", "port=\(settings.port)", "-c", "listen_addresses=\(settings.listenHost)",
            "-c", "unix_socket_directories=\(paths.socketDirectory)", "-c", "cluster_name=\(settings.slotName)",
        ]
        let (program, environment, account, directory) = (binaries.postgres, ChildSpawner.environment(for: account), account, paths.dataDirectory)
        let tied = startAsStandby
        let child = try await SpawnThread.shared.run { () throws(DatabaseError) -> pid_t in
            try ChildSpawner.spawn(program, arguments, environment: environment, account: account, outputFD: fd,
                                   newProcessGroup: true, dieWithParent: tied, parentDeathSignal: SIGINT, workingDirectory: directory)
        }
        pid = child
        adopted = false
        startedAt = Date()
        logger.info("started postgres", fields: ["pid": String(child), "port": String(settings.port)])
    }

    /// One supervision step: notice a death, restart when the backoff allows.
    private func check() async {
        guard wanted else { return }
        if let current = pid {
            guard let status = exitStatus(current) else { return }
            pid = nil
            let uptime = Date().timeIntervalSince(startedAt)
            failures = uptime > 30 ? 1 : failures + 1
            let delay = min(10.0, 0.25 * pow(2.0, Double(failures - 1)))
            nextAttempt = Date().addingTimeInterval(delay)
            logger.error("postgres \(status); restarting in \(String(format: "%.2f", delay)) s", fields: ["pid": String(current)])
            events.emit(type: "postgres.crashed", severity: .crit, message: "postgres (pid \(current)) \(status)",
                        target: settings.name, fields: ["pid": String(current), "restartIn": String(format: "%.2f", delay)])
            return
        }
        guard Date() >= nextAttempt else { return }
        do {
            try await launchOrAdopt()
            restarts += 1
            if let pid {
                events.emit(type: "postgres.restarted", severity: .warn, message: "postgres restarted (pid \(pid))",
                            target: settings.name, fields: ["pid": String(pid), "restarts": String(restarts)])
            }
        } catch {
            failures += 1
            nextAttempt = Date().addingTimeInterval(min(10.0, 0.25 * pow(2.0, Double(failures - 1))))
            logger.error("cannot restart postgres: \(error)")
        }
    }

    /// nil while `pid` lives; a description of how it ended otherwise (reaping it when it is our child).
    private func exitStatus(_ pid: pid_t) -> String? {
        if adopted { return PostmasterPIDFile.isLivePostgres(pid) ? nil : "exited (adopted process, status unknown)" }
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        if result == 0 { return nil }
        if result == pid { return ChildSpawner.describe(status) }
        return isAlive(pid) ? nil : "exited"
    }

    /// Alive and not a zombie (a dead child is reaped by the supervisor's next `check()`).
    private func isAlive(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        let state = stat[stat.index(close, offsetBy: 2)...].first
        return state != "Z" && state != "X"
    }

    private func waitForExit(_ pid: pid_t, timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if adopted {
                if !PostmasterPIDFile.isLivePostgres(pid) { return true }
            } else {
                var status: Int32 = 0
                let result = waitpid(pid, &status, WNOHANG)
                if result == pid || (result < 0 && errno == ECHILD) { return true }
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }
}
