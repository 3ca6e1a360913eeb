import Foundation
import GenetixCore
import GenetixTesting
import Testing
@testable import GenetixOperations

/// A dead node's lines read back from the syslog collector's files, as rsyslog stores what `--syslog` sent.
@Suite struct CollectorLogsTests {
    /// Lines as the collector's rsyslog wrote them (RSYSLOG_SyslogProtocol23Format), one of another program.
    private let day1 = """
    <134>1 2026-12-01T23:59:59.500000+00:00 lb-1 genetix 23818 proxy [genetix@32473 level="info"] balancer lb-1 listening on http://0.0.0.0:80
    <28>1 2026-12-01T23:59:59.600000+00:00 lb-1 sshd 99 - - not ours

    """
    private let day2 = """
    <132>1 2026-12-02T11:15:58.300654+00:00 lb-1 genetix 23818 event [genetix@32473 level="warn" actor="system" target="127.0.0.1:1" why="said \\"no\\" \\]"] backend 127.0.0.1:1 is down
    <134>1 2026-12-02T11:16:00.000001+00:00 lb-1 genetix 23818 access [genetix@32473 level="info" path="/marked-1"] GET /marked-1 502

    """

    @Test func theNewestLinesComeBackOldestFirstMarkedAndFiltered() async throws {
        try await TemporaryDirectory.with(prefix: "collector") { dir in
            try FileManager.default.createDirectory(atPath: dir.file("lb-1"), withIntermediateDirectories: true)
            try day1.write(toFile: dir.file("lb-1/2026-12-01.log"), atomically: true, encoding: .utf8)
            try day2.write(toFile: dir.file("lb-1/2026-12-02.log"), atomically: true, encoding: .utf8)
            let all = CollectorLogs.read(directory: dir.path, node: "lb-1", query: try LogQuery())
            #expect(all.map(\.message) == ["balancer lb-1 listening on http://0.0.0.0:80", "backend 127.0.0.1:1 is down", "GET /marked-1 502"])
            #expect(all.allSatisfy { $0.fields["via"] == "collector" && $0.node == "lb-1" })
            #expect(all[1].level == .warn && all[1].source == "event")
            #expect(all[1].fields == ["actor": "system", "target": "127.0.0.1:1", "why": "said \"no\" ]", "via": "collector"])
            #expect(all[2].time == ISO8601Timestamp.parse("2026-12-02T11:16:00.000001Z"))
            #expect(CollectorLogs.read(directory: dir.path, node: "lb-1", query: try LogQuery(level: .warn)).map(\.source) == ["event"])
            #expect(CollectorLogs.read(directory: dir.path, node: "lb-1", query: try LogQuery(), limit: 2).map(\.source) == ["event", "access"])
            #expect(CollectorLogs.read(directory: dir.path, node: "lb-9", query: try LogQuery()).isEmpty)
        }
    }

    @Test func whatSyslogSinkSendsParsesBack() throws {
        let entry = LogEntry(seq: 1, time: Date(timeIntervalSince1970: 1_764_672_000.25), level: .error, source: "worker-3",
                             message: "cannot connect", fields: ["db": "host=a"])
        let line = String(decoding: SyslogSink.format(entry, node: "app-1", pid: 7), as: UTF8.self)
        let back = try #require(CollectorLogs.parse(Substring(line), node: "app-1"))
        #expect(back.level == .error && back.source == "worker-3" && back.message == "cannot connect" && back.time == entry.time)
        #expect(back.fields == ["db": "host=a", "via": "collector"])
    }
}
