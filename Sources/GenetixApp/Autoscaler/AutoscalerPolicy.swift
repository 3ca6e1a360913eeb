/// One past recommendation of the autoscaler: the worker count it wanted at a moment (seconds on any monotonic clock).
public struct AutoscalerRecommendation: Sendable, Equatable {
    public var at: Double
    public var desired: Int
    public init(at: Double, desired: Int) {
        self.at = at
        self.desired = desired
    }
}

/// What the autoscaler decided and why.
public struct AutoscalerDecision: Sendable, Equatable {
    /// The worker count to run.
    public var desired: Int
    /// The raw recommendation (clamped to min/max) to remember in the history; nil when metrics were missing.
    public var recommendation: Int?
    /// A sentence for the event and the status.
    public var reason: String
}

/// Target tracking, as Kubernetes' HPA and EC2 target tracking do it: a pure function of its inputs.
///
/// - desired = ceil(current × metric / target); a ratio metric/target within ±10 % of 1 keeps the current count;
/// - clamped to [min, max];
/// - scaling up happens at once;
/// - scaling down goes only to the highest recommendation of the stabilisation window (so a short dip never drops
///   capacity that a burst will need again);
/// - with no metric (no worker reported yet) the count holds.
public enum AutoscalerPolicy {
    /// The tolerance band around the target.
    public static let tolerance = 0.1

    /// Decides the worker count. `history` holds earlier recommendations; those older than `window` seconds are ignored.
    public static func decide(current: Int, metricPerWorker: Double?, target: Double, min: Int, max: Int,
                              history: [AutoscalerRecommendation], now: Double, window: Double = 300) -> AutoscalerDecision {
        let lower = Swift.max(0, min), upper = Swift.max(lower, max)
        func clamp(_ n: Int) -> Int { Swift.min(upper, Swift.max(lower, n)) }
        guard let metric = metricPerWorker, metric.isFinite, target > 0 else {
            let held = clamp(current)
            return AutoscalerDecision(desired: held, recommendation: nil,
                                      reason: held == current ? "holding at \(current): no metrics from the workers yet"
                                                              : "moving to \(held) to stay within min \(lower)/max \(upper) (no metrics yet)")
        }
        let ratio = metric / target
        let raw: Int
        let why: String
        if current > 0, abs(ratio - 1) <= tolerance + 1e-9 {
            raw = current
            why = "metric \(format(metric)) is within 10 % of target \(format(target))"
        } else {
            // Bounded before the conversion: a worker reporting an absurd metric must not trap the supervisor.
            raw = Int(Swift.min(Swift.max((Double(Swift.max(current, 1)) * ratio).rounded(.up), -1e9), 1e9))
            why = "metric \(format(metric)) per worker vs target \(format(target)) → \(raw)"
        }
        let recommendation = clamp(raw)
        let bound = recommendation != raw ? " (clamped to \(recommendation) by min \(lower)/max \(upper))" : ""
        if recommendation > current {
            return AutoscalerDecision(desired: recommendation, recommendation: recommendation,
                                      reason: "scale up \(current) → \(recommendation): \(why)\(bound)")
        }
        if recommendation < current {
            let recent = history.filter { now - $0.at <= window }.map(\.desired)
            let stabilised = Swift.min(current, Swift.max(recommendation, recent.max() ?? recommendation))
            if stabilised < current {
                return AutoscalerDecision(desired: stabilised, recommendation: recommendation,
                                          reason: "scale down \(current) → \(stabilised): \(why)\(bound); highest recommendation in the last \(format(window)) s is \(stabilised)")
            }
            return AutoscalerDecision(desired: current, recommendation: recommendation,
                                      reason: "holding at \(current): \(why)\(bound), but the last \(format(window)) s recommended up to \(stabilised)")
        }
        return AutoscalerDecision(desired: current, recommendation: recommendation, reason: "holding at \(current): \(why)\(bound)")
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && value.magnitude < 1e15 ? String(Int(value)) : String(format2: value)
    }
}

extension String {
    /// A number with at most two decimals, without Foundation's formatters.
    init(format2 value: Double) {
        guard value.isFinite, value.magnitude < 1e13 else { self = "\(value)"; return }
        let scaled = (value * 100).rounded()
        let whole = Int(scaled / 100)
        let cents = Int(abs(scaled).truncatingRemainder(dividingBy: 100))
        self = "\(value < 0 && whole == 0 ? "-" : "")\(whole).\(cents < 10 ? "0" : "")\(cents)"
    }
}
