import Foundation
import GenetixAdmin
import GenetixConsole
import GenetixCore
import GenetixOperations
import GenetixNet
import GenetixTesting
import Synchronization
import Testing

/// A plain HTTP server on an ephemeral port whose handler answers, never answers, answers late, or tags its status.
final class StatusServer: Sendable {
    let group: EventLoopGroup
    let server: HTTPServer
    var url: String { "http://127.0.0.1:\(server.localAddress.port)" }

    /// `tagged`: answers with the status and this ETag, and `304` without a body to a read that sends the tag back.
    enum Behaviour: Sendable { case answer, never, slow(Duration), tagged(String) }

    private final class Tally: Sendable {
        let counts = Mutex((full: 0, notModified: 0))
    }
    private let tally: Tally
    /// Status reads answered with a body, and with 304.
    var full: Int { tally.counts.withLock { $0.full } }
    var notModified: Int { tally.counts.withLock { $0.notModified } }

    init(name: String, behaviour: Behaviour) throws {
        group = try EventLoopGroup(count: 1, name: "status-test")
        var status = NodeStatus(name: name, kind: .app, role: "supervisor", version: "test", startedAt: Date(), pid: 1)
        status.figures = NodeFigures(requestsPerSecond: 5, p99Ms: 3, cpuPercent: 1)
        let body = status
        var router = Router()
        let tally = Tally()
        self.tally = tally
        router.on("GET", "/admin/v1/status") { request, responder in
            switch behaviour {
            case .answer: responder.send(.json(body))
            case .tagged(let tag) where request.headers["If-None-Match"] == tag:
                tally.counts.withLock { $0.notModified += 1 }
                responder.send(HTTPResponse(status: 304, headers: ["ETag": tag]))
            case .tagged(let tag):
                tally.counts.withLock { $0.full += 1 }
                var response = HTTPResponse.json(body)
                response.headers.add("ETag", tag)
                responder.send(response)
            case .never: break
            case .slow(let delay):
                Task {
                    try? await Task.sleep(for: delay)
                    responder.send(.json(body))
                }
            }
        }
        router.on("GET", "/admin/v1/logs") { _, responder in responder.send(.json(LogPage(entries: [], next: 0))) }
        router.on("GET", "/admin/v1/events") { _, responder in responder.send(.json(EventPage(events: [], next: 0))) }
        server = try HTTPServer(configuration: HTTPServerConfiguration(address: SocketAddress(host: "127.0.0.1", port: 0)), group: group,
                                handler: router.handler)
    }

    func stop() async {
        await server.shutdown(grace: .milliseconds(50))
        group.shutdown()
    }
}

