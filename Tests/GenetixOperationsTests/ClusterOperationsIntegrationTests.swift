import Foundation
import GenetixCore
import GenetixOperations
import GenetixTesting
import Testing

/// The operations layer against real admin servers on loopback.
@Suite struct ClusterOperationsIntegrationTests {
    @Test func statusListsAHungAndADeadNodeWithoutHanging() async throws {
        let cluster = try TestCluster()
        let silent = try SilentListener()
        defer { silent.close() }
        let dead = try RefusingPort()
        defer { dead.close() }
        let deadURL = dead.url
        do {
            let config = cluster.config(extra: [ConfiguredNode(name: "hung", kind: .app, admin: silent.url, token: "x"),
                                                ConfiguredNode(name: "gone", kind: .app, admin: deadURL, token: "x")])
            // The hung node is judged by this timeout; it must be long enough for the live nodes on a busy machine.
            let client = try ClusterClient(config: config, timeout: .seconds(5))
            let readings = await client.statuses()
            #expect(readings.map(\.name) == TestCluster.order + ["hung", "gone"])
            #expect(readings.prefix(6).allSatisfy { $0.isReachable })
            let hung = try #require(readings.first { $0.name == "hung" })
            #expect(!hung.isReachable && hung.unreachable)
            #expect(hung.error?.contains("hung could not be reached") == true)
            #expect(readings.last?.unreachable == true)
            let report = StatusReport(cluster: "test", assessments: NodeAssessment.assess(readings, thresholds: config.thresholds))
            #expect(report.summary.unreachable == 2)
            #expect(report.table().contains("hung   app       -           unreachable"))
        }
        await cluster.shutdown()
    }

    @Test func checkGoesFromOKToCriticalWhenANodeDies() async throws {
        let cluster = try TestCluster()
        do {
            let config = cluster.config()
            // app-2 refuses connections at once; the timeout only has to let the live nodes answer on a busy machine.
            let client = try ClusterClient(config: config, timeout: .seconds(5))
            let before = CheckReport(cluster: "test", assessments: NodeAssessment.assess(await client.statuses(), thresholds: config.thresholds),
                                     thresholds: config.thresholds)
            #expect(before.exitCode == 0, "\(before.line)")
            await cluster.stop("app-2")
            let after = CheckReport(cluster: "test", assessments: NodeAssessment.assess(await client.statuses(), thresholds: config.thresholds),
                                    thresholds: config.thresholds)
            #expect(after.exitCode == 2)
            #expect(after.line.hasPrefix("GENETIX CRITICAL - test: app-2 unreachable"))
        }
        await cluster.shutdown()
    }

