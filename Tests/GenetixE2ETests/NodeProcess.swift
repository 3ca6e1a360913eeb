import Foundation
import GenetixCore
import GenetixNet
import GenetixOperations
import GenetixTesting
import Glibc
import Synchronization

/// One real node process (`genetix app|balancer …`) started by a test in its own process group, with its admin API
/// at `admin`. `kill()` sends a signal to the whole group (the node and its workers); `stop()` ends it for good.
final class NodeProcess: Sendable {
    let pid: Int32
    let admin: String
    let log: String
    static let token = "operator-secret-0123456789"
    /// The client the tests talk to nodes with.
    static let http = HTTPClient(configuration: HTTPClientConfiguration(timeout: .seconds(5)))
    private let reaped = Mutex(false)

    /// The node's kind, the first argument (`app`, `balancer`, `database`).
    let kind: String

    init(_ arguments: [String], admin: String, log: String, environment: [String: String] = [:]) throws {
        kind = arguments.first ?? ""
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        env["STATE_DIRECTORY"] = nil
        env["NOTIFY_SOCKET"] = nil
        env["JOURNAL_STREAM"] = nil
        for (key, value) in environment { env[key] = value }
        pid = try ChildProcess.spawn(E2E.binary, arguments, logFile: log, newGroup: true, environment: env)
        self.admin = admin
        self.log = log
    }

    /// Sends `signal` to the node's process group, unless the node was reaped (its pid may belong to another now).
    func kill(_ signal: Int32 = SIGKILL) {
        reaped.withLock { done in if !done { _ = Glibc.kill(-pid, signal) } }
    }

    /// Whether `stop()` or `stopNow()` reaped it.
    var isReaped: Bool { reaped.withLock { $0 } }

    /// SIGKILLs the group and reaps the node.
    func stop() async {
        kill(SIGKILL)
        _ = await ChildProcess.wait(pid)
        reaped.withLock { $0 = true }
    }

    /// Ends the node the way a service manager does: SIGTERM to the group, up to `grace` to exit, then SIGKILL and a
    /// reap. A database agent stops its PostgreSQL server on SIGTERM; SIGKILL alone leaves that server running (it
    /// has a process group of its own), so cleanup must not start with it.
    func terminate(grace: Duration = .seconds(15)) {
        kill(SIGTERM)
        let deadline = ContinuousClock.now + grace
        var status: Int32 = 0
        while !isReaped, ContinuousClock.now < deadline {
            if waitpid(pid, &status, WNOHANG) == pid { reaped.withLock { $0 = true }; return }
            usleep(50_000)
        }
        stopNow()
    }

    /// The same, blocking (for `defer`).
    func stopNow() {
        kill(SIGKILL)
        var status: Int32 = 0
        if !isReaped { waitpid(pid, &status, 0) }
        reaped.withLock { $0 = true }
    }

    /// `GET path` on the admin API with the operator token.
    func get(_ path: String) async -> HTTPClientResponse? {
        var headers = HTTPHeaders()
        headers.add("Authorization", "Bearer \(Self.token)")
        return try? await NodeProcess.http.get(admin + path, headers: headers)
    }

    /// The node's status, or nil while it does not answer.
    func status() async -> NodeStatus? {
        guard let response = await get("/admin/v1/status"), response.status == 200 else { return nil }
        return try? GenetixJSON.decode(NodeStatus.self, from: response.body)
    }

    /// The node's events.
    func events() async -> [NodeEvent] {
        guard let response = await get("/admin/v1/events?after=0&limit=1000"), response.status == 200,
              let page = try? GenetixJSON.decode(LocalClusterE2ETests.EventsBody.self, from: response.body) else { return [] }
        return page.events
    }

    /// `POST /admin/v1/actions/NAME` with `body`; returns the HTTP status (0 when it did not answer).
    func action(_ name: String, _ body: String) async -> Int {
        var headers = HTTPHeaders()
        headers.add("Authorization", "Bearer \(Self.token)")
        headers.add("Content-Type", "application/json")
        guard let url = try? HTTPURL(parsing: admin + "/admin/v1/actions/" + name),
              let response = try? await NodeProcess.http.execute(HTTPClientRequest(method: "POST", url: url, headers: headers, body: Array(body.utf8)))
        else { return 0 }
        return response.status
    }

    /// The node's output so far, for failure messages.
    var output: String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }

    /// `count` consecutive free loopback ports (the app node's workers take base, base + 1, …).
    static func freePortRange(_ count: Int) -> Int {
        FreePort.block(count)
    }
}
