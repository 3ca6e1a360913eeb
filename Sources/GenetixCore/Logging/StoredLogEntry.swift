/// What a `LogStore`'s ring keeps: an entry, or an answered request made into one only when it is read.
enum StoredLogEntry: Sendable {
    case entry(LogEntry)
    case request(seq: UInt64, source: String, RequestRecord)

    var level: LogLevel {
        switch self {
        case .entry(let entry): entry.level
        case .request(_, _, let record): record.level
        }
    }

    var entry: LogEntry {
        switch self {
        case .entry(let entry): entry
        case .request(let seq, let source, let record): record.entry(seq: seq, source: source)
        }
    }
}

/// Entries a `LogStore` hands to its writers (stderr, the file, syslog) together, in seq order: one entry, or a batch
/// of answered requests shared as the access log handed it over, with no copy of each record.
enum LogBatch: Sendable {
    case entry(LogEntry)
    /// Records numbered `firstSeq`, `firstSeq + 1`, ….
    case requests([RequestRecord], source: String, firstSeq: UInt64)

    /// The number of entries.
    var count: Int {
        switch self {
        case .entry: 1
        case .requests(let records, _, _): records.count
        }
    }

    /// The first `count` entries.
    func prefix(_ count: Int) -> LogBatch {
        switch self {
        case .entry: self
        case .requests(let records, let source, let firstSeq):
            count >= records.count ? self : .requests(Array(records.prefix(count)), source: source, firstSeq: firstSeq)
        }
    }

    /// Calls `body` with each entry, a record made into its entry (for the JSON file, which writes entries).
    func forEachEntry(_ body: (LogEntry) -> Void) {
        switch self {
        case .entry(let entry): body(entry)
        case .requests(let records, let source, let firstSeq):
            for (offset, record) in records.enumerated() { body(record.entry(seq: firstSeq + UInt64(offset), source: source)) }
        }
    }

    /// Writes each entry's line and a newline; a record's straight from its figures, read in place.
    func writeLines(to lines: inout LogLineWriter) {
        switch self {
        case .entry(let entry):
            lines.append(entry)
            lines.endLine()
        case .requests(let records, let source, _):
            records.withUnsafeBufferPointer { records in
                for index in records.indices {
                    lines.append(records[index], source: source)
                    lines.endLine()
                }
            }
        }
    }
}
