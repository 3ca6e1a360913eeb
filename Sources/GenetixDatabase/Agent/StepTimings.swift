import GenetixCore

/// The durations of an action's steps (promote, rejoin) in milliseconds, each measured from the end of the step
/// before, for the action's JSON answer (`steps`, `totalMs`).
struct StepTimings {
    private let clock = ContinuousClock()
    private let started: ContinuousClock.Instant
    private var mark: ContinuousClock.Instant
    /// Each finished step's duration in milliseconds, by name.
    private(set) var steps: [String: JSONValue] = [:]

    init() {
        started = clock.now
        mark = started
    }

    /// Ends the step `name`: records the time since the previous step ended (or since the start).
    mutating func step(_ name: String) {
        let now = clock.now
        steps[name] = .number(DatabaseAgent.milliseconds(now - mark))
        mark = now
    }

    /// Milliseconds since the start.
    var totalMilliseconds: Double { DatabaseAgent.milliseconds(clock.now - started) }
}
