import Foundation
import GenetixBalancer
import GenetixCore
import GenetixNet
import Testing

/// Issue 15: the access log's queue is bounded; when its writer cannot keep up, records are dropped and counted
/// (and shown as a metric), the queue never grows past its limit, and requests keep being answered.
@Suite struct AccessLogQueueTests {
    @Test func aFullQueueDropsWithACounterAndAMetricAndNeverBlocks() async throws {
        let backend = try TestBackend()
        let fixture = try BalancerFixture(backends: [backend.address]) { $0.accessLogQueueLimit = 40 }
        let log = try #require(fixture.balancer.proxy.accessLog)
        // The writer is stopped (a disk that does not keep up): the loops must keep answering anyway.
        log.suspendWriter()
        do {
            for i in 0..<100 {
                let response = try await fixture.get("/page-\(i)")
                #expect(response.status == 200)
                #expect(log.pending <= 40, "the queue grew past its limit: \(log.pending)")
            }
        } catch {
            log.resumeWriter()
            await fixture.stop()
            await backend.stop()
            throw error
        }
        // Every record is either queued or dropped once the loops have handed their buffers over.
        #expect(await fixture.eventually(within: .seconds(10)) { log.pending + log.dropped == 100 })
        #expect(log.pending == 40)
        #expect(log.dropped == 60)
        #expect(fixture.metrics.prometheusText().contains("balancer_access_log_dropped_total 60"))
        log.resumeWriter()
        log.flush()
        #expect(log.pending == 0)
        let written = fixture.logs.page(after: 0, limit: 10_000).entries.filter { $0.source == "access" }.count
        #expect(written == 40)
        await fixture.stop()
        await backend.stop()
    }
}
