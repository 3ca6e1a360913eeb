import Foundation
import GenetixConsole
import GenetixTesting
import Testing

/// The bounded, time-ordered merge of the console's logs and timeline against the obvious reference: a stable sort
/// of everything received, newest `capacity` kept.
@Suite struct TimeOrderedMergeTests {
    struct Line: Equatable {
        var time: Date
        var id: Int
    }

    @Test func matchesAStableSortOfEverythingOnRandomBatches() {
        var generator = SeededGenerator(seed: 11)  // fixed: a CI run repeats exactly
        for round in 0..<200 {
            let capacity = Int.random(in: 1...60, using: &generator)
            var buffer: [Line] = []
            var everything: [Line] = []
            var id = 0
            var clock = 1000.0
            for _ in 0..<Int.random(in: 1...20, using: &generator) {
                clock += Double.random(in: 0...5, using: &generator)
                // Batches overlap the recent past (another node's clock, a late poll) and repeat times exactly.
                let batch = (0..<Int.random(in: 0...12, using: &generator)).map { _ -> Line in
                    id += 1
                    return Line(time: Date(timeIntervalSince1970: (clock - Double(Int.random(in: 0...8, using: &generator))).rounded()), id: id)
                }
                TimeOrderedMerge.merge(batch, into: &buffer, capacity: capacity, time: \.time)
                everything += batch.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
                let reference = everything.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }
                    .map(\.element).suffix(capacity)
                #expect(buffer == Array(reference), "round \(round)")
                everything = Array(reference)
            }
        }
    }

    @Test func anEmptyBatchChangesNothing() {
        var buffer = [Line(time: Date(timeIntervalSince1970: 1), id: 1)]
        TimeOrderedMerge.merge([], into: &buffer, capacity: 10, time: \.time)
        #expect(buffer == [Line(time: Date(timeIntervalSince1970: 1), id: 1)])
    }

    @Test func equalTimesKeepArrivalOrder() {
        let t = Date(timeIntervalSince1970: 5)
        var buffer = [Line(time: t, id: 1), Line(time: t, id: 2)]
        TimeOrderedMerge.merge([Line(time: t, id: 3), Line(time: Date(timeIntervalSince1970: 4), id: 4)], into: &buffer, capacity: 10, time: \.time)
        #expect(buffer.map(\.id) == [4, 1, 2, 3])
    }
}
