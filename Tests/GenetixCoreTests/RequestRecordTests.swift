import Foundation
import GenetixCore
import Testing

/// An access log's request records: stored as figures, written as the same line and read as the same entry as the
/// log entry they stand for.
@Suite struct RequestRecordTests {
    private static let records = [
        RequestRecord(time: 1_764_700_000.123, client: "127.0.0.1", method: "GET", path: "/", status: 200, bytes: 3,
                      durationMicros: 1234, backend: "127.0.0.1:8101", requestId: "lb-1-7f", cache: nil),
        RequestRecord(time: 0, client: "::1", method: "POST", path: "/a b=\"c\"\\", status: 502, bytes: 0,
                      durationMicros: 5, backend: nil, requestId: "", cache: "STALE"),
        RequestRecord(time: 1_000_000_000.5, client: "10.0.0.9", method: "GET", path: "/static/app.js?v=2", status: 304,
                      bytes: 123_456_789, durationMicros: 61_000_007, backend: "b", requestId: "x\ny\r\tz", cache: "HIT"),
    ]

    @Test func theTextAndJournalLinesAreThoseOfItsEntry() {
        for record in Self.records {
            let entry = record.entry(seq: 9, source: "access")
            var text = LogLineWriter(journal: false), journal = LogLineWriter(journal: true)
            text.append(record, source: "access")
            journal.append(record, source: "access")
            #expect(text.output.bytes == Array(LogLineFormat.text(entry).utf8))
            #expect(journal.output.bytes == Array(LogLineFormat.journal(entry).utf8))
        }
    }

    @Test func itsEntryHasTheFieldsTheAccessLogAlwaysHad() {
        let entry = Self.records[0].entry(seq: 4, source: "access")
        #expect(entry.seq == 4 && entry.source == "access" && entry.level == .info && entry.message == "GET / 200")
        #expect(entry.fields == ["backend": "127.0.0.1:8101", "bytes": "3", "client": "127.0.0.1", "durationMs": "1.234",
                                 "method": "GET", "path": "/", "requestId": "lb-1-7f", "status": "200"])
        #expect(Self.records[1].entry(seq: 1, source: "access").level == .warn)
        #expect(Self.records[1].entry(seq: 1, source: "access").fields["cache"] == "STALE")
    }

    @Test func millisecondsKeepThreeDecimals() {
        #expect(RequestRecord.milliseconds(0) == "0.000")
        #expect(RequestRecord.milliseconds(7) == "0.007")
        #expect(RequestRecord.milliseconds(1234) == "1.234")
        #expect(RequestRecord.milliseconds(61_000_007) == "61000.007")
    }

    @Test func theStoreKeepsRecordsInOrderWithItsEntriesAndFiltersThemByLevel() throws {
        let store = try LogStore(capacity: 10)
        store.append(level: .info, source: "proxy", message: "before")
        store.appendRequests(Array(Self.records[0...1]), source: "access")
        store.append(level: .info, source: "proxy", message: "after")
        let page = store.page(after: 0, limit: 10)
        #expect(page.entries.map(\.seq) == [1, 2, 3, 4])
        #expect(page.entries[1] == Self.records[0].entry(seq: 2, source: "access"))
        #expect(page.entries[2] == Self.records[1].entry(seq: 3, source: "access"))
        #expect(store.page(after: 0, limit: 10, minLevel: .warn).entries.map(\.seq) == [3])
        store.minimumLevel = .warn
        store.appendRequests(Self.records, source: "access")  // the 5xx is kept; the others are info, below the level
        #expect(store.latestSeq == 5)
        #expect(store.page(after: 4, limit: 10).entries == [Self.records[1].entry(seq: 5, source: "access")])
    }
}
