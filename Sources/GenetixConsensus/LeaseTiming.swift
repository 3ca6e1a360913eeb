/// The timing of a leader lease (see docs/architecture.md, "Leader lease timing"):
/// - etcd expires the lease `ttl` after the last keepalive it *received*;
/// - the holder renews every `renewInterval`, each request bounded by `requestTimeout`;
/// - the holder counts from when it *sent* its last successful keepalive (which is before etcd received it), so
///   etcd's expiry is never earlier than `sentAt + ttl`; it must stop accepting writes by `sentAt + ttl - margin`.
/// `margin` covers the demotion itself (one signal; postgres ends every session at once), scheduling delay on a
/// loaded host and clock-rate drift between the two monotonic clocks (ppm, so microseconds here).
public struct LeaseTiming: Sendable, Equatable {
    public var ttl: Duration
    public var renewInterval: Duration
    public var requestTimeout: Duration
    public var margin: Duration

    /// The defaults: TTL 4 s, renew every 0.5 s with requests bounded by 1 s, demote 1.5 s before the earliest
    /// possible expiry (2.5 s after the last successful renewal was sent, i.e. after four missed renewals).
    public static let standard = LeaseTiming(ttl: .seconds(4), renewInterval: .milliseconds(500), requestTimeout: .seconds(1),
                                             margin: .milliseconds(1500))

    public init(ttl: Duration, renewInterval: Duration, requestTimeout: Duration, margin: Duration) {
        self.ttl = ttl
        self.renewInterval = renewInterval
        self.requestTimeout = requestTimeout
        self.margin = margin
    }

    /// A timing for `ttlSeconds` keeping the standard proportions: renew every eighth of the TTL, requests bounded by a
    /// quarter, margin three eighths (at least 1 s).
    public init(ttlSeconds: Int) {
        let ttl = max(2, ttlSeconds)
        self.init(ttl: .seconds(ttl), renewInterval: .milliseconds(ttl * 125), requestTimeout: .milliseconds(ttl * 250),
                  margin: .milliseconds(max(1000, ttl * 375)))
    }

    /// How long after a successful renewal was sent the holder may still act as the leader.
    public var safeWindow: Duration { ttl - margin }

    /// The timing is sound: at least one retry fits in the safe window, and the margin is positive.
    public var isSound: Bool { margin > .zero && renewInterval + requestTimeout < safeWindow }
}
