/// A token-bucket rate: `perSecond` requests on average, bursts of up to `burst`. A rate of 0 means no limit.
public struct RateLimit: Sendable, Equatable {
    public var perSecond: Double
    public var burst: Double
    public init(perSecond: Double, burst: Double? = nil) {
        self.perSecond = max(0, perSecond)
        self.burst = max(1, burst ?? perSecond * 2)
    }

    /// No limit.
    public static let unlimited = RateLimit(perSecond: 0)

    public var isUnlimited: Bool { perSecond <= 0 }
}
