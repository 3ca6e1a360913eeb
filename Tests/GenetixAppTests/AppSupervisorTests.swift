import Foundation
import GenetixAdmin
import GenetixApp
import GenetixCore
import GenetixNet
import GenetixTesting
import Glibc
import Testing

/// A real app node: the supervisor spawning real `genetix app-worker` processes over a temporary PostgreSQL, behind
/// the real admin server.
final class AppNodeFixture: Sendable {
    let pg: TemporaryPostgres
    let directory: TemporaryDirectory
    let logs: LogStore
    let events: EventStore
    let supervisor: AppSupervisor
    let group: EventLoopGroup
    let admin: AdminServer
    let client: AdminClient
    let metrics: MetricsRegistry
    let operatorToken = AdminToken.generate(name: "ops", role: .operator)

    init(pg: TemporaryPostgres, workers: Int, secretsPath: String? = nil) async throws {
        self.pg = pg
        directory = try TemporaryDirectory(prefix: "app")
        let secrets = directory.file("secrets.json")
        try AppSecrets.generateFileContents().write(toFile: secrets, atomically: true, encoding: .utf8)
        let pool = PostgresPool(conninfo: pg.conninfo, size: 1)
        _ = try await SchemaMigrator.migrate(pool)
        pool.shutdown()
        logs = try LogStore(capacity: 20_000, minimumLevel: .debug)
        events = EventStore(log: logs)
        var configuration = AppSupervisorConfiguration(executable: GenetixExecutable.path, basePort: 0, workers: workers,
                                                       database: pg.conninfo, secretsPath: secretsPath ?? secrets)
        configuration.drainTimeout = 10
        metrics = MetricsRegistry()
        supervisor = AppSupervisor(configuration: configuration, logs: logs, events: events, metrics: metrics)
        group = try EventLoopGroup(count: 1, name: "app-test")
        admin = try AdminServer(configuration: AdminServerConfiguration(name: "app-test", kind: .app, listen: SocketAddress(host: "127.0.0.1", port: 0),
                                                                        tokens: [operatorToken]),
                                node: AppNode(supervisor: supervisor), logs: logs, events: events, metrics: metrics, group: group)
        client = try AdminClient(url: admin.url, token: operatorToken.secret, nodeName: "app-test")
        await supervisor.start()
    }

    func stop() async {
        await supervisor.stop()
        await admin.shutdown(grace: .milliseconds(100))
        group.shutdown()
        directory.remove()
    }

    static func with(workers: Int, secretsPath: String? = nil, _ body: (AppNodeFixture) async throws -> Void) async throws {
        try await TemporaryPostgres.with { pg in
            let fixture = try await AppNodeFixture(pg: pg, workers: workers, secretsPath: secretsPath)
            do { try await body(fixture) } catch { await fixture.stop(); throw error }
            await fixture.stop()
        }
    }

    func workers(query: [String: String] = [:]) async throws -> [WorkerStatus] {
        try await client.status(query: query).workers ?? []
    }

    func eventTypes() -> [NodeEvent] { events.page(after: 0, limit: 10_000).events }

    /// Polls `condition` every 50 ms until it holds or `seconds` pass; returns whether it held.
    func wait(seconds: Double, _ condition: () async throws -> Bool) async rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await condition() { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return try await condition()
    }
}

func processExists(_ pid: Int32) -> Bool { pid > 0 && kill(pid, 0) == 0 }

