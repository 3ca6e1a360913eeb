import Foundation
import GenetixAdmin
import GenetixBalancer
import GenetixCore
import GenetixNet
import Synchronization
import Testing

/// An app node as the balancer sees it: a real AdminServer whose node publishes a worker list and records the drain
/// reports (`observer`, `idle`) balancers send with their status polls.
final class PublishingAppNode: AdminNode {
    let workers = Mutex<[WorkerStatus]>([])
    let reports = Mutex<[(observer: String, idle: [String])]>([])

    func status() async -> NodeStatus {
        var status = NodeStatus(name: "app-1", kind: .app, role: "supervisor", version: "", startedAt: Date(), pid: getpid())
        status.workers = workers.withLock { $0 }
        return status
    }

    func isReady() async -> Bool { true }
    var actions: [AdminAction] { [] }

    func statusRequested(query: [String: String], by caller: String) async {
        let idle = (query["idle"] ?? "").split(separator: ",").map(String.init)
        reports.withLock { $0.append((query["observer"] ?? "", idle)) }
    }

    func publish(_ backends: [(TestBackend, WorkerStatus.State)]) {
        workers.withLock { list in
            list = backends.enumerated().map { i, pair in
                var w = WorkerStatus(id: i + 1, pid: 1000 + Int32(i), port: pair.0.port, state: pair.1)
                w.address = pair.0.address.description
                return w
            }
        }
    }
}

@Suite struct WorkerDiscoveryTests {
    @Test func routesToOnlineWorkersStopsAtDrainingAndReportsIdle() async throws {
        let a = try TestBackend(), b = try TestBackend()
        let app = PublishingAppNode()
        app.publish([(a, .online), (b, .online)])
        let adminGroup = try EventLoopGroup(count: 1, name: "app-admin")
        let token = AdminToken(name: "lb", role: .viewer, secret: "s3cret-token-for-tests")
        let logs = try LogStore()
        let admin = try AdminServer(configuration: AdminServerConfiguration(name: "app-1", kind: .app,
                                                                           listen: SocketAddress(host: "127.0.0.1", port: 0), tokens: [token]),
                                    node: app, logs: logs, events: EventStore(log: logs), metrics: MetricsRegistry(), group: adminGroup)
        let fixture = try BalancerFixture(backends: []) {
            $0.appAdminURLs = [try! HTTPURL(parsing: admin.url)]
            $0.appToken = token.secret
            $0.discoveryInterval = .milliseconds(100)
        }
        defer {
            Task {
                await fixture.stop()
                await admin.shutdown(grace: .milliseconds(100))
                adminGroup.shutdown()
                await a.stop()
                await b.stop()
            }
        }
        #expect(await fixture.eventually(within: .seconds(5)) { fixture.balancer.backends.all.count == 2 })
        for _ in 0..<10 { #expect(try await fixture.get("/").status == 200) }
        #expect(a.seen > 0 && b.seen > 0)
        let status = await fixture.node.status()
        #expect(status.backends?.allSatisfy { $0.source == "discovered" && $0.state == .up } == true)

        // The app node marks worker a draining: no new request goes to it, and the balancer reports it idle.
        app.publish([(a, .draining), (b, .online)])
        #expect(await fixture.eventually(within: .seconds(5)) { fixture.state(of: a.address) == .draining })
        let seenAtDrain = a.seen
        for _ in 0..<10 { #expect(try await fixture.get("/").status == 200) }
        #expect(a.seen == seenAtDrain)
        #expect(await fixture.eventually(within: .seconds(5)) {
            app.reports.withLock { $0.contains { $0.observer == "lb-test" && $0.idle == [a.address.description] } }
        })
        // Once the worker is gone from the list, the balancer forgets it.
        app.publish([(b, .online)])
        #expect(await fixture.eventually(within: .seconds(5)) { fixture.balancer.backends.all.map(\.key) == [b.address.description] })
    }
}
