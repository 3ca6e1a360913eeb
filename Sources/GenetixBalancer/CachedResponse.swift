import GenetixNet

/// One stored response of the edge cache: a 200 with its end-to-end headers and whole body.
final class CachedResponse {
    let key: String
    /// The path and query it answers, for purges by prefix.
    let target: String
    var headers: HTTPHeaders
    let body: [UInt8]
    let etag: String?
    /// Whether the response said `public`: only such entries are served to requests with credentials.
    let isPublic: Bool
    /// Monotonic nanoseconds when it was stored or last revalidated.
    var storedAt: UInt64
    /// Monotonic nanoseconds until which it is fresh (equal to `storedAt` when every use must be revalidated).
    var freshUntil: UInt64
    /// Bytes it is charged for against the size limit.
    let size: Int

    // LRU list links (the cache owns the list).
    var newer: CachedResponse?
    weak var older: CachedResponse?

    init(key: String, target: String, headers: HTTPHeaders, body: [UInt8], etag: String?, storedAt: UInt64, freshUntil: UInt64) {
        self.key = key
        self.target = target
        self.headers = headers
        self.body = body
        self.etag = etag
        isPublic = CacheControl(headers).isPublic
        self.storedAt = storedAt
        self.freshUntil = freshUntil
        var size = body.count + key.utf8.count + target.utf8.count + 128
        for field in headers.fields { size += field.name.utf8.count + field.value.utf8.count + 32 }
        self.size = size
    }

    func isFresh(now: UInt64) -> Bool { now < freshUntil }

    /// Whole seconds since it was stored (the `Age` header).
    func age(now: UInt64) -> Int { Int((now &- storedAt) / 1_000_000_000) }

    /// Whether `ifNoneMatch` (a request's If-None-Match) matches its ETag, by the weak comparison of RFC 9110 §13.1.2.
    func matches(ifNoneMatch: String) -> Bool {
        guard let etag else { return false }
        let mine = Self.opaque(etag)
        for candidate in ifNoneMatch.split(separator: ",") {
            let c = candidate.trimmingSpaces()
            if c == "*" || Self.opaque(c) == mine { return true }
        }
        return false
    }

    private static func opaque(_ tag: some StringProtocol) -> Substring {
        let s = Substring(tag)
        return s.hasPrefix("W/") ? s.dropFirst(2) : s
    }
}
