import Foundation
import GenetixAdmin
import GenetixCore
import GenetixNet
import Synchronization
import Testing
@testable import GenetixBalancer

/// A balancer pair's shared state and readiness: a starting balancer copies its running peer's drains and weights
/// (over the peer's real admin API) before it reports ready, replacing decisions of its own; standby makes `/readyz`
/// fail (keepalived then moves the address); the floating address is reported held only when it is on a local interface.
@Suite struct BalancerPairTests {
    private let a = SocketAddress(host: "127.0.0.1", port: 9501)
    private let b = SocketAddress(host: "127.0.0.1", port: 9502)

    @Test func adoptingAPeersDecisionsReplacesOwnOnes() throws {
        let set = BackendSet()
        set.replaceDiscovered(from: "app-1", with: [DiscoveredWorker(address: a, workerId: 1, draining: false),
                                                   DiscoveredWorker(address: b, workerId: 2, draining: false)])
        set.setOperatorDrain(try #require(set.backend(a.description)), true)
        set.setOperatorWeight(try #require(set.backend(a.description)), 7)
        let recorded = RecordedDecisions()
        set.setDecisionObserver { recorded.add($0) }
        set.adoptOperatorDecisions(drained: [b.description], weights: [b.description: 3], actor: "peer lb-2")
        #expect(try #require(set.backend(a.description)).isDraining == false)
        #expect(try #require(set.backend(a.description)).weight == 1)
        #expect(try #require(set.backend(b.description)).isDraining)
        #expect(try #require(set.backend(b.description)).weight == 3)
        #expect(set.operatorDecisions.drained == [b.description])
        // Each change reaches the state file's observer, so a restart keeps what was copied.
        #expect(Set(recorded.all.map { "\($0.backend) \($0.drained.map { "drained=\($0)" } ?? "weight=\($0.weight ?? -1)")" })
                == ["\(a) drained=false", "\(b) drained=true", "\(a) weight=1", "\(b) weight=3"])
        #expect(recorded.all.allSatisfy { $0.actor == "peer lb-2" })
    }

    @Test func aStartingBalancerCopiesItsPeerAndIsReadyOnlyAfterwards() async throws {
        let backend = try TestBackend()
        let running = try BalancerFixture(backends: [backend.address])
        let starting = try BalancerFixture(backends: [backend.address])
        let token = AdminToken(name: "peer", role: .viewer, secret: "pair-peer-token-for-tests")
        let runningPair = BalancerPair(address: "192.0.2.50", peers: [])
        let group = try EventLoopGroup(count: 1, name: "pair-admin")
        let admin = try AdminServer(configuration: AdminServerConfiguration(name: "lb-1", kind: .balancer,
                                                                           listen: SocketAddress(host: "127.0.0.1", port: 0), tokens: [token]),
                                    node: BalancerNode(balancer: running.balancer, pair: runningPair), logs: running.logs,
                                    events: running.events, metrics: MetricsRegistry(), group: group)
        defer {
            Task {
                await admin.shutdown(grace: .milliseconds(100))
                group.shutdown()
                await running.stop()
                await starting.stop()
                await backend.stop()
            }
        }
        await runningPair.adoptPeerState(into: running.balancer.backends, logger: nil)
        #expect(runningPair.status(running.balancer.backends).stateFrom?.contains("no peer configured") == true)
        _ = try await running.action("weight", .object(["backend": .string(backend.address.description), "weight": .number(4)]))
        _ = try await running.action("drain", .object(["backend": .string(backend.address.description), "force": .bool(true)]))

        let pair = BalancerPair(address: "192.0.2.50/24", peers: [try AdminClient(url: admin.url, token: token.secret, nodeName: "lb-1")])
        let node = BalancerNode(balancer: starting.balancer, pair: pair)
        #expect(await node.isReady() == false, "not ready before the peer's state is copied")
        await pair.adoptPeerState(into: starting.balancer.backends, logger: nil)
        let status = try #require(await node.status().pair)
        #expect(status.address == "192.0.2.50")
        #expect(status.drained == [backend.address.description])
        #expect(status.weights == [backend.address.description: 4])
        #expect(status.stateFrom == "peer lb-1")
        #expect(status.holder == false, "192.0.2.50 is on no interface of this host")
    }

    @Test func standbyMakesReadinessFailAndBack() async throws {
        let backend = try TestBackend()
        let fixture = try BalancerFixture(backends: [backend.address])
        defer { Task { await fixture.stop(); await backend.stop() } }
        // 127.0.0.1 is on the loopback interface, which does not count as holding the floating address.
        let pair = BalancerPair(address: "127.0.0.1", peers: [])
        await pair.adoptPeerState(into: fixture.balancer.backends, logger: nil)
        let node = BalancerNode(balancer: fixture.balancer, pair: pair)
        #expect(await fixture.eventually(within: .seconds(10)) { fixture.state(of: backend.address) == .up })
        #expect(await node.isReady())
        let action = try require_action(node.actions.first { $0.name == "standby" }, "standby")
        let on = try await action.run(ActionContext(body: .object(["enabled": .bool(true)]), actor: "ops", requestId: "t-1"))
        #expect(on["standby"] == .bool(true) && on["holder"] == .bool(false))
        #expect(await node.isReady() == false)
        #expect(await node.status().pair?.standby == true)
        _ = try await action.run(ActionContext(body: .object(["enabled": .bool(false)]), actor: "ops", requestId: "t-2"))
        #expect(await node.isReady())
        #expect(fixture.node.actions.contains { $0.name == "standby" } == false, "a single balancer has no standby action")
    }
}

/// The decisions an observer was told about.
private final class RecordedDecisions: Sendable {
    private let list = Mutex<[OperatorDecision]>([])
    func add(_ decision: OperatorDecision) { list.withLock { $0.append(decision) } }
    var all: [OperatorDecision] { list.withLock { $0 } }
}
