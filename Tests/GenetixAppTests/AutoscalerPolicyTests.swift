import GenetixApp
import Testing

@Suite struct AutoscalerPolicyTests {
    struct Case: Sendable, CustomStringConvertible {
        var current: Int
        var metric: Double?
        var target: Double
        var min = 1
        var max = 10
        var history: [AutoscalerRecommendation] = []
        var expected: Int
        var reasonStarts: String
        var description: String { "current \(current) metric \(metric.map { "\($0)" } ?? "nil") target \(target) → \(expected)" }
    }

    static let now = 1000.0

    static let cases: [Case] = [
        // desired = ceil(current × metric / target)
        Case(current: 2, metric: 20, target: 10, expected: 4, reasonStarts: "scale up"),
        Case(current: 3, metric: 11, target: 10, expected: 3, reasonStarts: "holding"),          // within the 10 % band
        Case(current: 3, metric: 9.1, target: 10, expected: 3, reasonStarts: "holding"),         // within the band below
        Case(current: 3, metric: 11.5, target: 10, expected: 4, reasonStarts: "scale up"),       // ceil(3.45)
        Case(current: 2, metric: 100, target: 10, max: 5, expected: 5, reasonStarts: "scale up"), // clamped to max
        Case(current: 4, metric: 0, target: 10, min: 2, expected: 2, reasonStarts: "scale down"), // clamped to min, no history
        Case(current: 4, metric: nil, target: 10, expected: 4, reasonStarts: "holding"),         // missing metrics hold
        Case(current: 12, metric: nil, target: 10, expected: 10, reasonStarts: "moving"),        // …but min/max still apply
        // Scale down only to the highest recommendation within the window.
        Case(current: 4, metric: 2, target: 10,
             history: [AutoscalerRecommendation(at: now - 100, desired: 3), AutoscalerRecommendation(at: now - 50, desired: 2)],
             expected: 3, reasonStarts: "scale down"),
        Case(current: 4, metric: 2, target: 10, history: [AutoscalerRecommendation(at: now - 10, desired: 4)],
             expected: 4, reasonStarts: "holding"),
        // Recommendations older than the window no longer count.
        Case(current: 4, metric: 2, target: 10, history: [AutoscalerRecommendation(at: now - 301, desired: 4)],
             expected: 1, reasonStarts: "scale down"),
        // Scale up ignores the history.
        Case(current: 2, metric: 30, target: 10, history: [AutoscalerRecommendation(at: now - 10, desired: 1)],
             expected: 6, reasonStarts: "scale up"),
    ]

    @Test(arguments: cases)
    func decides(_ c: Case) {
        let decision = AutoscalerPolicy.decide(current: c.current, metricPerWorker: c.metric, target: c.target, min: c.min, max: c.max,
                                               history: c.history, now: Self.now, window: 300)
        #expect(decision.desired == c.expected, "\(decision.reason)")
        #expect(decision.reason.hasPrefix(c.reasonStarts), "\(decision.reason)")
        #expect(decision.recommendation == nil ? c.metric == nil : true)
    }

    @Test func aBurstThenQuietHoldsForTheWindowThenFalls() {
        var history: [AutoscalerRecommendation] = []
        var current = 1
        var t = 0.0
        func step(_ metric: Double) {
            let d = AutoscalerPolicy.decide(current: current, metricPerWorker: metric, target: 10, min: 1, max: 8,
                                            history: history, now: t, window: 30)
            if let r = d.recommendation { history.append(AutoscalerRecommendation(at: t, desired: r)) }
            current = d.desired
            t += 1
        }
        step(40)
        #expect(current == 4)
        for _ in 0..<29 { step(0) }
        #expect(current == 4)
        for _ in 0..<3 { step(0) }
        #expect(current == 1)
    }

    /// Absurd inputs (a worker reporting 1e300 requests/s, a window of 1e19 s) give a bounded decision and a readable
    /// reason; they used to trap converting the double to Int.
    @Test(arguments: [(1e300, 1e-6, 1e19), (1e308, 0.01, 300), (5, 1e-300, 1e300), (-1e300, 10, 300)])
    func absurdInputsNeverTrap(metric: Double, target: Double, window: Double) {
        let history = [AutoscalerRecommendation(at: 0, desired: 3)]
        let decision = AutoscalerPolicy.decide(current: 2, metricPerWorker: metric, target: target, min: 1, max: 8, history: history,
                                               now: 1, window: window)
        #expect((1...8).contains(decision.desired))
        #expect(!decision.reason.isEmpty)
    }
}
