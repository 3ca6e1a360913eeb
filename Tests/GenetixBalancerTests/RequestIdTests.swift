@testable import GenetixBalancer
import Testing

/// Request ids: a loop's prefix and its counter in base 36, written digit by digit in place.
@Suite struct RequestIdTests {
    @Test func theCounterIsWrittenAsSwiftWritesItInBase36() {
        let prefix = Array("k3x9q2-7-".utf8)
        var counters: [UInt64] = [0, 1, 9, 10, 35, 36, 37, 1295, 1296, 46_655, 46_656, 2_176_782_335, UInt64.max - 1, UInt64.max]
        var power: UInt64 = 1
        while power <= UInt64.max / 36 {
            power *= 36
            counters += [power - 1, power, power + 1]
        }
        for counter in counters {
            #expect(ProxyLoop.requestId(prefix: prefix, counter: counter) == "k3x9q2-7-" + String(counter, radix: 36), "\(counter)")
        }
        #expect(ProxyLoop.requestId(prefix: [], counter: 35) == "z")
    }
}
