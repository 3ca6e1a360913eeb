import GenetixNet

/// One backend fetch of a cache object in progress, with the requests waiting for it (request coalescing, like
/// nginx's `proxy_cache_lock`): the first miss fetches, later misses for the same object wait for its end and are
/// answered from what it stored. Guarded by its shard's lock.
final class CacheFill: @unchecked Sendable {
    // @unchecked Sendable: `waiters`, its only mutable state, is read and written only while holding the lock of the
    // shard that lists this fill (SharedEdgeCache.lookup/complete); `deadline` is immutable.

    /// A waiting request: the loop it belongs to and what to run there when the fill ends.
    struct Waiter: Sendable {
        let loop: EventLoop
        let resume: @Sendable () -> Void
    }

    /// Monotonic nanoseconds after which a later miss no longer waits for this fill but takes it over (a fetch that
    /// hangs must not hold every request for the object).
    let deadline: UInt64
    var waiters: [Waiter] = []

    init(deadline: UInt64) { self.deadline = deadline }

    /// Runs every waiter on its own loop.
    static func resume(_ waiters: [Waiter]) {
        for waiter in waiters { waiter.loop.execute(waiter.resume) }
    }
}
