import GenetixNet
import Synchronization

/// The edge cache of a balancer node (the CDN role), shared by every event loop: an object costs one backend fetch
/// and one copy per node. Whole 200 responses to GET under the configured prefixes, keyed by Host, target and the
/// request's values of the fields the response `Vary`s on; evicted by CLOCK within each shard's part of the limit.
///
/// Sixteen shards, each behind its own lock, hold the entries and the fills in progress; a loop's `EdgeCache` index
/// keeps references to entries it has served, so a hit on a known object takes no lock at all (atomics only). The
/// locks are taken on misses, stores, stale answers and purges. Misses for an object already being fetched wait for
/// that fetch (`CacheFill`) instead of sending their own.
final class SharedEdgeCache: Sendable {
    /// What `lookup` found and what the request should do.
    enum Lookup {
        /// A fresh entry: answer from it.
        case fresh(CachedResponse)
        /// A stale entry inside its stale-while-revalidate window: answer from it; when `refresh` is given, this
        /// request starts the background refresh that fill stands for.
        case staleWhileRevalidate(CachedResponse, refresh: CacheFill?)
        /// Another request is fetching the object: the waiter runs when it ends.
        case wait
        /// Fetch from a backend (revalidating `stale` when it has an ETag); `fill` is set when this request leads a
        /// fill that others may wait for, and must be completed.
        case fetch(stale: CachedResponse?, fill: CacheFill?)
    }

    private final class Shard: Sendable {
        let state = Mutex(CacheShard())
    }

    /// Path prefixes whose GET responses may be cached.
    let prefixes: [String]
    /// `prefixes` as bytes, compared with the path's bytes on every request.
    private let prefixBytes: [[UInt8]]
    let limitBytes: Int
    /// The largest body stored.
    let maxEntryBytes: Int
    let statistics: CacheStatistics
    /// How long a fill may hold later misses before one of them fetches on its own.
    let fillTimeout: UInt64
    /// How long an object found uncacheable skips coalescing (nanoseconds).
    let passDuration: UInt64 = 10_000_000_000
    private let shards: [Shard]
    private let shardLimit: Int
    private let removals = Atomic<Int>(0)

    init(prefixes: [String], limitBytes: Int, statistics: CacheStatistics, fillTimeout: Duration = .seconds(10), shardCount: Int = 16) {
        self.prefixes = prefixes
        prefixBytes = prefixes.map { Array($0.utf8) }
        self.limitBytes = max(0, limitBytes)
        self.statistics = statistics
        shards = (0..<max(1, shardCount)).map { _ in Shard() }
        shardLimit = self.limitBytes / shards.count
        maxEntryBytes = min(self.limitBytes / 4, shardLimit)
        let (seconds, attoseconds) = fillTimeout.components
        self.fillTimeout = UInt64(max(0, seconds)) &* 1_000_000_000 &+ UInt64(max(0, attoseconds) / 1_000_000_000)
    }

    /// Grows whenever an entry leaves the cache: the loops' indexes drop what was removed when it changes.
    var removalGeneration: Int { removals.load(ordering: .relaxed) }

    /// Whether a request may be answered from, or stored in, the cache. A request with credentials (`Cookie`,
    /// `Authorization`) is eligible too, but only `public` responses are stored for it or served to it.
    @inline(__always)
    func isEligible(_ request: HTTPRequest) -> Bool {
        guard limitBytes > 0, request.method == "GET" else { return false }
        var path = request.path
        return path.withUTF8 { bytes in
            prefixBytes.contains { $0.count <= bytes.count && UnsafeBufferPointer(rebasing: bytes[..<$0.count]).elementsEqual($0) }
        }
    }

    /// Whether `request` carries credentials: then only responses marked `public` are stored for it or served to it.
    static func hasCredentials(_ request: HTTPRequest) -> Bool {
        request.headers.contains("Cookie") || request.headers.contains("Authorization")
    }

    /// Whether a response with `head` to `request` may be stored, and until when it is fresh; nil when it may not.
    /// Never stored: a response that sets a cookie, one that is `private`, `no-store` or `no-cache`, and — for a
    /// request with `Cookie` or `Authorization` — any response not marked `public`.
    static func storability(of head: HTTPResponseHead, request: HTTPRequest, now: UInt64) -> (freshUntil: UInt64, etag: String?)? {
        guard head.status == 200 else { return nil }
        let headers = head.headers
        if headers.contains("Set-Cookie") { return nil }
        if headers.values("Vary").contains(where: { $0.contains("*") }) { return nil }
        let control = CacheControl(headers)
        if control.noStore || control.isPrivate || control.noCache { return nil }
        if !control.isPublic, hasCredentials(request) { return nil }
        let etag = headers["ETag"]
        let freshness = control.sharedFreshness ?? 0
        guard freshness > 0 || etag != nil else { return nil }
        return (now &+ UInt64(freshness) &* 1_000_000_000, etag)
    }

    /// Host and target: the key of an object before its variants.
    static func baseKey(_ request: HTTPRequest) -> String {
        (request.headers["Host"] ?? "") + " " + request.head.target
    }

    private func shard(_ base: String) -> Shard { shards[Int(UInt(bitPattern: base.hashValue) % UInt(shards.count))] }

