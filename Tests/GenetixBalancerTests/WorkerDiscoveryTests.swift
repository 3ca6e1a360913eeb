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
        #expect(await fixture.eventually(within: .seconds(15)) { fixture.balancer.backends.all.count == 2 })
        for _ in 0..<10 { #expect(try await fixture.get("/").status == 200) }
        #expect(a.seen > 0 && b.seen > 0)
        let status = await fixture.node.status()
        #expect(status.backends?.allSatisfy { $0.source == "discovered" && $0.state == .up } == true)

        // The app node marks worker a draining: no new request goes to it, and the balancer reports it idle.
        app.publish([(a, .draining), (b, .online)])
        #expect(await fixture.eventually(within: .seconds(15)) { fixture.state(of: a.address) == .draining })
        let seenAtDrain = a.seen
        for _ in 0..<10 { #expect(try await fixture.get("/").status == 200) }
        #expect(a.seen == seenAtDrain)
        #expect(await fixture.eventually(within: .seconds(15)) {
            app.reports.withLock { $0.contains { $0.observer == "lb-test" && $0.idle == [a.address.description] } }
        })
        // Once the worker is gone from the list, the balancer forgets it.
        app.publish([(b, .online)])
        #expect(await fixture.eventually(within: .seconds(15)) { fixture.balancer.backends.all.map(\.key) == [b.address.description] })
    }
}

/// Discovery from an app node whose admin API is served over TLS, verified with `--app-ca` (`appTLS`).
@Suite struct WorkerDiscoveryTLSTests {
    /// A self-signed certificate for 127.0.0.1 written to a fresh directory.
    private func certificate() throws -> (cert: String, key: String, directory: String) {
        let directory = NSTemporaryDirectory() + "genetix-discovery-tls-" + UUID().uuidString.prefix(8)
        try SelfSignedCertificate.generate(commonName: "127.0.0.1", subjectAltNames: ["127.0.0.1"], validDays: 1)
            .write(to: URL(fileURLWithPath: directory, isDirectory: true))
        return (directory + "/cert.pem", directory + "/key.pem", directory)
    }

    /// Runs `body` with an https app node publishing one online backend, and a balancer whose `appTLS` trusts the
    /// app node's certificate (`trustServed`) or an unrelated one.
    private func withTLSAppNode(trustServed: Bool, _ body: (BalancerFixture, TestBackend) async throws -> Void) async throws {
        let served = try certificate()
        let unrelated = try certificate()
        defer {
            try? FileManager.default.removeItem(atPath: served.directory)
            try? FileManager.default.removeItem(atPath: unrelated.directory)
        }
        let backend = try TestBackend()
        let app = PublishingAppNode()
        app.publish([(backend, .online)])
        let adminGroup = try EventLoopGroup(count: 1, name: "app-admin-tls")
        let token = AdminToken(name: "lb", role: .viewer, secret: "s3cret-token-for-tests")
        let logs = try LogStore()
        let tls = try TLSContext.server(.server(certificateChainPath: served.cert, privateKeyPath: served.key))
        let admin = try AdminServer(configuration: AdminServerConfiguration(name: "app-1", kind: .app,
                                                                           listen: SocketAddress(host: "127.0.0.1", port: 0), tokens: [token], tls: tls),
                                    node: app, logs: logs, events: EventStore(log: logs), metrics: MetricsRegistry(), group: adminGroup)
        let clientTLS = try TLSContext.client(.client(trustedCAFilePath: trustServed ? served.cert : unrelated.cert))
        let fixture = try BalancerFixture(backends: []) {
            $0.appAdminURLs = [try! HTTPURL(parsing: admin.url)]
            $0.appToken = token.secret
            $0.appTLS = clientTLS
            $0.discoveryInterval = .milliseconds(100)
        }
        var failure: (any Error)?
        do { try await body(fixture, backend) } catch { failure = error }
        await fixture.stop()
        await admin.shutdown(grace: .milliseconds(100))
        adminGroup.shutdown()
        await backend.stop()
        if let failure { throw failure }
    }

    @Test func discoversWorkersOverHTTPSWithTheAppCA() async throws {
        try await withTLSAppNode(trustServed: true) { (fixture: BalancerFixture, backend: TestBackend) async throws in
            #expect(await fixture.eventually(within: .seconds(15)) {
                fixture.balancer.backends.all.map(\.key) == [backend.address.description]
            })
            #expect(try await fixture.get("/").status == 200)
        }
    }

    @Test func refusesAnAppNodeWhoseCertificateTheCADidNotSign() async throws {
        try await withTLSAppNode(trustServed: false) { (fixture: BalancerFixture, _: TestBackend) async throws in
            // The poll runs every 100 ms; after 1 s of failed handshakes nothing may have been discovered.
            #expect(await fixture.eventually(within: .seconds(1)) { !fixture.balancer.backends.all.isEmpty } == false)
            #expect(fixture.balancer.backends.all.isEmpty)
        }
    }
}