@Suite(.serialized) struct AppSupervisorTests {
    @Test func killNineIsRestartedWithAnEvent() async throws {
        try await AppNodeFixture.with(workers: 1) { f in
            #expect(try await f.wait(seconds: 20) { try await f.workers().first?.state == .online })
            let before = try #require(try await f.workers().first)
            #expect(before.address != nil && before.pid > 0)
            // The crash-loop counter is exported from 0, so the first crash is already an increase for Prometheus.
            #expect(f.metrics.snapshot().counter("genetix_app_worker_crash_restarts_total") == 0)
            kill(before.pid, SIGKILL)
            #expect(try await f.wait(seconds: 20) {
                let w = try await f.workers().first
                return w?.state == .online && w?.pid != before.pid && w?.restarts == 1
            })
            let types = f.eventTypes().map(\.type)
            #expect(types.contains("worker.crashed") && types.contains("worker.restarted"))
            #expect(f.metrics.snapshot().counter("genetix_app_worker_crash_restarts_total") == 1)
            let crash = try #require(f.eventTypes().first { $0.type == "worker.crashed" })
            #expect(crash.message.contains("signal 9"))
            // The restarted worker serves.
            let after = try #require(try await f.workers().first)
            let health = try await HTTPClient().get("http://\(after.address ?? "")/healthz")
            #expect(health.status == 200)
        }
    }

    @Test func aWorkerThatAlwaysCrashesEndsErrored() async throws {
        // A real failure cause: the secrets file does not exist, so every worker refuses to start (exit 78).
        try await AppNodeFixture.with(workers: 1, secretsPath: "/nonexistent/genetix-secrets.json") { f in
            #expect(try await f.wait(seconds: 30) { try await f.workers().first?.state == .errored })
            let worker = try #require(try await f.workers().first)
            #expect(worker.lastExit == "exited with status 78")
            #expect(f.eventTypes().contains { $0.type == "worker.errored" && $0.severity == "crit" })
            #expect(f.eventTypes().filter { $0.type == "worker.crashed" }.count == 5)
            let status = try await f.client.status()
            #expect(status.health.status != .ok)
            // The worker's own complaint reached the node's log, tagged with the worker.
            let lines = f.logs.page(after: 0, limit: 10_000).entries.filter { $0.source == "worker-1" }
            #expect(lines.contains { $0.level == .critical && $0.message.contains("secrets file") })
        }
    }

    @Test func scaleTwoFiveOneDrainsBeforeStopping() async throws {
        try await AppNodeFixture.with(workers: 2) { f in
            #expect(try await f.wait(seconds: 20) { try await f.workers().filter { $0.state == .online }.count == 2 })
            _ = try await f.client.action("scale", body: .object(["workers": .number(5)]))
            #expect(try await f.wait(seconds: 30) { try await f.workers().filter { $0.state == .online }.count == 5 })
            #expect(Set(try await f.workers().map(\.id)) == [1, 2, 3, 4, 5])
            // Act as a balancer: poll as observer "lb-test" and report nothing idle yet.
            _ = try await f.workers(query: ["observer": "lb-test", "idle": ""])
            _ = try await f.client.action("scale", body: .object(["delta": .number(-4)]))
            var draining: [WorkerStatus] = []
            #expect(try await f.wait(seconds: 10) {
                draining = try await f.workers(query: ["observer": "lb-test", "idle": ""]).filter { $0.state == .draining }
                return draining.count == 4
            })
            // While the balancer has not reported them idle, the draining workers keep running.
            for _ in 0..<15 {
                let now = try await f.workers(query: ["observer": "lb-test", "idle": ""])
                #expect(now.filter { $0.state == .draining }.count == 4)
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(draining.allSatisfy { processExists($0.pid) })
            // Now the balancer reports them idle: they are stopped, and one worker stays.
            let idle = draining.compactMap(\.address).joined(separator: ",")
            #expect(try await f.wait(seconds: 20) {
                try await f.workers(query: ["observer": "lb-test", "idle": idle]).count == 1
            })
            let remaining = try await f.workers()
            #expect(remaining.count == 1 && remaining[0].state == .online && remaining[0].id == 1)
            #expect(try await f.wait(seconds: 10) { draining.allSatisfy { !processExists($0.pid) } })
            let events = f.eventTypes()
            for worker in draining {
                let drainedAt = events.firstIndex { $0.type == "worker.draining" && $0.target == "worker-\(worker.id)" }
                let stoppedAt = events.firstIndex { $0.type == "worker.stopped" && $0.target == "worker-\(worker.id)" }
                #expect(drainedAt != nil && stoppedAt != nil && drainedAt! < stoppedAt!)
            }
            // Bad bodies name the field.
            await #expect(throws: AdminClientError.self) { _ = try await f.client.action("scale", body: .object(["workers": .string("x")])) }
        }
    }

    @Test func drainAllDrainsEveryWorkerBeforeStoppingIt() async throws {
        try await AppNodeFixture.with(workers: 2) { f in
            #expect(try await f.wait(seconds: 20) { try await f.workers().filter { $0.state == .online }.count == 2 })
            let before = try await f.workers(query: ["observer": "lb-test", "idle": ""])
            let drained = Task { await f.supervisor.drainAll(timeout: 15) }
            // The balancer sees both draining, and they keep running until it reports them idle.
            #expect(try await f.wait(seconds: 10) {
                try await f.workers(query: ["observer": "lb-test", "idle": ""]).filter { $0.state == .draining }.count == 2
            })
            #expect(before.allSatisfy { processExists($0.pid) })
            let idle = before.compactMap(\.address).joined(separator: ",")
            #expect(try await f.wait(seconds: 20) { try await f.workers(query: ["observer": "lb-test", "idle": idle]).isEmpty })
            await drained.value
            #expect(try await f.wait(seconds: 10) { before.allSatisfy { !processExists($0.pid) } })
        }
    }

    @Test func rollingRestartNeverDropsCapacity() async throws {
        try await AppNodeFixture.with(workers: 2) { f in
            #expect(try await f.wait(seconds: 20) { try await f.workers().filter { $0.state == .online }.count == 2 })
            let old = try await f.workers()
            let restart = Task { try await f.client.action("restart", body: .object([:]), timeout: .seconds(60)) }
            var fewestOnline = 2
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline {
                let now = try await f.workers()
                fewestOnline = min(fewestOnline, now.filter { $0.state == .online }.count)
                if now.count == 2, now.allSatisfy({ $0.state == .online }), Set(now.map(\.pid)).isDisjoint(with: old.map(\.pid)) { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            _ = try await restart.value
            #expect(fewestOnline >= 2)
            #expect(f.eventTypes().filter { $0.type == "worker.restarted" }.count == 2)
        }
    }

    @Test func loadRaisesTheWorkerCountAndTheWindowBringsItDown() async throws {
        try await AppNodeFixture.with(workers: 1) { f in
            #expect(try await f.wait(seconds: 20) { try await f.workers().first?.state == .online })
            let address = try #require(try await f.workers().first?.address)
            _ = try await f.client.action("autoscale", body: .object([
                "enabled": .bool(true), "min": .number(1), "max": .number(3),
                "target": .object(["rpsPerWorker": .number(20)]), "scaleDownWindowSeconds": .number(3),
            ]))
            let load = Task {
                let http = HTTPClient()
                while !Task.isCancelled { _ = try? await http.get("http://\(address)/healthz") }
                await http.shutdown()
            }
            let scaledUp = try await f.wait(seconds: 20) { try await f.workers().filter { $0.state == .online }.count >= 2 }
            load.cancel()
            #expect(scaledUp)
            #expect(try await f.wait(seconds: 25) {
                let w = try await f.workers()
                return w.count == 1 && w[0].state == .online
            })
            let decisions = f.eventTypes().filter { $0.type == "autoscale.decision" }.map(\.message)
            #expect(decisions.contains { $0.hasPrefix("scale up") })
            #expect(decisions.contains { $0.hasPrefix("scale down") })
            let autoscaler = try #require(try await f.client.status().autoscaler)
            #expect(autoscaler.enabled && autoscaler.max == 3 && autoscaler.metric == "rpsPerWorker" && autoscaler.lastDecision != nil)
        }
    }
}