    @Test func scaleRunsTheActionWithPreflight() async throws {
        let cluster = try TestCluster()
        do {
            let ops = ClusterOperator(cluster: try ClusterClient(config: cluster.config()))
            let preflight = await ops.preflight(.scale(node: "app-1", change: .by(-2)))
            #expect(preflight.lines == ["app-1: 2 workers (2 online); after: 0", "healthy workers remaining on app-1: 0",
                                        "online workers on the other app nodes: 2"])
            #expect(preflight.warnings == ["app-1 would serve nothing"])
            let up = try await ops.perform(.scale(node: "app-1", change: .by(2)))
            #expect(up.summary == "app-1 scaled from 2 to 4 workers")
            #expect(cluster.app1.workerCount == 4)
            _ = try await ops.perform(.scale(node: "app-1", change: .by(-1)))
            #expect(cluster.app1.workerCount == 3)
            _ = try await ops.perform(.scale(node: "app-1", change: .exactly(1)))
            #expect(cluster.app1.workerCount == 1)
            #expect(cluster.journal.all == [#"app-1 scale {"delta":2}"#, #"app-1 scale {"delta":-1}"#, #"app-1 scale {"workers":1}"#])
            await #expect(throws: OperationError.refused(node: "app-1", reason: "app-1 cannot have fewer than 0 workers [409 conflict]")) {
                try await ops.perform(.scale(node: "app-1", change: .by(-5)))
            }
            await #expect(throws: OperationError.wrongKind(node: "db-1", kind: .database, expected: .app, operation: "scale")) {
                try await ops.perform(.scale(node: "db-1", change: .by(1)))
            }
            await #expect(throws: OperationError.unknownNode("app-9", known: TestCluster.order)) {
                try await ops.perform(.scale(node: "app-9", change: .by(1)))
            }
            let auto = try await ops.perform(.autoscale(node: "app-1", setting: AutoscaleSetting(enabled: true, min: 2, max: 6, target: 3)))
            #expect(auto.summary == "app-1 autoscaling on")
            #expect(cluster.app1.autoscaler.enabled && cluster.app1.autoscaler.max == 6 && cluster.app1.autoscaler.target == 3)
        }
        await cluster.shutdown()
    }

    @Test func viewerTokenIsRefusedWithAReason() async throws {
        let cluster = try TestCluster()
        do {
            let ops = ClusterOperator(cluster: try ClusterClient(config: cluster.config(token: TestCluster.viewerToken)))
            do {
                _ = try await ops.perform(.scale(node: "app-1", change: .by(1)))
                Issue.record("a viewer token must not scale")
            } catch {
                #expect(error.exitCode == 1)
                #expect(error.description.contains("actions need an operator token"))
            }
            #expect(cluster.app1.workerCount == 2)
        }
        await cluster.shutdown()
    }

    @Test func drainAndEnableABackend() async throws {
        let cluster = try TestCluster()
        do {
            let ops = ClusterOperator(cluster: try ClusterClient(config: cluster.config()))
            let preflight = await ops.preflight(.drain(balancer: "lb-1", backend: "127.0.0.1:8101"))
            #expect(preflight.lines.last == "healthy backends remaining after the drain: 3")
            _ = try await ops.perform(.drain(balancer: "lb-1", backend: "127.0.0.1:8101"))
            #expect(cluster.balancer.state(of: "127.0.0.1:8101") == .draining)
            _ = try await ops.perform(.enable(balancer: "lb-1", backend: "127.0.0.1:8101"))
            #expect(cluster.balancer.state(of: "127.0.0.1:8101") == .up)
            let unknown = await ops.preflight(.drain(balancer: "lb-1", backend: "127.0.0.1:1"))
            #expect(unknown.blocker?.hasPrefix("lb-1 has no backend 127.0.0.1:1") == true)
        }
        await cluster.shutdown()
    }

    @Test func drainOfTheLastHealthyBackendIsBlockedUnlessForced() async throws {
        let cluster = try TestCluster()
        do {
            let ops = ClusterOperator(cluster: try ClusterClient(config: cluster.config()))
            let addresses = (try await ClusterClient(config: cluster.config()).status(of: "lb-1").backends ?? []).map(\.address)
            let last = try #require(addresses.last)
            for address in addresses.dropLast() { cluster.balancer.setState(address, .draining) }
            let blocked = await ops.preflight(.drain(balancer: "lb-1", backend: last))
            #expect(blocked.blocker == "\(last) is the last healthy backend of lb-1: draining it would leave no backend to serve requests "
                + "(every request would get 503); enable or add a backend first, or drain it anyway with genetix drain lb-1 \(last) --force")
            let forced = await ops.preflight(.drain(balancer: "lb-1", backend: last, force: true))
            #expect(forced.blocker == nil)
            #expect(forced.warnings.contains("no backend would be left to serve requests"))
            #expect(ClusterAction.drain(balancer: "lb-1", backend: last, force: true).headlessCommand == "genetix drain lb-1 \(last) --force --yes")
        }
        await cluster.shutdown()
    }

    @Test func promoteThenFollowThenRejoinInOrder() async throws {
        let cluster = try TestCluster()
        do {
            let ops = ClusterOperator(cluster: try ClusterClient(config: cluster.config()))
            let preflight = await ops.preflight(.promote(node: "db-2", force: false, rejoin: true))
            #expect(preflight.blocker == nil)
            #expect(preflight.lines.first == "db-2: replica on timeline 1, lag 128 B, WAL receiver streaming")
            #expect(preflight.lines.contains("then these replicas follow db-2: db-3"))
            #expect(preflight.lines.contains("then db-1 rejoins as a replica of db-2 (pg_rewind)"))
            let outcome = try await ops.perform(.promote(node: "db-2", force: false, rejoin: true))
            #expect(cluster.journal.all == ["db-2 promote", "db-3 follow 127.0.0.1:5434", "db-1 rejoin 127.0.0.1:5434"])
            #expect(outcome.steps.map(\.action) == ["promote", "follow", "rejoin"])
            #expect(outcome.summary == "db-2 is the new primary (127.0.0.1:5434); db-3, db-1 re-pointed")
            #expect(cluster.databases["db-1"]!.role == "replica")
            let again = await ops.preflight(.promote(node: "db-2", force: false, rejoin: false))
            #expect(again.blocker == "db-2 is already the primary (timeline 2); promote one of its replicas instead")
            await #expect(throws: OperationError.notPossible("db-2 is already the primary (timeline 2); promote one of its replicas instead")) {
                try await ops.perform(.promote(node: "db-2", force: false, rejoin: false))
            }
        }
        await cluster.shutdown()
    }

    @Test func logsAndEventsAreMergedWithTheActor() async throws {
        let cluster = try TestCluster()
        do {
            cluster.logs["db-1"]!.logger("postgres").error("could not connect to the primary")
            cluster.logs["app-1"]!.logger("supervisor").info("worker 1 online")
            let client = try ClusterClient(config: cluster.config())
            _ = try await ClusterOperator(cluster: client).perform(.scale(node: "app-1", change: .by(1)))
            let logs = ClusterLogs(cluster: client)
            let errors = try await logs.read(try LogQuery(level: .error))
            #expect(errors.entries.map(\.message) == ["could not connect to the primary"])
            #expect(errors.entries.first?.node == "db-1")
            let grep = try await logs.read(try LogQuery(nodes: ["app-1"], pattern: "worker \\d online"))
            #expect(grep.entries.map(\.message) == ["worker 1 online"])
            let (events, failures) = await logs.events(since: nil)
            #expect(failures.isEmpty)
            let action = try #require(events.first { $0.type == "action" })
            #expect(action.actor == "oncall")
            #expect(action.node == "app-1")
        }
        await cluster.shutdown()
    }

    @Test func followDeliversNewEntries() async throws {
        let cluster = try TestCluster()
        do {
            let logs = ClusterLogs(cluster: try ClusterClient(config: cluster.config()))
            let query = try LogQuery(nodes: ["app-2"], pattern: "^fresh")
            let start = try await logs.read(query)
            let received = ActionJournal()
            let follower = Task {
                try await logs.follow(query, from: start.cursors, wait: 2, handle: { batch in
                    for e in batch { received.record("\(e.node ?? "") \(e.message)") }
                }, failure: { _ in })
            }
            try await Task.sleep(for: .milliseconds(200))
            cluster.logs["app-2"]!.logger("supervisor").warn("fresh entry")
            for _ in 0..<50 where received.all.isEmpty { try await Task.sleep(for: .milliseconds(50)) }
            follower.cancel()
            _ = await follower.result
            #expect(received.all == ["app-2 fresh entry"])
        }
        await cluster.shutdown()
    }
}