@Suite struct ClusterModelTests {
    /// Waits (polling the model, never sleeping a fixed time for the result) until `condition` holds or `limit` passes.
    static func eventually(_ model: ClusterModel, within limit: Duration = .seconds(10),
                           _ condition: (ClusterSnapshot) -> Bool) async -> ClusterSnapshot {
        let deadline = ContinuousClock.now + limit
        var snapshot = await model.snapshot()
        while !condition(snapshot), ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
            snapshot = await model.snapshot()
        }
        return snapshot
    }

    /// A model over `nodes` through the operations layer's cluster client, as `genetix console` builds it.
    static func model(_ nodes: [ConfiguredNode], refreshInterval: Duration = .seconds(1), requestTimeout: Duration = .seconds(5)) throws -> ClusterModel {
        ClusterModel(cluster: try ClusterClient(config: OperatorConfig(cluster: "t", nodes: nodes), timeout: requestTimeout), refreshInterval: refreshInterval)
    }

    @Test func aDeadNodeIsMarkedDownWithinTheTimeoutWhileOthersKeepUpdating() async throws {
        let fast = try StatusServer(name: "fast", behaviour: .answer)
        let dead = try StatusServer(name: "dead", behaviour: .never)
        let slow = try StatusServer(name: "slow", behaviour: .slow(.milliseconds(150)))
        let model = try Self.model([
            ConfiguredNode(name: "fast", kind: .app, admin: fast.url), ConfiguredNode(name: "dead", kind: .app, admin: dead.url),
            ConfiguredNode(name: "slow", kind: .app, admin: slow.url),
        ], refreshInterval: .milliseconds(250), requestTimeout: .milliseconds(400))
        await model.start()
        // The fast node gets several fresh statuses while the dead one is still waiting for its first answer.
        let early = await Self.eventually(model) { ($0.node(named: "fast")?.samples(.requestsPerSecond).count ?? 0) >= 1 }
        #expect(early.node(named: "fast")?.isReachable == true)
        let settled = await Self.eventually(model) { s in
            s.node(named: "dead")?.lastError != nil && s.node(named: "slow")?.isReachable == true
        }
        let deadNode = try #require(settled.node(named: "dead"))
        #expect(deadNode.isReachable == false)
        #expect(deadNode.lastError?.contains("no answer from 127.0.0.1:\(dead.server.localAddress.port)") == true)
        #expect(settled.severity(of: deadNode) == .crit)
        #expect(settled.node(named: "slow")?.status?.name == "slow")
        #expect(settled.node(named: "fast")?.isReachable == true)
        let buffer = ConsoleRenderer.render(settled, ConsoleFixtures.state(selected: "fast"), theme: .builtinDefault,
                                            size: TerminalSize(rows: 24, columns: 80))
        let row = try #require((0..<24).first { buffer.text(row: $0).contains(" dead ") })
        #expect(buffer.text(row: row).contains("DOWN"))
        #expect(buffer.text(row: row).contains("unreachable: no answer from"))
        await model.stop()
        await fast.stop()
        await dead.stop()
        await slow.stop()
    }

    @Test func aRefusedConnectionIsReportedAndTheIntervalNeverGoesBelow250ms() async throws {
        let refusing = try RefusingPort()
        defer { refusing.close() }
        let port = refusing.port
        let model = try Self.model([ConfiguredNode(name: "gone", kind: .database, admin: "http://127.0.0.1:\(port)")],
                                 refreshInterval: .milliseconds(10))
        #expect(await model.refreshInterval == .milliseconds(250))
        #expect(await model.setRefreshInterval(.milliseconds(100)) == .milliseconds(250))
        #expect(await model.setRefreshInterval(.seconds(2)) == .seconds(2))
        await model.pollNow("gone")
        let node = try #require(await model.snapshot().node(named: "gone"))
        #expect(node.lastError?.hasPrefix("cannot connect to 127.0.0.1:\(port)") == true)
        #expect(node.failures == 1)
    }

    @Test func followsLogsAndEventsOfRealAdminServersMergedInTimeOrder() async throws {
        let a = try AdminFixture()
        let b = try AdminFixture()
        let t0 = Date().addingTimeInterval(-10)
        _ = a.logs.append(level: .info, source: "test", message: "a-first", time: t0)
        _ = b.logs.append(level: .warn, source: "test", message: "b-second", time: t0.addingTimeInterval(1))
        _ = a.logs.append(level: .error, source: "test", message: "a-third", time: t0.addingTimeInterval(2))
        _ = b.events.emit(type: "worker.crashed", severity: .warn, message: "worker 1 exited", target: "worker-1", time: t0.addingTimeInterval(3))
        let model = try Self.model([
            ConfiguredNode(name: "a", kind: .app, admin: a.url, token: a.viewer.secret),
            ConfiguredNode(name: "b", kind: .app, admin: b.url, token: b.viewer.secret),
        ], refreshInterval: .milliseconds(250))
        await model.start()
        var snapshot = await Self.eventually(model) { s in
            ["a-first", "b-second", "a-third"].allSatisfy { m in s.logs.contains { $0.message == m } }
                && s.timeline.contains { $0.type == "worker.crashed" }
        }
        let ours = snapshot.logs.filter { $0.source == "test" }
        #expect(ours.map(\.message) == ["a-first", "b-second", "a-third"])
        #expect(ours.map(\.node) == ["a", "b", "a"])
        let crash = try #require(snapshot.timeline.first { $0.type == "worker.crashed" })
        #expect(crash.node == "b")
        #expect(crash.actor == "system")
        // New lines after the cursor arrive once, not again.
        _ = a.logs.append(level: .info, source: "test", message: "a-fourth")
        snapshot = await Self.eventually(model) { s in s.logs.contains { $0.message == "a-fourth" } }
        #expect(snapshot.logs.filter { $0.message == "a-first" }.count == 1)
        #expect(snapshot.logs.filter { $0.message == "a-fourth" }.count == 1)
        #expect(snapshot.node(named: "a")?.status?.workers?.count == 0)
        await model.stop()
        await a.stop()
        await b.stop()
    }

    /// The model keeps a line's fields folded into its message, exactly as the log view prints them.
    @Test func logFieldsAreKeptAsTheLogViewPrintsThem() async throws {
        let a = try AdminFixture()
        _ = a.logs.append(level: .warn, source: "proxy", message: "backend slow",
                          fields: ["backend": "127.0.0.1:8101", "attempt": "2", "note": "two words"])
        let model = try Self.model([ConfiguredNode(name: "a", kind: .app, admin: a.url, token: a.viewer.secret)],
                                 refreshInterval: .milliseconds(250))
        await model.start()
        let snapshot = await Self.eventually(model) { s in s.logs.contains { $0.source == "proxy" } }
        let line = try #require(snapshot.logs.first { $0.source == "proxy" })
        #expect(line.message == "backend slow attempt=2 backend=127.0.0.1:8101 note=two words")
        #expect(line.fields.isEmpty)
        #expect(LogsView.line(line, timestamps: false, zone: .utc).hasSuffix("WARN  backend slow attempt=2 backend=127.0.0.1:8101 note=two words"))
        await model.stop()
        await a.stop()
    }

    @Test func aRejectedTokenIsShownAsTheNodesError() async throws {
        let a = try AdminFixture()
        let model = try Self.model([ConfiguredNode(name: "a", kind: .app, admin: a.url, token: "wrong-token")])
        await model.pollNow("a")
        let node = try #require(await model.snapshot().node(named: "a"))
        #expect(node.isReachable == false)
        #expect(node.lastError?.hasPrefix("a refused: the token was not accepted") == true, "\(node.lastError ?? "")")
        #expect(node.lastError?.hasSuffix("check the node's token in the configuration") == true)
        await a.stop()
    }

    @Test func historiesKeepTheLast60Samples() {
        var history = MetricHistory()
        for i in 0..<75 { history.append(Double(i)) }
        #expect(history.samples.count == 60)
        #expect(history.samples.first == 15)
        #expect(history.last == 74)
    }

    /// A status that arrives in a refresh that has its sample already takes that sample's place, under the same rule
    /// for values that are not finite as a new sample.
    @Test func aReplacedSampleKeepsTheCountAndTheRuleForNonFiniteValues() {
        var history = MetricHistory(samples: [1, 2])
        history.replaceLast(5)
        #expect(history.samples == [1, 5])
        history.replaceLast(.nan)
        #expect(history.samples == [1, 0])
        var empty = MetricHistory()
        empty.replaceLast(3)
        #expect(empty.samples == [3])
    }
}
