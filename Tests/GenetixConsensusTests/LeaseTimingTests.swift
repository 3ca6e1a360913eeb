import GenetixConsensus
import Testing

/// The leader lease's timing rules (docs/architecture.md, "Leader lease timing").
struct LeaseTimingTests {
    @Test("the defaults: TTL 5 s, renew 1 s, 1 s requests, act for 3 s after a renewal was sent; two renewals may fail first")
    func defaults() {
        let t = LeaseTiming.standard
        #expect(t.safeWindow == .seconds(3))
        #expect(t.isSound)
        #expect(t.renewInterval * 2 < t.safeWindow + .milliseconds(1))
        #expect(LeaseTiming(ttlSeconds: 5) == t)
    }

    @Test("every TTL the agent accepts (2…600 s) keeps a positive margin and room for a retry")
    func everyTTLIsSound() {
        for ttl in [2, 3, 5, 10, 30, 600] {
            let t = LeaseTiming(ttlSeconds: ttl)
            #expect(t.isSound, "ttl \(ttl)")
            #expect(t.margin >= .seconds(1), "ttl \(ttl)")
            #expect(t.safeWindow < t.ttl, "ttl \(ttl)")
        }
    }
}
