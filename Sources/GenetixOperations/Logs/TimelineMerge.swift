import Foundation
import GenetixCore

/// Merges entries of several nodes into one time-ordered list. Entries of one node keep their order (by `seq`) even
/// when their clocks tie; ties across nodes are broken by node name.
public enum TimelineMerge {
    /// Log entries merged by time, then node, then sequence.
    public static func logs(_ perNode: [[LogEntry]]) -> [LogEntry] {
        perNode.flatMap { $0 }.sorted { a, b in
            if a.time != b.time { return a.time < b.time }
            if a.node != b.node { return (a.node ?? "") < (b.node ?? "") }
            return a.seq < b.seq
        }
    }

    /// Events merged by time, then node, then sequence.
    public static func events(_ perNode: [[NodeEvent]]) -> [NodeEvent] {
        perNode.flatMap { $0 }.sorted { a, b in
            if a.time != b.time { return a.time < b.time }
            if a.node != b.node { return (a.node ?? "") < (b.node ?? "") }
            return a.seq < b.seq
        }
    }
}
