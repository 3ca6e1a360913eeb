import GenetixNet
import Synchronization

/// One stored response of the node's edge cache: a 200 with its end-to-end headers and whole body, stored once per
/// node and read by every loop. Immutable but for its freshness (refreshed by a 304) and two flags, all atomics, so
/// a hit reads it without a lock.
final class CachedResponse: Sendable {
    let key: String
    /// Host and target: the key of its object whatever its variant (coalescing and the loops' indexes use it).
    let baseKey: String
    /// The path and query it answers, for purges by prefix.
    let target: String
    let headers: HTTPHeaders
    let body: [UInt8]
    let etag: String?
    /// Whether the response said `public`: only such entries are served to requests with credentials.
    let isPublic: Bool
    /// Whether the response `Vary`s: then it is found through the shared index only (the key needs the request's fields).
    let varies: Bool
    /// Nanoseconds after freshness ends during which it may be served while a refresh runs (stale-while-revalidate).
    let staleWhileRevalidate: UInt64
    /// Nanoseconds after freshness ends during which it may be served when the backend fails (stale-if-error).
    let staleIfError: UInt64
    /// Bytes it is charged for against the size limit.
    let size: Int
    private let storedAtNanos: Atomic<UInt64>
    private let freshUntilNanos: Atomic<UInt64>
    private let evicted = Atomic<Bool>(false)
    /// Set on every hit, cleared by the eviction clock: the "recently used" bit of CLOCK. A new entry starts without
    /// it, so an object requested once goes before one in use (one-hit wonders do not push out the hot set).
    let referenced = Atomic<Bool>(false)

    init(key: String, baseKey: String, target: String, headers: HTTPHeaders, body: [UInt8], etag: String?, varies: Bool,
         storedAt: UInt64, freshUntil: UInt64) {
        self.key = key
        self.baseKey = baseKey
        self.target = target
        self.headers = headers
        self.body = body
        self.etag = etag
        self.varies = varies
        let control = CacheControl(headers)
        isPublic = control.isPublic
        staleWhileRevalidate = control.mustRevalidate ? 0 : UInt64(control.staleWhileRevalidate ?? 0) &* 1_000_000_000
        staleIfError = control.mustRevalidate ? 0 : UInt64(control.staleIfError ?? 0) &* 1_000_000_000
        storedAtNanos = Atomic(storedAt)
        freshUntilNanos = Atomic(freshUntil)
        var size = body.count + key.utf8.count + target.utf8.count + 128
        size += headers.withLines { $0.bytes.count + 28 * $0.count }
        self.size = size
    }

    var freshUntil: UInt64 { freshUntilNanos.load(ordering: .relaxed) }

    @inline(__always)
    func isFresh(now: UInt64) -> Bool { now < freshUntilNanos.load(ordering: .relaxed) }

    /// Stale, but inside its stale-while-revalidate window.
    func mayServeWhileRevalidating(now: UInt64) -> Bool { staleWhileRevalidate > 0 && now < freshUntil &+ staleWhileRevalidate }

    /// Stale, but inside its stale-if-error window.
    func mayServeOnError(now: UInt64) -> Bool { staleIfError > 0 && now < freshUntil &+ staleIfError }

    /// Marks it fresh again after a 304.
    func refresh(now: UInt64, freshFor nanos: UInt64) {
        storedAtNanos.store(now, ordering: .relaxed)
        freshUntilNanos.store(now &+ nanos, ordering: .relaxed)
    }

    /// Whether it was removed from the cache (evicted, purged or replaced): the loops' indexes then drop it.
    @inline(__always)
    var isEvicted: Bool { evicted.load(ordering: .relaxed) }
    func markEvicted() { evicted.store(true, ordering: .relaxed) }

    /// Marks it recently used (a load first, so a hot entry's cache line is not written on every hit).
    @inline(__always)
    func touch() { if !referenced.load(ordering: .relaxed) { referenced.store(true, ordering: .relaxed) } }

    /// Whole seconds since it was stored (the `Age` header).
    func age(now: UInt64) -> Int { Int((now &- storedAtNanos.load(ordering: .relaxed)) / 1_000_000_000) }

    /// Whether `ifNoneMatch` (a request's If-None-Match) matches its ETag, by the weak comparison of RFC 9110 §13.1.2.
    func matches(ifNoneMatch: String) -> Bool {
        guard let etag else { return false }
        return EntityTag.ifNoneMatch(ifNoneMatch, matches: etag)
    }
}
