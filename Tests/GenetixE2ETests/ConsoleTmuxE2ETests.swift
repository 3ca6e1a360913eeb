import Foundation
import GenetixCore
import GenetixOperations
import GenetixTesting
import Testing

/// Issue 7's "Must show": `genetix console` in a real terminal (tmux, 160×48, xterm-256color) on a real
/// `genetix up --detach` cluster. In the same serialized suite as the headless end-to-end test, so the two
/// clusters never run at once.
extension LocalClusterE2ETests {
    @Test(.enabled(if: Tmux.available, "needs tmux")) func consoleInTmuxShowsEachKindsKeysActsSwitchesContextAndQuitsCleanly() async throws {
        let dir = try TemporaryDirectory(prefix: "genetix-e2e-console")
        chmod(dir.path, 0o711)  // the postgres account must reach its data folder inside
        let state = dir.file("state")
        let config = state + "/config.json"
        let tmux = Tmux(session: "gx-e2e-\(UUID().uuidString.prefix(8).lowercased())")
        defer {
            tmux.kill()
            _ = try? E2E.runSync(["down", "--state-dir", state, "--grace", "5s"])
            dir.remove()
        }
        let (up, _) = try await E2E.up(state: state, load: 0, firstBase: 27_000)
        try #require(up.code == 0, "up failed:\n\(up.output)")

        // A second context over the same nodes with the viewer token: `:ctx watch` switches to it.
        let watch = state + "/watch.json"
        let configText = try String(contentsOfFile: config, encoding: .utf8)
        try configText.replacingOccurrences(of: "operator.token", with: "viewer.token")
            .replacingOccurrences(of: "\"cluster\" : \"local\"", with: "\"cluster\" : \"watch\"")
            .replacingOccurrences(of: "\"cluster\": \"local\"", with: "\"cluster\": \"watch\"")
            .write(toFile: watch, atomically: true, encoding: .utf8)

        // A shell around the console: a marker before, the exit code and the terminal modes after.
        let script = "printf 'before-console\\n'; \(E2E.binary) console --config \(config) --config \(watch) --refresh 0.5; "
            + "echo \"console-exit=$?\"; stty -a | tr ' ;' '\\n\\n' | grep -x -e echo -e icanon -e -echo -e -icanon | sort | tr '\\n' ' '; "
            + "echo; echo after-console; sleep 60"
        try await tmux.start(script)
        let overview = try await tmux.waitFor("every node on the overview") { screen in
            ["lb-1", "app-1", "app-2", "db-1", "db-2"].allSatisfy { screen.contains($0) } && screen.contains("primary")
        }
        #expect(overview.contains("NODE") && overview.contains("ctx:local"))
        #expect(overview.contains("edge requests/s"), "160×48 shows the cluster panel:\n\(overview)")

        // Enter on each kind shows that kind's keys.
        try await tmux.keys("g", "Enter")
        _ = try await tmux.waitFor("the balancer's keys") { ["d Drain", "e Enable", "w Weight", "P Purge"].allSatisfy($0.contains) }
        // Weight from the balancer detail: `w` asks for the value, the dialog shows the headless twin.
        // `w` acts on the selected backend row: wait until the detail lists lb-1's backends (the keys show before its
        // first detail read arrives), and take the backend from the prompt (the table's order, not discovery's).
        let listed = try await Self.backends(of: "lb-1", config: config)
        try #require(!listed.isEmpty, "lb-1 has no backend")
        _ = try await tmux.waitFor("lb-1's backends on its detail") { screen in listed.allSatisfy { screen.contains($0) } }
        try await tmux.keys("w")
        let prompt = try await tmux.waitFor("the weight prompt") { screen in listed.contains { screen.contains(":weight lb-1 \($0)") } }
        let backend = try #require(listed.first { prompt.contains(":weight lb-1 \($0)") })
        try await tmux.keys("3", "Enter")
        _ = try await tmux.waitFor("the weight dialog") { $0.contains("Same as: genetix weight lb-1 \(backend) 3 --yes") && $0.contains("after: weight 3") }
        try await tmux.keys("y")
        _ = try await tmux.waitFor("the weight's outcome") { $0.contains("lb-1 set \(backend) to weight 3") }
        #expect(try await E2E.eventually { try await Self.backendWeight(backend, config: config) == 3 }, "\(backend) did not get weight 3")
        // Purge from the balancer detail.
        try await tmux.keys("P")
        _ = try await tmux.waitFor("the purge prompt") { $0.contains(":purge lb-1 /") }
        try await tmux.keys("static/", "Enter")
        _ = try await tmux.waitFor("the purge dialog") { $0.contains("Same as: genetix purge lb-1 /static/ --yes") }
        try await tmux.keys("y")
        _ = try await tmux.waitFor("the purge's outcome") { $0.contains("lb-1 purged /static/") }

        // The app detail: scale, restart, autoscale; `+` confirmed gives app-1 a third worker.
        try await tmux.keys("Escape", "j", "Enter")
        _ = try await tmux.waitFor("the app node's keys") { ["+ Scale+", "- Scale-", "a Autoscale", "r Restart"].allSatisfy($0.contains) }
        try await tmux.keys("+")
        let dialog = try await tmux.waitFor("the scale dialog with its preflight") { $0.contains("Same as: genetix scale app-1 +1 --yes") && $0.contains("after: 3") }
        #expect(dialog.contains("Confirm: scale app-1 +1"), "\(dialog)")
        try await tmux.keys("y")
        #expect(try await E2E.eventually { try await Self.workers(of: "app-1", config: config) == 3 }, "app-1 did not reach 3 workers after `+` and `y`")
        _ = try await tmux.waitFor("the scale's outcome") { $0.contains("app-1 scaled from 2 to 3 workers") }

        // The database detail of a replica: promote, follow; `p` on db-2, confirmed, promotes it.
        try await tmux.keys("Escape", "G", "Enter")
        _ = try await tmux.waitFor("the replica's keys") { ["p Promote", "F Follow"].allSatisfy($0.contains) && !$0.contains("s Sync") }
        try await tmux.keys("p")
        let promote = try await tmux.waitFor("the promote dialog with its preflight") {
            $0.contains("Same as: genetix promote db-2 --yes") && $0.contains("current primary: db-1")
        }
        #expect(promote.contains("Confirm: promote db-2"), "\(promote)")
        try await tmux.keys("y")
        #expect(try await E2E.eventually {
            let report = try E2E.decode(StatusReport.self, try await E2E.run(["status", "--json", "--config", config]).stdout)
            return report.nodes.first { $0.name == "db-2" }?.status?.replication?.role == "primary"
        }, "db-2 is not the primary after `p` and `y`")
        // The old primary comes back by itself as a streaming replica of db-2 (the switchover goes through etcd's
        // leader key), so its detail offers a replica's keys, and no rejoin is needed.
        try await tmux.keys("Escape", ":")
        try await tmux.keys("open db-1", "Enter")
        _ = try await tmux.waitFor("the old primary streaming again as a replica") { screen in
            ["role replica", "receiver streaming", "p Promote"].allSatisfy(screen.contains) && !screen.contains("r Rejoin")
        }
        try await tmux.keys("Escape")

        // `:ctx watch` switches to the viewer's context; its 403 turns actions off with a message.
        try await tmux.keys(":")
        try await tmux.keys("ctx watch", "Enter")
        _ = try await tmux.waitFor("the watch context") { $0.contains("ctx:watch") && $0.contains("app-1") }
        try await tmux.keys(":")
        try await tmux.keys("scale app-1 +1", "Enter")
        _ = try await tmux.waitFor("the viewer's scale dialog") { $0.contains("Same as: genetix scale app-1 +1 --yes") && $0.contains("after:") }
        try await tmux.keys("y")
        let refused = try await tmux.waitFor("actions off after the viewer's 403") { $0.contains("actions are now off") && $0.contains("READ-ONLY") }
        #expect(refused.contains("ctx:watch"))
        #expect(try await Self.workers(of: "app-1", config: config) == 3, "the viewer's scale must not have run")

        // `?` shows the help; escape goes back.
        try await tmux.keys("?")
        let help = try await tmux.waitFor("the help screen") { $0.contains("Promote the selected database replica") && $0.contains("Quit") }
        #expect(help.contains("Node detail — balancer node") && help.contains("genetix drain NODE BACKEND"), "\(help)")
        #expect(help.contains("Scale the selected app node up by one worker"))
        try await tmux.keys("Escape")
        _ = try await tmux.waitFor("the overview again") { $0.contains("NODE") && !$0.contains("Promote the selected database replica") }

        // A resize redraws at the new size at once (SIGWINCH wakes the terminal thread; it no longer polls for it).
        try await tmux.resize(columns: 200, rows: 50)
        let wide = try await tmux.waitFor("the overview redrawn 200 columns wide") { screen in
            screen.contains("NODE") && screen.split(separator: "\n").contains { $0.count > 170 }
        }
        #expect(wide.contains("every "), "\(wide)")

        // `q` exits with 0 and leaves the terminal as it was: the console's screen gone, echo and canonical mode on.
        try await tmux.keys("q")
        let after = try await tmux.waitFor("the shell after the console") { $0.contains("after-console") }
        #expect(after.contains("before-console"))
        #expect(after.contains("console-exit=0"), "\(after)")
        #expect(after.contains("echo icanon"), "terminal modes after the console: \(after)")
        #expect(!after.contains("NODE") && !after.contains("lb-1"), "the console's screen was left behind:\n\(after)")
    }

    /// The backends of a balancer, through `genetix status --json`.
    static func backends(of node: String, config: String) async throws -> [String] {
        let report = try E2E.decode(StatusReport.self, try await E2E.run(["status", "--json", "--config", config]).stdout)
        return report.nodes.first { $0.name == node }?.status?.backends?.map(\.address) ?? []
    }

    /// The weight lb-1 gives a backend, through `genetix status --json`.
    static func backendWeight(_ backend: String, config: String) async throws -> Int? {
        let report = try E2E.decode(StatusReport.self, try await E2E.run(["status", "--json", "--config", config]).stdout)
        return report.nodes.first { $0.name == "lb-1" }?.status?.backends?.first { $0.address == backend }?.weight
    }

    /// Online or starting workers of an app node, through `genetix status --json`.
    static func workers(of node: String, config: String) async throws -> Int {
        let report = try E2E.decode(StatusReport.self, try await E2E.run(["status", "--json", "--config", config]).stdout)
        return report.nodes.first { $0.name == node }?.status?.workers?.filter { $0.state == .online || $0.state == .starting }.count ?? -1
    }
}

