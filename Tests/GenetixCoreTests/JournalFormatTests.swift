import Foundation
import GenetixCore
import Testing

/// The journald form of log lines: `<N>` syslog priority, no timestamp (the journal adds its own).
@Suite struct JournalFormatTests {
    @Test(arguments: [(LogLevel.critical, 2), (.error, 3), (.warn, 4), (.notice, 5), (.info, 6), (.debug, 7), (.trace, 7)])
    func eachLevelHasItsSyslogPriority(level: LogLevel, priority: Int) {
        let entry = LogEntry(seq: 1, time: Date(timeIntervalSince1970: 1_764_648_000), level: level, source: "proxy",
                             message: "backend down", fields: ["backend": "127.0.0.1:8101", "why": "connection refused"])
        #expect(LogLineFormat.journal(entry) == "<\(priority)>proxy: backend down backend=127.0.0.1:8101 why=\"connection refused\"")
        #expect(!LogLineFormat.journal(entry).contains("2025"))
        #expect(LogLineFormat.text(entry).hasPrefix("2025-12-02T04:00:00.000Z"))
    }

    @Test func journalStreamCountsOnlyWhenStderrIsThatStream() {
        var st = stat()
        #expect(fstat(2, &st) == 0)
        #expect(JournalStream.isStderr(["JOURNAL_STREAM": "\(st.st_dev):\(st.st_ino)"]))
        #expect(!JournalStream.isStderr(["JOURNAL_STREAM": "\(st.st_dev):\(st.st_ino &+ 1)"]))
        #expect(!JournalStream.isStderr(["JOURNAL_STREAM": "garbage"]))
        #expect(!JournalStream.isStderr([:]))
    }
}
