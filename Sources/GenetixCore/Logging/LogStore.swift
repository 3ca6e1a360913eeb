import Dispatch
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A node's log: an in-memory ring of the latest entries numbered by `seq` (the cursor of `GET /admin/v1/logs`), with
/// long-poll waiting, an optional JSON-lines file with size-based rotation and an optional mirror to stderr.
///
/// Appending takes one short lock; the file and stderr are written in order on a private serial queue, so callers on
/// an event loop never block on disk. Entries that arrive while that queue is busy wait in one batch: a burst of entries
/// (a busy balancer logs every request) costs one dispatch and one write(2) per destination, not one per entry.
/// `flush()` waits for that output.
public final class LogStore: Sendable {
    /// Where and how to keep the log on disk.
    public struct FileOptions: Sendable, Equatable {
        /// The current file; rotated files are `path.1` (newest) … `path.N`.
        public var path: String
        /// The size from which the file is rotated.
        public var maxBytes: Int
        /// How many rotated files to keep.
        public var maxFiles: Int
        /// File options with the defaults of 10 MiB × 5.
        public init(path: String, maxBytes: Int = 10 << 20, maxFiles: Int = 5) {
            self.path = path
            self.maxBytes = maxBytes
            self.maxFiles = maxFiles
        }
    }

    /// How entries mirrored to stderr are written.
    public enum StderrFormat: Sendable {
        /// `journal` when stderr is systemd's journal (`JournalStream.isStderr()`), else `text`.
        case automatic
        /// `LogLineFormat.text`: with a timestamp and the level's name.
        case text
        /// `LogLineFormat.journal`: a `<N>` priority prefix and no timestamp.
        case journal
    }

    /// The default number of entries kept in memory.
    public static let defaultCapacity = 10_000

    private let ring: SequencedRing<StoredLogEntry>
    private let level: Atomic<Int>
    private let file: LogFileWriter?
    private let mirrorToStderr: Bool
    private let journal: Bool
    /// Where entries also go as RFC 5424 syslog messages (`--syslog`), if anywhere.
    public let syslog: SyslogSink?
    private let output = DispatchQueue(label: "genetix.logstore.output")
    /// Entries waiting for `output`, and whether a drain of them is already scheduled there.
    private let pending = Mutex(PendingOutput())
    private struct PendingOutput {
        var batches: [LogBatch] = []
        var scheduled = false
    }

    /// A store keeping `capacity` entries, dropping entries below `minimumLevel`; opens `file` (creating it) when given.
    public init(capacity: Int = LogStore.defaultCapacity, minimumLevel: LogLevel = .info, file: FileOptions? = nil,
                mirrorToStderr: Bool = false, stderrFormat: StderrFormat = .automatic, syslog: SyslogSink? = nil) throws(LogFileError) {
        self.syslog = syslog
        ring = SequencedRing(capacity: capacity)
        level = Atomic(Self.rank(minimumLevel))
        self.file = try file.map { options throws(LogFileError) in
            try LogFileWriter(path: options.path, maxBytes: options.maxBytes, maxFiles: options.maxFiles)
        }
        self.mirrorToStderr = mirrorToStderr
        switch stderrFormat {
        case .automatic: journal = mirrorToStderr && JournalStream.isStderr()
        case .text: journal = false
        case .journal: journal = true
        }
        if self.file != nil { LogFileRegistry.add(self) }
    }

    /// Reopens the log file (after logrotate moved it), in order with the entries before and after.
    public func reopenFile() {
        guard let file else { return }
        output.async { file.reopen() }
    }

    /// Reopens the files of every live store that has one (the node's log and the balancer's access log): SIGHUP.
    public static func reopenAllFiles() {
        for store in LogFileRegistry.all() { store.reopenFile() }
    }

    /// Entries below this level are dropped.
    public var minimumLevel: LogLevel {
        get { LogLevel.allCases[level.load(ordering: .relaxed)] }
        set { level.store(Self.rank(newValue), ordering: .relaxed) }
    }

    /// True when an entry at `level` would be kept (check before building an expensive message).
    @inline(__always)
    public func isEnabled(_ level: LogLevel) -> Bool {
        Self.rank(level) >= self.level.load(ordering: .relaxed)
    }

    /// Stores an entry and returns it with its seq, or returns nil when its level is below `minimumLevel`.
    @discardableResult
    public func append(level: LogLevel, source: String, message: String, fields: [String: String] = [:],
                       time: Date = Date()) -> LogEntry? {
        guard isEnabled(level) else { return nil }
        return append(level: level, source: source, message: message, fields: LogFields(fields), time: time)
    }