/// One detached tmux session at 160×48 running a shell command, driven with send-keys and read with capture-pane.
struct Tmux {
    let session: String

    static var available: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") || FileManager.default.isExecutableFile(atPath: "/usr/local/bin/tmux") }

    func start(_ command: String) async throws {
        let shell = "env TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 sh -c \(Self.quote(command))"
        let result = try await Self.run(["new-session", "-d", "-s", session, "-x", "160", "-y", "48", shell])
        try #require(result.code == 0, "tmux new-session failed: \(result.output)")
    }

    func keys(_ keys: String...) async throws {
        for key in keys {
            let result = try await Self.run(["send-keys", "-t", session, key])
            try #require(result.code == 0, "tmux send-keys \(key) failed: \(result.output)")
            try await Task.sleep(for: .milliseconds(150))
        }
    }

    /// Resizes the window, as a terminal emulator's window being dragged does (the console gets SIGWINCH).
    func resize(columns: Int, rows: Int) async throws {
        let result = try await Self.run(["resize-window", "-t", session, "-x", "\(columns)", "-y", "\(rows)"])
        try #require(result.code == 0, "tmux resize-window failed: \(result.output)")
    }

    func capture() async throws -> String {
        try await Self.run(["capture-pane", "-p", "-t", session]).output
    }

