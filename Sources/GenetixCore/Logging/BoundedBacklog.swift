import Synchronization

/// How many items wait for a writer that runs off the caller's thread, bounded: a batch is admitted up to the bound
/// and the rest is dropped and counted, without a lock and without ever passing the bound. The access log's queue and
/// the syslog sink's both use it, so a slow disk or a deaf daemon costs dropped lines, never memory or a blocked loop.
public final class BoundedBacklog: Sendable {
    /// The most items waiting at once.
    public let limit: Int
    private let waiting = Atomic<Int>(0)
    private let droppedCount = Atomic<Int>(0)

    /// A backlog of at most `limit` items (at least 1).
    public init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Items waiting now.
    public var count: Int { waiting.load(ordering: .relaxed) }
    /// Items dropped so far, because the backlog was full or the writer dropped them (`countDropped`).
    public var dropped: Int { droppedCount.load(ordering: .relaxed) }

    /// Admits up to `count` items (the first ones of a batch) and returns how many; the rest are counted as dropped.
    public func admit(_ count: Int) -> Int {
        var current = waiting.load(ordering: .relaxed)
        while true {
            let admitted = max(0, min(count, limit - current))
            guard admitted > 0 else { break }
            let (exchanged, original) = waiting.compareExchange(expected: current, desired: current + admitted, ordering: .relaxed)
            if exchanged {
                if admitted < count { droppedCount.wrappingAdd(count - admitted, ordering: .relaxed) }
                return admitted
            }
            current = original
        }
        if count > 0 { droppedCount.wrappingAdd(count, ordering: .relaxed) }
        return 0
    }

    /// The writer is done with `count` admitted items.
    public func finished(_ count: Int) {
        waiting.wrappingSubtract(count, ordering: .relaxed)
    }

    /// Counts `count` admitted items the writer could not deliver as dropped.
    public func countDropped(_ count: Int) {
        droppedCount.wrappingAdd(count, ordering: .relaxed)
    }
}
