import Foundation

/// Stops everything a `genetix up` started: SIGTERM to each process group, tier by tier (load and console, the
/// balancer, the app nodes, the databases), SIGKILL after a deadline, then any PostgreSQL postmaster still running
/// in the state directory's data folders (`pg_ctl stop -m immediate` as the data folder's owner).
public struct LocalClusterStopper: Sendable {
    public let state: StateDirectory
    /// Time each tier gets to stop after SIGTERM before SIGKILL.
    public var grace: Duration

    public init(state: StateDirectory, grace: Duration = .seconds(15)) {
        self.state = state
        self.grace = grace
    }

    /// What stopping did, line by line, and whether anything survived.
    public struct Report: Sendable {
        public var lines: [String] = []
        public var survivors: [String] = []
    }

    /// Stops the processes of `table` (the state directory's table when nil), then leftover postmasters.
    public func stop(_ table: ProcessTable? = nil, log: @Sendable (String) -> Void = { _ in }) async -> Report {
        var report = Report()
        let table = table ?? ((try? ProcessTable.read(state.processFile)) ?? nil) ?? ProcessTable()
        // etcd last: the database agents revoke their leases on the way out.
        let tiers: [[String]] = [["load", "console"], ["balancer"], ["app"], ["database"], ["etcd"]]
        for roles in tiers {
            let entries = table.processes.filter { roles.contains($0.role) && ProcessProbe.isAlive($0) }
            guard !entries.isEmpty else { continue }
            for e in entries {
                Self.signal(e, SIGTERM)
                log("stopping \(e.name) (pid \(e.pid))")
            }
            let deadline = ContinuousClock.now + grace
            while ContinuousClock.now < deadline, entries.contains(where: { Self.running($0) }) {
                for e in entries { _ = ChildProcess.reapIfExited(e.pid) }
                try? await Task.sleep(for: .milliseconds(100))
            }
            for e in entries where Self.running(e) {
                Self.signal(e, SIGKILL)
                report.lines.append("\(e.name) did not stop within \(DurationFormat.short(grace)); killed")
                log(report.lines.last!)
            }
            for e in entries {
                for _ in 0..<50 where Self.running(e) {
                    _ = ChildProcess.reapIfExited(e.pid)
                    try? await Task.sleep(for: .milliseconds(50))
                }
                if Self.running(e) { report.survivors.append("\(e.name) (pid \(e.pid))") }
            }
        }
        if let up = table.supervisor, up.pid != getpid(), ProcessProbe.isAlive(up) {
            kill(up.pid, SIGTERM)
            report.lines.append("asked the foreground `genetix up` (pid \(up.pid)) to exit")
        }
        for (dir, pid) in postmasters() {
            log("stopping the PostgreSQL server left running in \(dir) (pid \(pid))")
            await stopPostmaster(dataDirectory: dir, pid: pid)
            if kill(pid, 0) == 0, ProcessProbe.state(pid) != "Z" { report.survivors.append("postgres (pid \(pid)) in \(dir)") }
            else { report.lines.append("stopped a leftover PostgreSQL server in \(dir)") }
        }
        return report
    }

    /// Alive: the process itself, or anything left in its own group.
    static func running(_ e: ProcessTable.Entry) -> Bool {
        ProcessProbe.isAlive(e) || (e.pgid != getpgrp() && ProcessProbe.groupAlive(e.pgid))
    }

    /// Signals the entry's whole group, or only the process when it shares our group (the console).
    static func signal(_ e: ProcessTable.Entry, _ signo: Int32) {
        if e.pgid != getpgrp() { kill(-e.pgid, signo) }
        if ProcessProbe.isAlive(e) { kill(e.pid, signo) }
    }

    /// Every `postmaster.pid` under STATE/data (two levels deep) whose pid is alive.
    public func postmasters() -> [(String, Int32)] {
        let fm = FileManager.default
        var found: [(String, Int32)] = []
        let root = state.dataRoot
        var dirs: [String] = []
        for node in (try? fm.contentsOfDirectory(atPath: root)) ?? [] {
            let d = root + "/" + node
            dirs.append(d)
            for sub in (try? fm.contentsOfDirectory(atPath: d)) ?? [] { dirs.append(d + "/" + sub) }
        }
        for dir in dirs {
            guard let text = try? String(contentsOfFile: dir + "/postmaster.pid", encoding: .utf8),
                  let first = text.split(separator: "\n").first, let pid = Int32(first.trimmingCharacters(in: .whitespaces)) else { continue }
            if kill(pid, 0) == 0, ProcessProbe.state(pid) != "Z" { found.append((dir, pid)) }
        }
        return found
    }

    private func stopPostmaster(dataDirectory: String, pid: Int32) async {
        var info = stat()
        let owner = stat(dataDirectory, &info) == 0 ? (uid: info.st_uid, gid: info.st_gid) : nil
        let candidates = ["/usr/lib/postgresql/15/bin/pg_ctl", "/usr/local/bin/pg_ctl", "/usr/bin/pg_ctl"]
        if let pgctl = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }),
           let child = try? ChildProcess.spawn(pgctl, ["stop", "-D", dataDirectory, "-m", "immediate", "-w", "-t", "10"],
                                               logFile: state.logFile("pg_ctl"),
                                               newGroup: true, user: getuid() == 0 ? owner : nil) {
            _ = await ChildProcess.wait(child)
        }
        if kill(pid, 0) == 0 {
            kill(pid, SIGQUIT)
            for _ in 0..<50 where kill(pid, 0) == 0 { try? await Task.sleep(for: .milliseconds(100)) }
            if kill(pid, 0) == 0 { kill(pid, SIGKILL) }
        }
    }
}
