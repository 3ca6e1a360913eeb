import GenetixCore
import GenetixNet
import Testing
@testable import GenetixBalancer

@Suite struct BackendPickerTests {
    private func backends(_ weights: [Int]) -> BackendSet {
        let set = BackendSet()
        set.addStatic(weights.indices.map { SocketAddress(host: "127.0.0.1", port: 9000 + $0) })
        for (b, w) in zip(set.all, weights) { b.weight = w }
        return set
    }

    @Test func smoothWeightedRoundRobinFollowsWeightsAndInterleaves() {
        let set = backends([5, 1, 1])
        let picker = BackendPicker(set: set, policy: .weighted)
        let picks = (0..<7).compactMap { _ in picker.pick(now: 1)?.address.port }
        #expect(picks.filter { $0 == 9000 }.count == 5)
        #expect(picks.filter { $0 == 9001 }.count == 1)
        // nginx's sequence for 5,1,1: a a b a c a a — never five of a in a row.
        #expect(picks == [9000, 9000, 9001, 9000, 9002, 9000, 9000])
    }

    @Test func leastConnectionsPrefersTheIdlest() {
        let set = backends([1, 1, 1])
        let all = set.all
        all[0].inFlight.store(5, ordering: .relaxed)
        all[1].inFlight.store(1, ordering: .relaxed)
        all[2].inFlight.store(3, ordering: .relaxed)
        let picker = BackendPicker(set: set, policy: .leastConnections)
        #expect(picker.pick(now: 1) === all[1])
    }

    @Test func skipsDrainedDownAndEjectedBackends() {
        let set = backends([1, 1, 1, 1])
        let all = set.all
        all[0].drainedByOperator.store(true, ordering: .relaxed)
        all[1].healthy.store(false, ordering: .relaxed)
        all[2].ejectedUntil.store(.max, ordering: .relaxed)
        let picker = BackendPicker(set: set, policy: .roundRobin)
        for _ in 0..<5 { #expect(picker.pick(now: 1) === all[3]) }
        #expect(picker.pick(excluding: all[3], now: 1) == nil)
    }

    @Test func passiveEjectionNeverTakesOutMoreThanHalf() {
        let set = BackendSet(ejection: EjectionPolicy(consecutiveFailures: 2, baseDuration: .seconds(30)))
        set.addStatic((0..<4).map { SocketAddress(host: "127.0.0.1", port: 9100 + $0) })
        let all = set.all
        var ejected = 0
        for b in all {
            set.recordFailure(b)
            if set.recordFailure(b) != nil { ejected += 1 }
        }
        #expect(ejected == 2)
        #expect(all.filter { $0.state == .ejected }.count == 2)
        // A second ejection of the same backend lasts twice as long.
        let first = all[0]
        first.ejectedUntil.store(0, ordering: .relaxed)
        set.recordFailure(first)
        #expect(set.recordFailure(first) == .seconds(60))
    }

    @Test func discoveryReplacesANodesWorkersAndKeepsOthers() {
        let set = BackendSet()
        set.addStatic([SocketAddress(host: "127.0.0.1", port: 9200)])
        let w1 = SocketAddress(host: "127.0.0.1", port: 9201), w2 = SocketAddress(host: "127.0.0.1", port: 9202)
        set.replaceDiscovered(from: "http://app-1", with: [.init(address: w1, workerId: 1, draining: false),
                                                            .init(address: w2, workerId: 2, draining: false)])
        #expect(set.all.count == 3)
        let g = set.generation
        set.replaceDiscovered(from: "http://app-1", with: [.init(address: w1, workerId: 1, draining: true)])
        #expect(set.generation != g)
        #expect(set.all.map(\.key).sorted() == ["127.0.0.1:9200", "127.0.0.1:9201"])
        #expect(set.backend("127.0.0.1:9201")?.state == .draining)
    }
}
