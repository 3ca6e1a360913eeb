import Dispatch
import Foundation
import GenetixCore

/// One answered request, as the access log records it.
struct AccessRecord: Sendable {
    var time: Double
    var client: String
    var method: String
    var path: String
    var status: Int
    var bytes: Int
    var durationMicros: Int
    var backend: String?
    var requestId: String
    var cache: String?
}

/// The JSON access log: entries under source `access` in the node's log stream and, when configured, in a rotated
/// file of its own. Loops hand over batches of records (see `AccessLogBuffer`); this turns them into log entries on a
/// private queue, so the hot path only appends a small struct to an array.
public final class AccessLog: Sendable {
    let mode: AccessLogMode
    private let store: LogStore
    private let file: LogStore?
    private let queue = DispatchQueue(label: "genetix.balancer.access-log")

    /// Writes to `store` and, when `filePath` is given, to that file (rotated at 10 MiB × 5).
    public init(mode: AccessLogMode, store: LogStore, filePath: String?) throws(LogFileError) {
        self.mode = mode
        self.store = store
        file = try filePath.map { path throws(LogFileError) in
            try LogStore(capacity: 16, minimumLevel: .info, file: LogStore.FileOptions(path: path))
        }
    }

    func write(_ batch: [AccessRecord]) {
        queue.async { [store, file] in
            for record in batch {
                var fields: [String: String] = [
                    "client": record.client, "method": record.method, "path": record.path,
                    "status": String(record.status), "bytes": String(record.bytes),
                    "durationMs": Self.milliseconds(record.durationMicros), "requestId": record.requestId,
                ]
                if let b = record.backend { fields["backend"] = b }
                if let c = record.cache { fields["cache"] = c }
                let message = "\(record.method) \(record.path) \(record.status)"
                let time = Date(timeIntervalSince1970: record.time)
                let level: LogLevel = record.status >= 500 ? .warn : .info
                store.append(level: level, source: "access", message: message, fields: fields, time: time)
                file?.append(level: level, source: "access", message: message, fields: fields, time: time)
            }
        }
    }

    /// `1234` µs → `1.234`.
    static func milliseconds(_ micros: Int) -> String {
        let fraction = String(micros % 1000)
        return String(micros / 1000) + "." + String(repeating: "0", count: 3 - fraction.count) + fraction
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
    private var pending: [AccessRecord] = []
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

    func add(_ record: AccessRecord) {
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