    private static func key(_ request: HTTPRequest, base: String, vary: [String]?) -> String {
        guard let vary, !vary.isEmpty else { return base }
        var key = base
        for name in vary {
            key += "\n" + name + ":" + request.headers.values(name).joined(separator: ",")
        }
        return key
    }

    /// Looks `request` up; when nothing fresh is there, either joins the fill in progress for its object (with
    /// `coalesce`; `makeWaiter` is called then) or becomes the request that fetches it.
    func lookup(_ request: HTTPRequest, base: String, now: UInt64, coalesce: Bool,
                makeWaiter: () -> CacheFill.Waiter) -> Lookup {
        let credentials = Self.hasCredentials(request)
        var abandoned: [CacheFill.Waiter] = []
        let result: Lookup = shard(base).state.withLock { shard in
            var entry = shard.entries[Self.key(request, base: base, vary: shard.varyNames[base])]
            if let e = entry, !e.isPublic, credentials { entry = nil }
            if let e = entry {
                if e.isFresh(now: now) {
                    e.touch()
                    return .fresh(e)
                }
                if e.mayServeWhileRevalidating(now: now) {
                    if let fill = shard.fills[base], now < fill.deadline { return .staleWhileRevalidate(e, refresh: nil) }
                    let fill = CacheFill(deadline: now &+ fillTimeout)
                    if let old = shard.fills.updateValue(fill, forKey: base) { abandoned = old.waiters }
                    return .staleWhileRevalidate(e, refresh: fill)
                }
            }
            guard coalesce else { return .fetch(stale: entry, fill: nil) }
            if let until = shard.passUntil[base] {
                if now < until { return .fetch(stale: entry, fill: nil) }
                shard.passUntil.removeValue(forKey: base)
            }
            if let fill = shard.fills[base], now < fill.deadline {
                fill.waiters.append(makeWaiter())
                return .wait
            }
            let fill = CacheFill(deadline: now &+ fillTimeout)
            if let old = shard.fills.updateValue(fill, forKey: base) { abandoned = old.waiters }
            return .fetch(stale: entry, fill: fill)
        }
        // A fill past its deadline was taken over: its waiters try again on their own.
        CacheFill.resume(abandoned)
        if case .wait = result { statistics.coalesced.wrappingAdd(1, ordering: .relaxed) }
        return result
    }

    /// Ends `fill` (if it is still the one for `base`) and runs its waiters on their loops. `uncacheable` says the
    /// backend's complete answer could not be stored: misses for the object then go straight to a backend, without
    /// waiting for each other, for `passDuration`.
    func complete(_ fill: CacheFill, base: String, uncacheable: Bool = false, now: UInt64 = 0) {
        let waiters: [CacheFill.Waiter] = shard(base).state.withLock { shard in
            if shard.fills[base] === fill { shard.fills.removeValue(forKey: base) }
            if uncacheable {
                if shard.passUntil.count >= CacheShard.passLimit { shard.passUntil.removeAll(keepingCapacity: true) }
                shard.passUntil[base] = now &+ passDuration
            }
            let waiters = fill.waiters
            fill.waiters = []
            return waiters
        }
        CacheFill.resume(waiters)
    }

    /// Stores a complete response for `request`; returns the entry, or nil when it is too large.
    @discardableResult
    func store(request: HTTPRequest, base: String, headers: HTTPHeaders, body: [UInt8], etag: String?, now: UInt64,
               freshUntil: UInt64) -> CachedResponse? {
        let vary = headers.values("Vary").flatMap { $0.split(separator: ",").map { String($0.trimmingSpaces()).lowercased() } }.sorted()
        let key = Self.key(request, base: base, vary: vary)
        let entry = CachedResponse(key: key, baseKey: base, target: request.head.target, headers: headers, body: body, etag: etag,
                                   varies: !vary.isEmpty, storedAt: now, freshUntil: freshUntil)
        guard entry.size <= maxEntryBytes else { return nil }
        let removed: [CachedResponse] = shard(base).state.withLock { shard in
            var removed: [CachedResponse] = []
            if vary.isEmpty {
                shard.varyNames.removeValue(forKey: base)
            } else {
                shard.varyNames[base] = vary
                // The object now varies: its unvaried copy must not be served to every variant any more.
                if let plain = shard.entries[base] {
                    shard.remove(plain)
                    removed.append(plain)
                }
            }
            return removed + shard.insert(entry, limit: shardLimit)
        }
        account(added: entry, removed: removed)
        return entry.isEvicted ? nil : entry
    }

    /// Removes every entry whose target starts with `prefix`; returns how many.
    func purge(prefix: String) -> Int {
        var count = 0
        for shard in shards {
            let removed = shard.state.withLock { $0.purge(prefix: prefix) }
            account(added: nil, removed: removed)
            count += removed.count
        }
        return count
    }

    private func account(added: CachedResponse?, removed: [CachedResponse]) {
        var entries = 0, bytes = 0
        if let added { entries += 1; bytes += added.size }
        for r in removed { entries -= 1; bytes -= r.size }
        if entries != 0 { statistics.entries.wrappingAdd(entries, ordering: .relaxed) }
        if bytes != 0 { statistics.bytes.wrappingAdd(bytes, ordering: .relaxed) }
        if !removed.isEmpty { removals.wrappingAdd(1, ordering: .relaxed) }
    }
}