    /// Stores an entry whose fields are already made (in key order, as a busy writer builds them: no sort, no hash
    /// table); the same as the dictionary form otherwise.
    @discardableResult
    public func append(level: LogLevel, source: String, message: String, fields: LogFields, time: Date) -> LogEntry? {
        guard isEnabled(level) else { return nil }
        let entry = ring.append({ seq in
            .entry(LogEntry(seq: seq, time: time, level: level, source: source, message: message, fields: fields))
        }, whileLocked: { stored in handOver(.entry(stored.entry)) }).entry
        return entry
    }

    /// Stores answered requests under `source` (`access`), each at its level (`warn` for a 5xx, else `info`), under
    /// one lock. A record is kept as it is and becomes a `LogEntry` only when read; its text line is written from it,
    /// and the writers get the batch itself, with no copy of each record.
    public func appendRequests(_ records: [RequestRecord], source: String) {
        let kept = records.allSatisfy { isEnabled($0.level) } ? records : records.filter { isEnabled($0.level) }
        ring.append(count: kept.count, { index, seq in .request(seq: seq, source: source, kept[index]) },
                    whileLocked: { firstSeq in handOver(.requests(kept, source: source, firstSeq: firstSeq)) })
    }

    /// Hands stored entries to syslog and to the output queue; runs under the ring's lock, so entries reach
    /// `pending` in seq order.
    private func handOver(_ batch: LogBatch) {
        syslog?.submit(batch)
        guard file != nil || mirrorToStderr else { return }
        let schedule = pending.withLock { p -> Bool in
            p.batches.append(batch)
            defer { p.scheduled = true }
            return !p.scheduled
        }
        if schedule { output.async { [self] in drainOutput() } }
    }

    /// Writes every waiting entry: one write to the file (per rotation) and one to stderr.
    private func drainOutput() {
        let batches = pending.withLock { p -> [LogBatch] in
            let taken = p.batches
            p.batches = []
            p.scheduled = false
            return taken
        }
        guard !batches.isEmpty else { return }
        if let file {
            var lines: [[UInt8]] = []
            for batch in batches { batch.forEachEntry { lines.append(GenetixJSON.encode($0) + [0x0A]) } }
            file.write(lines: lines)
        }
        if mirrorToStderr {
            let count = batches.reduce(0) { $0 + $1.count }
            var lines = LogLineWriter(journal: journal, capacity: count * 192)
            for batch in batches { batch.writeLines(to: &lines) }
            lines.output.withBytes { Self.writeToStderr($0) }
        }
    }

    /// Up to `limit` entries with seq > `after` at `minLevel` or above, and the cursor to pass as `after` next time.
    /// A cursor older than the oldest entry kept starts at the oldest.
    public func page(after: UInt64, limit: Int, minLevel: LogLevel? = nil) -> LogPage {
        let (stored, next) = ring.page(after: after, limit: max(0, limit)) { stored in
            minLevel.map { stored.level >= $0 } ?? true
        }
        return LogPage(entries: stored.map(\.entry), next: next)
    }

    /// Waits until an entry with seq > `after` exists (true) or `timeout` passes or the task is cancelled (false).
    public func wait(after: UInt64, timeout: Duration) async -> Bool {
        await ring.wait(after: after, timeout: timeout)
    }

    /// The seq of the newest entry (0 before the first).
    public var latestSeq: UInt64 { ring.latest }

    /// The number of entries in memory.
    public var count: Int { ring.count }

    /// The latest failure to write the log file, if the last write failed.
    public var fileError: LogFileError? { file?.lastError }

    /// Waits until every entry appended so far has been written to the file and stderr.
    public func flush() {
        output.sync {}
    }

    /// A logger writing to this store under `source`.
    public func logger(_ source: String, fields: [String: String] = [:]) -> Logger {
        Logger(store: self, source: source, fields: fields)
    }

    private static func rank(_ level: LogLevel) -> Int {
        LogLevel.allCases.firstIndex(of: level)!
    }

    private static func writeToStderr(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress else { return }
        var written = 0
        while written < bytes.count {
            let n = Glibc.write(2, base + written, bytes.count - written)
            if n < 0 { if errno == EINTR { continue }; return }
            written += n
        }
    }
}
