/// The `streams` field of a node's status: the sequence number of the newest log line and of the newest event the
/// node holds (0 when it holds none). A poller that already read up to these cursors (`/admin/v1/logs?after=…`,
/// `/admin/v1/events?after=…`) knows both pages would be empty and skips the two requests — the console does, so an
/// idle node costs it one status read per refresh instead of three.
public struct StreamCursors: Codable, Sendable, Equatable {
    /// The newest log line's `seq`.
    public var logs: UInt64
    /// The newest event's `seq`.
    public var events: UInt64

    public init(logs: UInt64, events: UInt64) {
        self.logs = logs
        self.events = events
    }
}
