import Foundation
import GenetixAdmin
import GenetixConsole
import GenetixCore
import GenetixNet
import GenetixOperations
import Synchronization
import Testing

/// An idle app node behind a real admin server on loopback: fixed figures until the test changes them, and a count
/// of the status requests it was asked (one per HTTP read, however long the read is held).
private final class IdleNode: AdminNode {
    private let requestsPerSecond = Mutex(5.0)
    private let requests = Mutex((count: 0, waits: 0))

    var statusRequests: Int { requests.withLock { $0.count } }
    /// Status requests that asked for a held read (`wait`).
    var heldRequests: Int { requests.withLock { $0.waits } }
    func setRequestsPerSecond(_ value: Double) { requestsPerSecond.withLock { $0 = value } }

    func statusRequested(query: [String: String], by caller: String) async {
        requests.withLock {
            $0.count += 1
            if query["wait"] != nil { $0.waits += 1 }
        }
    }

    func status() async -> NodeStatus {
        var s = NodeStatus(name: "", kind: .app, role: "supervisor", version: "", startedAt: Date(), pid: 0)
        s.workers = []
        s.autoscaler = AutoscalerStatus()
        s.figures = NodeFigures(requestsPerSecond: requestsPerSecond.withLock { $0 }, p99Ms: 3, cpuPercent: 1, residentBytes: 40 << 20)
        return s
    }
    func isReady() async -> Bool { true }
    var actions: [AdminAction] { [] }
}

