import Foundation

/// One answered HTTP request, as an access log keeps it: the figures themselves, not yet a log entry.
///
/// A busy balancer logs every request. Kept in this form, a record costs the log store no field list, no message
/// string and no number formatting when it is stored; its text line is written straight from these figures, and the
/// `LogEntry` that `GET /admin/v1/logs` shows is made only when someone reads it (`entry(seq:source:)`), identical to
/// the entry the dictionary form used to store.
public struct RequestRecord: Sendable, Equatable {
    /// When it was answered, in seconds since 1970.
    public var time: Double
    public var client: String
    public var method: String
    public var path: String
    public var status: Int
    /// Body bytes sent to the client.
    public var bytes: Int
    public var durationMicros: Int
    /// The backend that answered (`host:port`), if one did.
    public var backend: String?
    public var requestId: String
    /// The edge cache's verdict (`HIT`, `MISS`, `STALE`…), when the cache had a say.
    public var cache: String?

    public init(time: Double, client: String, method: String, path: String, status: Int, bytes: Int, durationMicros: Int,
                backend: String?, requestId: String, cache: String?) {
        self.time = time
        self.client = client
        self.method = method
        self.path = path
        self.status = status
        self.bytes = bytes
        self.durationMicros = durationMicros
        self.backend = backend
        self.requestId = requestId
        self.cache = cache
    }

    /// `warn` for a 5xx answer, else `info`.
    public var level: LogLevel { status >= 500 ? .warn : .info }

    /// `GET /path 200`.
    public var message: String { "\(method) \(path) \(status)" }

    /// A field's value as the record holds it: text, a whole number, or microseconds shown as milliseconds.
    enum FieldValue {
        case text(String)
        case number(Int)
        case milliseconds(Int)

        /// The value as a log entry shows it.
        var text: String {
            switch self {
            case .text(let text): text
            case .number(let number): String(number)
            case .milliseconds(let micros): RequestRecord.milliseconds(micros)
            }
        }
    }

    /// Calls `body` with each field in key order: the one list behind `fields`, the text and journal lines and the
    /// syslog message, so the three can never disagree on a name or an order.
    @inline(__always)
    func forEachField(_ body: (_ key: StaticString, _ value: FieldValue) -> Void) {
        if let backend { body("backend", .text(backend)) }
        body("bytes", .number(bytes))
        if let cache { body("cache", .text(cache)) }
        body("client", .text(client))
        body("durationMs", .milliseconds(durationMicros))
        body("method", .text(method))
        body("path", .text(path))
        body("requestId", .text(requestId))
        body("status", .number(status))
    }

    /// The fields, in key order.
    public var fields: LogFields {
        var pairs: [(key: String, value: String)] = []
        pairs.reserveCapacity(9)
        forEachField { key, value in pairs.append((key: key.description, value: value.text)) }
        return LogFields(pairs)
    }

    /// The log entry it stands for.
    public func entry(seq: UInt64, source: String) -> LogEntry {
        LogEntry(seq: seq, time: Date(timeIntervalSince1970: time), level: level, source: source, message: message,
                 fields: fields)
    }

    /// `1234` µs → `1.234`.
    public static func milliseconds(_ micros: Int) -> String {
        var text = ByteWriter(capacity: 24)
        appendMilliseconds(micros, to: &text)
        return text.withBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// Appends `milliseconds(micros)`'s bytes.
    static func appendMilliseconds(_ micros: Int, to out: inout ByteWriter) {
        let micros = max(0, micros)
        out.appendDecimal(micros / 1000)
        out.append(0x2E)  // .
        out.appendDigits(micros % 1000, width: 3)
    }
}
