import GenetixCore
import Synchronization

/// Figures of the node's edge cache; atomics, updated on the hot path.
public final class CacheStatistics: Sendable {
    let entries = Atomic<Int>(0)
    let bytes = Atomic<Int>(0)
    let hits = Atomic<Int>(0)
    let misses = Atomic<Int>(0)
    /// Misses that waited for another request's backend fetch of the same object instead of sending their own.
    let coalesced = Atomic<Int>(0)
    /// Answers served stale: inside stale-while-revalidate (refreshing in the background) or stale-if-error.
    let stale = Atomic<Int>(0)
    /// The configured size limit of the node's cache.
    public let limitBytes: Int

    init(limitBytes: Int) { self.limitBytes = limitBytes }

    /// The contract shape for the status.
    public var status: CacheStatus {
        CacheStatus(entries: entries.load(ordering: .relaxed), bytes: Int64(bytes.load(ordering: .relaxed)),
                    limitBytes: Int64(limitBytes), hits: Int64(hits.load(ordering: .relaxed)),
                    misses: Int64(misses.load(ordering: .relaxed)), coalesced: Int64(coalesced.load(ordering: .relaxed)),
                    stale: Int64(stale.load(ordering: .relaxed)))
    }
}