    /// Polls the screen until `condition` holds (20 s at most); throws with the last screen otherwise.
    @discardableResult
    func waitFor(_ what: String, _ condition: (String) -> Bool) async throws -> String {
        let deadline = ContinuousClock.now + .seconds(20)
        var screen = ""
        while ContinuousClock.now < deadline {
            screen = try await capture()
            if condition(screen) { return screen }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ScreenTimeout(what: what, screen: screen)
    }

    /// Ends the session (and the console in it), whatever state the test left it in.
    func kill() {
        let pid = try? ChildProcess.spawn("/usr/bin/env", ["tmux", "kill-session", "-t", session], logFile: "/dev/null", newGroup: true)
        if let pid {
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
    }

    static func run(_ arguments: [String]) async throws -> (code: Int32, output: String) {
        let log = NSTemporaryDirectory() + "genetix-tmux-\(UUID().uuidString).out"
        defer { try? FileManager.default.removeItem(atPath: log) }
        let pid = try ChildProcess.spawn("/usr/bin/env", ["tmux"] + arguments, logFile: log, newGroup: true)
        let status = await ChildProcess.wait(pid)
        return ((status >> 8) & 0xFF, (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
    }

    static func quote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// The screen never showed what the test waited for.
    struct ScreenTimeout: Error, CustomStringConvertible {
        var what: String
        var screen: String
        var description: String { "waited 20 s for \(what); the screen was:\n\(screen)" }
    }
}
