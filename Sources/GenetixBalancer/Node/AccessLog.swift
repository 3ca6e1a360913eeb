import Dispatch
import Foundation
import GenetixCore

/// The JSON access log: entries under source `access` in the node's log stream and, when configured, in a rotated
/// file of its own. Loops hand over batches of records (see `AccessLogBuffer`); this turns them into log entries on a
/// private queue, so the hot path only appends a small struct to an array.
///
/// The queue is bounded: at most `queueLimit` records wait for the writer. A batch that does not fit is cut to what
/// fits and the rest is dropped and counted (`dropped`, the metric `balancer_access_log_dropped`), so a slow disk or
/// a flood of requests never grows memory and never blocks an event loop.
public final class AccessLog: Sendable {
    let mode: AccessLogMode
    private let store: LogStore
    private let file: LogStore?
    private let queue = DispatchQueue(label: "genetix.balancer.access-log")
    /// The records waiting for the writer, at most `queueLimit`, and those dropped.
    private let backlog: BoundedBacklog
    /// Most records waiting for the writer.
    public var queueLimit: Int { backlog.limit }

    /// Writes to `store` and, when `filePath` is given, to that file (rotated at 10 MiB × 5); at most `queueLimit`
    /// records wait for the writer.
    public init(mode: AccessLogMode, store: LogStore, filePath: String?, queueLimit: Int = 65_536) throws(LogFileError) {
        self.mode = mode
        self.store = store
        backlog = BoundedBacklog(limit: queueLimit)
        file = try filePath.map { path throws(LogFileError) in
            try LogStore(capacity: 16, minimumLevel: .info, file: LogStore.FileOptions(path: path))
        }
    }

    /// Records dropped because the queue was full.
    public var dropped: Int { backlog.dropped }
    /// Records waiting for the writer now.
    public var pending: Int { backlog.count }

    /// Stops the writer until `resumeWriter()` (the queue keeps its bound meanwhile): for a pause while the disk is
    /// swapped, and for the tests of the bound.
    public func suspendWriter() { queue.suspend() }
    /// Lets the writer run again after `suspendWriter()`.
    public func resumeWriter() { queue.resume() }

    func write(_ batch: [RequestRecord]) {
        // What does not fit under the limit is dropped and counted.
        let admitted = backlog.admit(batch.count)
        guard admitted > 0 else { return }
        let batch = admitted == batch.count ? batch : Array(batch.prefix(admitted))
        queue.async { [self] in
            defer { backlog.finished(batch.count) }
            store.appendRequests(batch, source: "access")
            file?.appendRequests(batch, source: "access")
        }
    }

    /// Waits until every batch handed over so far is written.
    public func flush() {
        queue.sync {}
        store.flush()
        file?.flush()
    }
}

/// A loop's pending access records, handed to the `AccessLog` in batches. Loop-confined.
final class AccessLogBuffer {
    private let log: AccessLog
    private var pending: [RequestRecord] = []
    private var sampleCounter = 0

    init(log: AccessLog) {
        self.log = log
        pending.reserveCapacity(256)
    }

    /// Whether a request answered with `status` is recorded (decide before building the record).
    @inline(__always)
    func wants(status: Int) -> Bool {
        switch log.mode {
        case .off: return false
        case .all: return true
        case .sampled:
            sampleCounter &+= 1
            return status >= 400 || sampleCounter % 100 == 0
        }
    }

    func add(_ record: consuming RequestRecord) {
        pending.append(record)
        if pending.count >= 512 { flush() }
    }

    /// Hands the pending records over (called by the loop's timer and when the buffer fills).
    func flush() {
        guard !pending.isEmpty else { return }
        log.write(pending)
        pending.removeAll(keepingCapacity: true)
    }
}
