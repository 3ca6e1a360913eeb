import GenetixCore
import Testing

/// The bound behind the access log's and the syslog sink's queues: batches admitted up to the limit, the rest dropped
/// and counted, never past the limit even when many threads offer at once.
@Suite struct BoundedBacklogTests {
    @Test func aBatchIsAdmittedUpToTheLimitAndTheRestCountedAsDropped() {
        let backlog = BoundedBacklog(limit: 10)
        #expect(backlog.admit(4) == 4)
        #expect(backlog.admit(8) == 6)
        #expect(backlog.count == 10 && backlog.dropped == 2)
        #expect(backlog.admit(1) == 0)
        #expect(backlog.dropped == 3)
        backlog.finished(5)
        #expect(backlog.count == 5)
        #expect(backlog.admit(5) == 5)
        backlog.countDropped(2)  // the writer could not deliver two admitted items
        #expect(backlog.dropped == 5)
        #expect(backlog.admit(0) == 0 && backlog.dropped == 5)
        #expect(BoundedBacklog(limit: 0).limit == 1)
    }

    @Test func manyThreadsOfferingAtOnceNeverPassTheLimit() async {
        let backlog = BoundedBacklog(limit: 1000)
        let admitted = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask { (0..<500).reduce(0) { sum, _ in sum + backlog.admit(3) } }
            }
            return await group.reduce(0, +)
        }
        #expect(admitted == 1000, "every slot taken, none twice")
        #expect(backlog.count == 1000)
        #expect(admitted + backlog.dropped == 8 * 500 * 3)
    }
}
