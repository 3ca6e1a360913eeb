import GenetixApp
import Testing

@Suite struct DrainTrackerTests {
    let worker = "127.0.0.1:8102"

    @Test func withoutObserversWaitsOneSecondAndNoInFlight() {
        let drains = DrainTracker(timeout: 10)
        #expect(!drains.mayStop(address: worker, inFlight: 0, drainingSince: 100, now: 100.5))
        #expect(drains.mayStop(address: worker, inFlight: 0, drainingSince: 100, now: 101))
        #expect(!drains.mayStop(address: worker, inFlight: 2, drainingSince: 100, now: 105))
    }

    @Test func everyRecentObserverMustReportIdle() {
        var drains = DrainTracker(timeout: 10)
        drains.observe(query: ["observer": "lb-1", "idle": worker], now: 100)
        drains.observe(query: ["observer": "lb-2", "idle": ""], now: 100)
        #expect(drains.activeObservers(now: 100) == ["lb-1", "lb-2"])
        #expect(!drains.mayStop(address: worker, inFlight: 0, drainingSince: 99, now: 101))
        drains.observe(query: ["observer": "lb-2", "idle": "127.0.0.1:8101,\(worker)"], now: 101.5)
        #expect(drains.mayStop(address: worker, inFlight: 0, drainingSince: 99, now: 102))
        // The worker itself still busy: wait.
        #expect(!drains.mayStop(address: worker, inFlight: 1, drainingSince: 99, now: 102))
    }

    @Test func staleObserversStopCountingAndTimeoutsApply() {
        var drains = DrainTracker(timeout: 10)
        drains.observe("lb-1", idle: [], now: 100)
        #expect(!drains.mayStop(address: worker, inFlight: 0, drainingSince: 100, now: 102))
        // lb-1 last polled more than 3 s ago: it no longer counts, and 1 s has passed.
        #expect(drains.mayStop(address: worker, inFlight: 0, drainingSince: 100, now: 103.5))
        drains.observe("lb-1", idle: [], now: 107)
        #expect(!drains.mayStop(address: worker, inFlight: 0, drainingSince: 100, now: 109))
        #expect(drains.mayStop(address: worker, inFlight: 0, drainingSince: 100, now: 110))     // drain timeout, idle worker
        #expect(!drains.mayStop(address: worker, inFlight: 3, drainingSince: 100, now: 115))    // busy: wait…
        #expect(drains.mayStop(address: worker, inFlight: 3, drainingSince: 100, now: 120))     // …up to the hard cap
    }

    @Test func queriesWithoutObserverAreIgnored() {
        var drains = DrainTracker()
        drains.observe(query: ["idle": worker], now: 1)
        #expect(drains.activeObservers(now: 1).isEmpty)
    }
}
