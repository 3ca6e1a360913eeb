import GenetixConsensus
import Testing

/// The leader lease's timing rules (docs/architecture.md, "Leader lease timing").
struct LeaseTimingTests {
    @Test("the defaults: TTL 4 s, renew 0.5 s, 1 s requests, act for 2.5 s after a renewal was sent; four renewals may fail first")
    func defaults() {
        let t = LeaseTiming.standard
        #expect(t.safeWindow == .milliseconds(2500))
        #expect(t.isSound)
        #expect(t.renewInterval * 4 < t.safeWindow)
        #expect(t.renewInterval + t.requestTimeout < t.safeWindow)
        #expect(LeaseTiming(ttlSeconds: 4) == t)
    }

    @Test("every TTL the agent accepts (2…600 s) keeps a positive margin and room for a retry")
    func everyTTLIsSound() {
        for ttl in [2, 3, 4, 5, 10, 30, 600] {
            let t = LeaseTiming(ttlSeconds: ttl)
            #expect(t.isSound, "ttl \(ttl)")
            #expect(t.margin >= .seconds(1), "ttl \(ttl)")
            #expect(t.safeWindow < t.ttl, "ttl \(ttl)")
        }
    }
}
