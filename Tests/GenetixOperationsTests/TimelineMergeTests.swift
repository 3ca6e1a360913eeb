import Foundation
import GenetixCore
import GenetixOperations
import Testing

@Suite struct TimelineMergeTests {
    @Test func logsMergeByTimeThenNodeThenSequence() {
        let t0 = Date(timeIntervalSince1970: 1000)
        let a = [LogEntry(seq: 1, time: t0, level: .info, source: "s", message: "a1", node: "app-1"),
                 LogEntry(seq: 2, time: t0, level: .info, source: "s", message: "a2", node: "app-1"),
                 LogEntry(seq: 3, time: t0 + 2, level: .info, source: "s", message: "a3", node: "app-1")]
        let b = [LogEntry(seq: 7, time: t0 - 1, level: .warn, source: "s", message: "b1", node: "db-1"),
                 LogEntry(seq: 8, time: t0 + 1, level: .error, source: "s", message: "b2", node: "db-1"),
                 LogEntry(seq: 9, time: t0, level: .info, source: "s", message: "b0", node: "app-0")]
        #expect(TimelineMerge.logs([a, b]).map(\.message) == ["b1", "b0", "a1", "a2", "b2", "a3"])
    }

    @Test func eventsMergeKeepActors() {
        let t0 = Date(timeIntervalSince1970: 1000)
        let merged = TimelineMerge.events([
            [NodeEvent(seq: 1, time: t0 + 1, type: "action", message: "oncall ran scale", actor: "oncall", node: "app-1")],
            [NodeEvent(seq: 4, time: t0, type: "database.promoted", severity: "warn", message: "promoted", actor: "system", node: "db-2")],
        ])
        #expect(merged.map(\.node) == ["db-2", "app-1"])
        let table = TimelineFormat.eventsTable(merged)
        #expect(table.split(separator: "\n")[2].contains("oncall"))
        #expect(table.hasPrefix("TIME"))
    }

    @Test func logQueryFiltersByLevelTimeAndPattern() throws {
        let t0 = Date(timeIntervalSince1970: 1000)
        let q = try LogQuery(since: t0, level: .warn, pattern: "conn(ection)? refused")
        #expect(q.matches(LogEntry(seq: 1, time: t0, level: .error, source: "proxy", message: "connection refused by 127.0.0.1:8101")))
        #expect(!q.matches(LogEntry(seq: 1, time: t0, level: .info, source: "proxy", message: "connection refused")))
        #expect(!q.matches(LogEntry(seq: 1, time: t0 - 1, level: .error, source: "proxy", message: "connection refused")))
        #expect(q.matches(LogEntry(seq: 1, time: t0, level: .warn, source: "x", message: "m", fields: ["why": "conn refused"])))
        #expect(throws: OperationError.invalidArgument("--grep '(' is not a valid regular expression")) { try LogQuery(pattern: "(") }
    }
}
