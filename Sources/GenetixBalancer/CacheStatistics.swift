import GenetixCore
import Synchronization

/// Figures of the edge cache summed over every loop's part of it; atomics, updated on the hot path.
public final class CacheStatistics: Sendable {
    let entries = Atomic<Int>(0)
    let bytes = Atomic<Int>(0)
    let hits = Atomic<Int>(0)
    let misses = Atomic<Int>(0)
    /// The configured size limit over all loops.
    public let limitBytes: Int

    init(limitBytes: Int) { self.limitBytes = limitBytes }

    /// The contract shape for the status.
    public var status: CacheStatus {
        CacheStatus(entries: entries.load(ordering: .relaxed), bytes: Int64(bytes.load(ordering: .relaxed)),
                    limitBytes: Int64(limitBytes), hits: Int64(hits.load(ordering: .relaxed)),
                    misses: Int64(misses.load(ordering: .relaxed)))
    }
}
