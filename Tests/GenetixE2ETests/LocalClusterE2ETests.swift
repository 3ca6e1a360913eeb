import Foundation
import GenetixCore
import GenetixNet
import GenetixOperations
import GenetixTesting
import Testing

/// Issue 6's "Must show", on a real `genetix up --detach` cluster (real PostgreSQL, app and balancer processes).
/// Runs only when the built executable has the node commands; it takes a minute or so.
@Suite(.serialized, .enabled(if: E2E.nodesAvailable, "needs `genetix database`, `app` and `balancer` in .build/debug/genetix"))
struct LocalClusterE2ETests {
    @Test func upStatusCheckScalePromoteLogsEventsDown() async throws {
        let dir = try TemporaryDirectory(prefix: "genetix-e2e")
        chmod(dir.path, 0o711)  // the postgres account must reach its data folder inside
        let state = dir.file("state")
        let config = state + "/config.json"
        var downDone = false
        defer {
            if !downDone { _ = try? E2E.runSync(["down", "--state-dir", state, "--grace", "5s"]) }
            dir.remove()
        }
        let (up, base) = try await E2E.up(state: state, load: 2, firstBase: 21_000)
        try #require(up.code == 0, "up failed:\n\(up.output)")
        let again = try await E2E.run(["up", "--detach", "--state-dir", state, "--base-port", String(base)])
        #expect(again.code == 1)
        #expect(again.output.contains("already running"))

        // status --json: every node healthy.
        let status = try await E2E.run(["status", "--json", "--config", config])
        #expect(status.code == 0, "\(status.output)")
        let report = try E2E.decode(StatusReport.self, status.stdout)
        #expect(report.nodes.map(\.name) == ["lb-1", "app-1", "app-2", "db-1", "db-2"])
        for node in report.nodes { #expect(node.reachable && node.status?.health.status == .ok, "\(node.name): \(node.findings)") }

        // check: 0 once the cluster has settled (a process just started can sample above the CPU threshold for a
        // moment: seen once, app-2's supervisor at 101 % right after `up`).
        var ok = try await E2E.run(["check", "--config", config])
        if ok.code != 0 {
            _ = try await E2E.eventually {
                ok = try await E2E.run(["check", "--config", config])
                return ok.code == 0
            }
        }
        #expect(ok.code == 0, "\(ok.output)")

        // scale +2 then -1.
        let workers = { () async throws -> Int in
            let s = try await E2E.run(["status", "--json", "--config", config])
            let r = try E2E.decode(StatusReport.self, s.stdout)
            return r.nodes.first { $0.name == "app-1" }?.status?.workers?.filter { $0.state == .online || $0.state == .starting }.count ?? -1
        }
        #expect(try await E2E.run(["scale", "app-1", "+2", "--yes", "--config", config]).code == 0)
        #expect(try await E2E.eventually { try await workers() == 4 })
        #expect(try await E2E.run(["scale", "app-1", "-1", "--yes", "--config", config]).code == 0)
        #expect(try await E2E.eventually { try await workers() == 3 })

        // promote the replica; signups through the balancer work again within 3 s.
        let promote = try await E2E.run(["promote", "db-2", "--yes", "--config", config])
        #expect(promote.code == 0, "\(promote.output)")
        let promotedAt = ContinuousClock.now
        var signedUp = false
        while ContinuousClock.now - promotedAt < .seconds(3), !signedUp {
            signedUp = await E2E.signup(base: base, state: state)
            if !signedUp { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(signedUp, "no signup through the balancer within 3 s of the promotion")
        let after = try E2E.decode(StatusReport.self, try await E2E.run(["status", "--json", "--config", config]).stdout)
        #expect(after.nodes.first { $0.name == "db-2" }?.status?.replication?.role == "primary")

        // a node killed → check 2; an unreadable configuration → 3.
        let table = try #require(try ProcessTable.read(state + "/pids.json"))
        let app2 = try #require(table.processes.first { $0.name == "app-2" })
        kill(-app2.pgid, SIGKILL)
        try await Task.sleep(for: .milliseconds(300))
        let crit = try await E2E.run(["check", "--config", config])
        #expect(crit.code == 2, "\(crit.output)")
        #expect(try await E2E.run(["check", "--config", state]).code == 3)
        #expect(try await E2E.run(["check", "--config", state + "/missing.json"]).code == 3)

        // logs and events show what happened, with the actor.
        let audit = try await E2E.run(["logs", "app-1", "db-2", "--level", "notice", "--grep", "^action (scale|promote)", "--config", config])
        #expect(audit.code == 0, "\(audit.output.suffix(1000))")
        #expect(audit.output.contains("action scale by operator") && audit.output.contains("action promote by operator"), "\(audit.output.suffix(2000))")
        let errors = try await E2E.run(["logs", "--level", "error", "--config", config])
        #expect(errors.code == 3, "app-2 is dead, so it cannot be read: \(errors.output.suffix(500))")
        #expect(errors.output.contains("app-2 could not be reached"))
        let events = try await E2E.run(["events", "--json", "--config", config])
        let timeline = try E2E.decode(EventsBody.self, events.stdout).events
        #expect(timeline.contains { $0.type == "action" && $0.actor == "operator" && $0.node == "app-1" })
        #expect(timeline.contains { $0.type == "action" && $0.actor == "operator" && $0.node == "db-2" })

        // down leaves no process.
        let down = try await E2E.run(["down", "--state-dir", state])
        downDone = true
        #expect(down.code == 0, "\(down.output)")
        for entry in table.processes { #expect(!ProcessProbe.isAlive(entry), "\(entry.name) pid \(entry.pid) survived") }
        #expect(LocalClusterStopper(state: StateDirectory(path: state)).postmasters().isEmpty)
    }

    struct EventsBody: Decodable { var events: [NodeEvent] }

    @Test func upOnATakenPortNamesItAndLeavesNothingBehind() async throws {
        let dir = try TemporaryDirectory(prefix: "genetix-e2e-port")
        defer { dir.remove() }
        let held = try RefusingPort()  // bound by this test: taken for anyone else
        defer { held.close() }
        // The held port is the first one `up` checks (etcd's client port), so no other port of the range can be
        // named before it. Holding the second left the first to chance: Linux prefers odd ports for bind() and even
        // ones for connect(), so an outgoing connection of a test beside this one sometimes held it, and `up` named it.
        let first = try LocalClusterLayout(state: StateDirectory(path: dir.file("state")), basePort: 8080).ports[0]
        let base = held.port - (first.number - 8080)
        let up = try await E2E.run(["up", "--detach", "--no-console", "--state-dir", dir.file("state"), "--base-port", String(base)])
        #expect(up.code == 1, "\(up.output)")
        #expect(up.output.contains("port \(held.port) (\(first.owner)) on 127.0.0.1 is already in use by another process"), "\(up.output)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("state")), "up wrote its state directory before refusing")
    }
}

/// Runs the built executable and talks to the cluster it started.
enum E2E {
    static var binary: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path + "/.build/debug/genetix"
    }

    /// Whether the executable has the node commands (they land from the node branches).
    static var nodesAvailable: Bool {
        guard let out = try? runSync(["--help"]).output else { return false }
        return ["database ", "app ", "balancer "].allSatisfy { word in out.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix(word) } }
    }

    static func runSync(_ arguments: [String]) throws -> (code: Int32, output: String) {
        let log = NSTemporaryDirectory() + "genetix-e2e-\(UUID().uuidString).out"
        defer { try? FileManager.default.removeItem(atPath: log) }
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        let pid = try ChildProcess.spawn(binary, arguments, logFile: log, newGroup: true, environment: env)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        return ((status >> 8) & 0xFF, (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
    }

    /// What a command did: its exit code, its standard output (the JSON of `--json`) and everything it printed
    /// (standard output, then standard error: warnings such as an unreachable node).
    struct Run: Sendable {
        var code: Int32
        var stdout: String
        var stderr: String
        var output: String { stdout + stderr }
    }

    static func run(_ arguments: [String]) async throws -> Run {
        let base = NSTemporaryDirectory() + "genetix-e2e-\(UUID().uuidString)"
        defer {
            try? FileManager.default.removeItem(atPath: base + ".out")
            try? FileManager.default.removeItem(atPath: base + ".err")
        }
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        env["GENETIX_CONFIG"] = nil
        let pid = try ChildProcess.spawn(binary, arguments, logFile: base + ".out", errorFile: base + ".err", newGroup: true, environment: env)
        let status = await ChildProcess.wait(pid)
        return Run(code: (status >> 8) & 0xFF, stdout: (try? String(contentsOfFile: base + ".out", encoding: .utf8)) ?? "",
                   stderr: (try? String(contentsOfFile: base + ".err", encoding: .utf8)) ?? "")
    }

    /// Decodes a command's JSON output; on failure the error quotes the output, so a broken run says what it printed.
    static func decode<T: Decodable>(_ type: T.Type, _ output: String) throws -> T {
        do { return try GenetixJSON.decode(T.self, from: Array(output.utf8)) } catch {
            throw OutputNotJSON(reason: "\(error)", output: String(output.prefix(800)) + (output.count > 800 ? "\n…\n" + String(output.suffix(800)) : ""))
        }
    }

    /// A command printed something that is not the JSON it should have.
    struct OutputNotJSON: Error, CustomStringConvertible {
        var reason: String
        var output: String
        var description: String { "the command's output is not the expected JSON (\(reason)); it printed:\n\(output)" }
    }

    /// `genetix up --detach --no-console` on the first base port from `firstBase` whose whole layout is free. Bases
    /// are tried in steps of 500 below the kernel's ephemeral range (32768 on), where no outgoing connection or
    /// `FreePort` listener of a test running beside this one can take a port; each caller starts from its own
    /// `firstBase`, so two clusters of this target never race for one block. Should a port still be taken between the
    /// check and the start, `up` refuses before starting anything and the next base is tried.
    static func up(state: String, load: Int, firstBase: Int) async throws -> (run: Run, base: Int) {
        var base = firstBase
        var last: Run?
        while base + 300 < 32_768 {
            defer { base += 500 }
            let layout = try LocalClusterLayout(state: StateDirectory(path: state), basePort: base)
            guard LoopbackPortCheck.firstTaken(layout.ports) == nil else { continue }
            try? FileManager.default.removeItem(atPath: state)  // a fresh start, not a half-made one
            let run = try await run(["up", "--detach", "--no-console", "--state-dir", state, "--base-port", String(base), "--load", String(load)])
            if run.code == 0 || !run.output.lowercased().contains("already in use") { return (run, base) }
            last = run
        }
        return (last ?? Run(code: 1, stdout: "", stderr: "no free block of ports from \(firstBase) below 32768"), base)
    }

    static func eventually(_ timeout: Duration = .seconds(20), _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(250))
        }
        return false
    }

    /// One signup through the balancer's HTTPS listener (base + 1; plain HTTP refuses API calls), trusting the
    /// cluster's own certificate; true on a 2xx.
    static func signup(base: Int, state: String) async -> Bool {
        guard let url = try? HTTPURL(parsing: "https://127.0.0.1:\(base + 1)/api/signup"),
              let tls = try? TLSContext.client(.client(trustedCAFilePath: state + "/tls/cert.pem")) else { return false }
        let http = HTTPClient(configuration: HTTPClientConfiguration(timeout: .seconds(2), tls: tls))
        defer { Task { await http.shutdown() } }
        var headers = HTTPHeaders()
        headers.add("Content-Type", "application/json")
        let body = GenetixJSON.encode(["email": "e2e-\(UUID().uuidString.prefix(8).lowercased())@example.test", "password": "E2E-password-123"])
        guard let response = try? await http.execute(HTTPClientRequest(method: "POST", url: url, headers: headers, body: body)) else { return false }
        return (200..<300).contains(response.status)
    }
}
