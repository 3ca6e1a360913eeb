import Foundation
@testable import GenetixBalancer
import GenetixCore
import GenetixNet
import Testing

/// The "must show" behaviours under constant load: drain, an abruptly killed backend, ejection and readmission.
@Suite(.serialized) struct ResilienceTests {
    @Test func drainingABackendUnderLoadFailsNoRequest() async throws {
        let a = try TestBackend(), b = try TestBackend(ledger: TestBackend.Ledger())
        let fixture = try BalancerFixture(backends: [a.address, b.address])
        defer { Task { await fixture.stop(); await a.stop(); await b.stop() } }
        let load = LoadLoop(fixture: fixture, workers: 8, posters: 2)
        #expect(await fixture.eventually(within: .seconds(15)) { a.seen > 20 && b.seen > 20 })
        let result = try await fixture.action("drain", .object(["backend": .string(a.address.description)]))
        #expect(result["state"]?.stringValue == "draining")
        let backendA = try #require(fixture.balancer.backends.backend(a.address.description))
        #expect(await fixture.eventually(within: .seconds(15)) { backendA.requestsInFlight == 0 })
        let seenAtDrain = a.seen
        let servedBefore = load.gets
        #expect(await fixture.eventually(within: .seconds(15)) { load.gets > servedBefore + 200 })
        await load.stop()
        #expect(a.seen == seenAtDrain, "a drained backend got new requests")
        #expect(load.getFailures.load(ordering: .relaxed) == 0, "\(load.failureSamples.withLock { $0 })")
        #expect(load.postFailures.load(ordering: .relaxed) == 0, "\(load.failureSamples.withLock { $0 })")
        // enable puts it back in rotation.
        _ = try await fixture.action("enable", .object(["backend": .string(a.address.description)]))
        for _ in 0..<10 { _ = try await fixture.get("/") }
        #expect(a.seen > seenAtDrain)
    }

    @Test func killingABackendUnderLoadFailsNoGETAndAppliesNoPOSTTwice() async throws {
        let ledger = TestBackend.Ledger()
        let a = try TestBackend(ledger: ledger), b = try TestBackend(ledger: ledger)
        let fixture = try BalancerFixture(backends: [a.address, b.address])
        defer { Task { await fixture.stop(); await a.stop(); await b.stop() } }
        let load = LoadLoop(fixture: fixture, workers: 8, posters: 4)
        #expect(await fixture.eventually(within: .seconds(15)) { a.seen > 50 && b.seen > 50 })
        await a.kill()
        // Ejected (passively) or down (health checks): within a second or two; 10 s leaves room for a busy machine.
        #expect(await fixture.eventually(within: .seconds(10)) { fixture.state(of: a.address) != .up })
        let served = load.gets
        #expect(await fixture.eventually(within: .seconds(15)) { load.gets > served + 200 })
        // It comes back: readmitted after its ejection ends and two health checks pass.
        try await a.revive()
        let seenAtRevival = a.seen
        #expect(await fixture.eventually(within: .seconds(8)) { fixture.state(of: a.address) == .up })
        #expect(await fixture.eventually(within: .seconds(15)) { a.seen > seenAtRevival + 20 })
        await load.stop()
        #expect(load.getFailures.load(ordering: .relaxed) == 0, "\(load.failureSamples.withLock { $0 })")
        #expect(ledger.duplicates.isEmpty, "POSTs applied twice: \(ledger.duplicates.prefix(5))")
        #expect(ledger.count > 0)
        #expect(fixture.balancer.proxy.metrics.retries.value > 0)
    }
}