/// Issue 18: at a refresh of 1 s or more the console watches an idle node (a status read the node holds while
/// nothing shown changes) instead of asking it every second.
@Suite struct StatusWatchTests {
    /// The model's tick count and snapshot read together (no tick between them), once the clock has run `tick` ticks
    /// (waiting for it, a minute at most: the verdict is on counts, never on time).
    private static func ticksAndSnapshot(afterTick tick: UInt64, of model: ClusterModel) async -> (ticks: UInt64, snapshot: ClusterSnapshot) {
        let limit = ContinuousClock.now + .seconds(60)
        while true {
            let before = await model.ticks
            let snapshot = await model.snapshot()
            if await model.ticks == before, before >= tick || ContinuousClock.now > limit { return (before, snapshot) }
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    /// An `IdleNode` behind a real admin server on loopback (the caller shuts both down), and a model over it
    /// refreshing every `interval` (not started).
    private static func serve(_ node: IdleNode, refreshEvery interval: Duration) throws -> (server: AdminServer, group: EventLoopGroup, model: ClusterModel) {
        let group = try EventLoopGroup(count: 1, name: "watch-test")
        let viewer = AdminToken(name: "watcher", role: .viewer, secret: "viewer-secret-0123456789")
        let logs = try LogStore(capacity: 100)
        let configuration = AdminServerConfiguration(name: "idle", kind: .app, listen: SocketAddress(host: "127.0.0.1", port: 0), tokens: [viewer])
        let server = try AdminServer(configuration: configuration, node: node, logs: logs, events: EventStore(log: logs),
                                     metrics: MetricsRegistry(), group: group)
        let model = try ClusterModelTests.model([ConfiguredNode(name: "idle", kind: .app, admin: server.url, token: viewer.secret)],
                                              refreshInterval: interval)
        return (server, group, model)
    }

    /// Only the node whose detail view is open is read with the host's figures (the only view that shows them).
    @Test func theHostsFiguresAreReadForTheNodeInDetailOnly() async throws {
        let node = IdleNode()
        let (server, group, model) = try Self.serve(node, refreshEvery: .seconds(1))
        await model.start()
        let first = await ClusterModelTests.eventually(model) { $0.node(named: "idle")?.status != nil }
        #expect(first.node(named: "idle")?.status?.host == nil)
        // A watch sent without the host is out when the detail view opens.
        let watchLimit = ContinuousClock.now + .seconds(60)
        while node.heldRequests == 0, ContinuousClock.now < watchLimit { try await Task.sleep(for: .milliseconds(20)) }
        #expect(node.heldRequests > 0)
        await model.setFocus("idle")
        #expect(await model.snapshot().node(named: "idle")?.status?.host != nil, "the detail view's node is read at once, with the host")
        // A figure changes: the watch still out (without the host) answers first; the host's figures stay on screen.
        node.setRequestsPerSecond(9)
        let changed = await ClusterModelTests.eventually(model) { $0.node(named: "idle")?.status?.figures?.requestsPerSecond == 9 }
        #expect(changed.node(named: "idle")?.status?.host != nil, "an answer to a read sent before the detail view opened took the host away")
        await model.stop()
        await server.shutdown(grace: .milliseconds(50))
        group.shutdown()
    }

    @Test func belowOneSecondOfRefreshAnIdleNodeIsPolledNotWatched() async throws {
        let node = IdleNode()
        let (server, group, model) = try Self.serve(node, refreshEvery: .milliseconds(250))
        await model.start()
        // Counted in reads, not in ticks: on a loaded machine a read can take longer than a 250 ms tick.
        let limit = ContinuousClock.now + .seconds(60)
        while node.statusRequests < 4, ContinuousClock.now < limit { try await Task.sleep(for: .milliseconds(20)) }
        await model.stop()
        #expect(node.statusRequests >= 4)
        #expect(node.heldRequests == 0, "\(node.heldRequests) of \(node.statusRequests) status reads asked to be held")
        await server.shutdown(grace: .milliseconds(50))
        group.shutdown()
    }

    @Test func aWatchedIdleNodeStaysUpWithOneSamplePerTickAndShowsDownWhenItsServerCloses() async throws {
        let node = IdleNode()
        let (server, group, model) = try Self.serve(node, refreshEvery: .seconds(1))
        await model.start()
        // The second status request is the first watch (the first round, status then the log and event pages, is
        // over: a slow first round leaves its ticks without samples, as any slow poll does). Over the next five
        // refreshes the histories gain one sample per tick while the node is asked far fewer than five times (a
        // watch is held about 4 s).
        let firstWatchLimit = ContinuousClock.now + .seconds(60)
        while node.statusRequests < 2, ContinuousClock.now < firstWatchLimit { try await Task.sleep(for: .milliseconds(20)) }
        let (startTicks, start) = await Self.ticksAndSnapshot(afterTick: 0, of: model)
        let startRequests = node.statusRequests
        var (ticks, snapshot) = await Self.ticksAndSnapshot(afterTick: startTicks + 5, of: model)
        var idle = try #require(snapshot.node(named: "idle"))
        #expect(idle.isReachable && idle.failures == 0 && idle.status?.figures?.requestsPerSecond == 5)
        let startSamples = start.node(named: "idle")?.samples(.requestsPerSecond).count ?? 0
        #expect(startSamples > 0)
        #expect(idle.samples(.requestsPerSecond).count - startSamples == Int(ticks - startTicks),
                "\(idle.samples(.requestsPerSecond).count - startSamples) samples in \(ticks - startTicks) ticks")
        #expect(idle.samples(.requestsPerSecond).allSatisfy { $0 == 5 })
        #expect(node.heldRequests > 0)
        #expect(node.statusRequests - startRequests < Int(ticks - startTicks),
                "\(node.statusRequests - startRequests) status requests in \(ticks - startTicks) refreshes: no read was held")
        let (startTicks2, start2) = (ticks, idle.samples(.requestsPerSecond).count)

        // A shown figure changes while a watch is open: the new status shows (within about a second of the change),
        // and its sample takes the place of the tick's, so there is still one sample per tick.
        node.setRequestsPerSecond(9)
        _ = await ClusterModelTests.eventually(model) { $0.node(named: "idle")?.status?.figures?.requestsPerSecond == 9 }
        (ticks, snapshot) = await Self.ticksAndSnapshot(afterTick: 0, of: model)
        idle = try #require(snapshot.node(named: "idle"))
        #expect(idle.status?.figures?.requestsPerSecond == 9)
        #expect(idle.samples(.requestsPerSecond).count - start2 == Int(ticks - startTicks2),
                "\(idle.samples(.requestsPerSecond).count - start2) samples in \(ticks - startTicks2) ticks")
        #expect(idle.samples(.requestsPerSecond).last == 9)

        // The node's server closes with a watch open: the node shows down.
        await server.shutdown(grace: .milliseconds(100))
        group.shutdown()
        let down = await ClusterModelTests.eventually(model, within: .seconds(30)) { $0.node(named: "idle")?.isReachable == false }
        let gone = try #require(down.node(named: "idle"))
        #expect(!gone.isReachable && gone.lastError != nil)
        await model.stop()
    }
}
