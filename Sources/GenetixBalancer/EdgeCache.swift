import GenetixNet

/// The edge cache of one event loop (the CDN role): whole 200 responses to GET under the configured prefixes, keyed by
/// Host, target and the request's values of the fields the response `Vary`s on, evicted least-recently-used within
/// this loop's share of the size limit. Loop-confined, so lookups take no lock; each loop fills its own part.
final class EdgeCache {
    /// Path prefixes whose GET responses may be cached.
    let prefixes: [String]
    private let limitBytes: Int
    private let maxEntryBytes: Int
    private let statistics: CacheStatistics
    private var entries: [String: CachedResponse] = [:]
    /// The `Vary` field names last seen for a Host + target.
    private var varyNames: [String: [String]] = [:]
    private var newest: CachedResponse?
    private var oldest: CachedResponse?
    private var bytes = 0

    init(prefixes: [String], limitBytes: Int, statistics: CacheStatistics) {
        self.prefixes = prefixes
        self.limitBytes = max(0, limitBytes)
        maxEntryBytes = max(0, limitBytes / 4)
        self.statistics = statistics
    }

    var count: Int { entries.count }

    /// Whether a request may be answered from, or stored in, the cache. A request with credentials (`Cookie`,
    /// `Authorization`) is eligible too, but only `public` responses are stored for it or served to it.
    func isEligible(_ request: HTTPRequest) -> Bool {
        guard limitBytes > 0, request.method == "GET" else { return false }
        let path = request.path
        return prefixes.contains { path.hasPrefix($0) }
    }

    /// Whether `request` carries credentials: then only responses marked `public` are stored for it or served to it.
    static func hasCredentials(_ request: HTTPRequest) -> Bool {
        request.headers.contains("Cookie") || request.headers.contains("Authorization")
    }

    /// The key of `request` for the response variants seen so far.
    func key(for request: HTTPRequest) -> String {
        let base = Self.baseKey(request)
        guard let names = varyNames[base], !names.isEmpty else { return base }
        var key = base
        for name in names {
            key += "\n"
            key += name
            key += ":"
            key += request.headers.values(name).joined(separator: ",")
        }
        return key
    }

    private static func baseKey(_ request: HTTPRequest) -> String {
        (request.headers["Host"] ?? "") + " " + request.head.target
    }

    /// The stored response for `request`, marked as recently used.
    func lookup(_ request: HTTPRequest) -> CachedResponse? {
        guard let entry = entries[key(for: request)] else { return nil }
        if !entry.isPublic, Self.hasCredentials(request) { return nil }
        touch(entry)
        return entry
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

    /// Stores a complete response for `request`.
    func store(request: HTTPRequest, headers: HTTPHeaders, body: [UInt8], etag: String?, now: UInt64, freshUntil: UInt64) {
        let base = Self.baseKey(request)
        let vary = headers.values("Vary").flatMap { $0.split(separator: ",").map { String($0.trimmingSpaces()).lowercased() } }
        if vary.isEmpty { varyNames.removeValue(forKey: base) } else { varyNames[base] = vary.sorted() }
        let entry = CachedResponse(key: key(for: request), target: request.head.target, headers: headers, body: body,
                                   etag: etag, storedAt: now, freshUntil: freshUntil)
        guard entry.size <= maxEntryBytes else { return }
        if let old = entries[entry.key] { remove(old) }
        entries[entry.key] = entry
        link(entry)
        bytes += entry.size
        statistics.entries.wrappingAdd(1, ordering: .relaxed)
        statistics.bytes.wrappingAdd(entry.size, ordering: .relaxed)
        while bytes > limitBytes, let victim = oldest { remove(victim) }
    }

    /// Removes every entry whose target starts with `prefix`; returns how many.
    @discardableResult
    func purge(prefix: String) -> Int {
        let victims = entries.values.filter { $0.target.hasPrefix(prefix) }
        for v in victims { remove(v) }
        if prefix == "/" || prefix.isEmpty { varyNames.removeAll() }
        return victims.count
    }

    // MARK: LRU list

    private func touch(_ entry: CachedResponse) {
        guard newest !== entry else { return }
        unlink(entry)
        link(entry)
    }

    private func link(_ entry: CachedResponse) {
        entry.older = newest
        entry.newer = nil
        newest?.newer = entry
        newest = entry
        if oldest == nil { oldest = entry }
    }

    private func unlink(_ entry: CachedResponse) {
        let older = entry.older, newer = entry.newer
        older?.newer = newer
        newer?.older = older
        if newest === entry { newest = older }
        if oldest === entry { oldest = newer }
        entry.older = nil
        entry.newer = nil
    }

    private func remove(_ entry: CachedResponse) {
        guard entries[entry.key] === entry else { return }
        unlink(entry)
        entries.removeValue(forKey: entry.key)
        bytes -= entry.size
        statistics.entries.wrappingSubtract(1, ordering: .relaxed)
        statistics.bytes.wrappingSubtract(entry.size, ordering: .relaxed)
    }
}
