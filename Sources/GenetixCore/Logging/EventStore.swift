import Foundation

/// How serious an event is; the `severity` field of `NodeEvent`.
public enum EventSeverity: String, Codable, Sendable, CaseIterable {
    case info, warn, crit

    /// The log level its log entry gets.
    public var logLevel: LogLevel {
        switch self {
        case .info: .info
        case .warn: .warn
        case .crit: .critical
        }
    }
}

/// A node's significant state changes (`GET /admin/v1/events`): a ring of `NodeEvent`s numbered by `seq`, with paging
/// and long-poll waiting like `LogStore`. Each event is also written to the log store, if given, under source `event`.
public final class EventStore: Sendable {
    private let ring: SequencedRing<NodeEvent>
    private let log: LogStore?

    /// A store keeping `capacity` events, mirroring them into `log`.
    public init(capacity: Int = LogStore.defaultCapacity, log: LogStore? = nil) {
        ring = SequencedRing(capacity: capacity)
        self.log = log
    }

    /// Records an event, e.g. `emit(type: "worker.crashed", severity: .warn, message: "worker 3 exited with status 1",
    /// target: "worker-3")`. `actor` is a token name for actions, `system` (the default) otherwise.
    @discardableResult
    public func emit(type: String, severity: EventSeverity = .info, message: String, actor: String? = "system",
                     target: String? = nil, fields: [String: String] = [:], time: Date = Date()) -> NodeEvent {
        let event = ring.append { seq in
            NodeEvent(seq: seq, time: time, type: type, severity: severity.rawValue, message: message, actor: actor,
                      target: target, fields: fields)
        }
        if let log {
            var logFields = fields
            logFields["type"] = type
            logFields["eventSeq"] = String(event.seq)
            if let actor { logFields["actor"] = actor }
            if let target { logFields["target"] = target }
            log.append(level: severity.logLevel, source: "event", message: message, fields: logFields, time: time)
        }
        return event
    }

    /// Up to `limit` events with seq > `after`, and the cursor to pass as `after` next time.
    public func page(after: UInt64, limit: Int) -> EventPage {
        let (events, next) = ring.page(after: after, limit: max(0, limit))
        return EventPage(events: events, next: next)
    }

    /// Waits until an event with seq > `after` exists (true) or `timeout` passes or the task is cancelled (false).
    public func wait(after: UInt64, timeout: Duration) async -> Bool {
        await ring.wait(after: after, timeout: timeout)
    }

    /// The seq of the newest event (0 before the first).
    public var latestSeq: UInt64 { ring.latest }
}
