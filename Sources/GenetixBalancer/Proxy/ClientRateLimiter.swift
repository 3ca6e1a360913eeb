/// Per-client-address token buckets of one event loop, with a stricter bucket for login paths. Loop-confined (no
/// lock): a client's connections on different loops draw from different buckets, so a client spreading its
/// connections over N loops gets at most N times the rate.
final class ClientRateLimiter {
    private struct Bucket {
        var tokens: Double
        var updated: UInt64
    }

    private let general: RateLimit
    private let login: RateLimit
    private let loginPaths: [String]
    private var generalBuckets: [String: Bucket] = [:]
    private var loginBuckets: [String: Bucket] = [:]

    init(general: RateLimit, login: RateLimit, loginPaths: [String]) {
        self.general = general
        self.login = login
        self.loginPaths = loginPaths
    }

    /// Whether anything is limited at all (skips the work when not).
    var isActive: Bool { !general.isUnlimited || !login.isUnlimited }

    /// Takes a token for `client` requesting `path`; returns nil when admitted, else the seconds to wait.
    func admit(client: String, path: Substring, now: UInt64) -> Int? {
        if !login.isUnlimited, loginPaths.contains(where: { path == $0 }) {
            if let wait = take(&loginBuckets, client, login, now) { return wait }
        }
        if !general.isUnlimited { return take(&generalBuckets, client, general, now) }
        return nil
    }

    private func take(_ buckets: inout [String: Bucket], _ client: String, _ rate: RateLimit, _ now: UInt64) -> Int? {
        var bucket = buckets[client] ?? Bucket(tokens: rate.burst, updated: now)
        let elapsed = Double(now &- bucket.updated) / 1e9
        bucket.tokens = min(rate.burst, bucket.tokens + elapsed * rate.perSecond)
        bucket.updated = now
        defer { buckets[client] = bucket }
        if bucket.tokens >= 1 {
            bucket.tokens -= 1
            return nil
        }
        return max(1, Int(((1 - bucket.tokens) / rate.perSecond).rounded(.up)))
    }

    /// Forgets buckets that have refilled completely (they behave exactly like new ones).
    func prune(now: UInt64) {
        generalBuckets = generalBuckets.filter { Double(now &- $0.value.updated) / 1e9 * general.perSecond + $0.value.tokens < general.burst }
        loginBuckets = loginBuckets.filter { Double(now &- $0.value.updated) / 1e9 * login.perSecond + $0.value.tokens < login.burst }
    }
}
