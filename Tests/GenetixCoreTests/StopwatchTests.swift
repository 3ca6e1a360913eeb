import Testing
@testable import GenetixCore

@Suite struct StopwatchTests {
    @Test func stopwatchNeverRunsBackwards() {
        let watch = Stopwatch()
        let a = watch.elapsedNanoseconds
        let b = watch.elapsedNanoseconds
        #expect(b >= a)
        #expect(MonotonicClock.nanoseconds() >= watch.startNanoseconds)
    }
}
