import Dispatch
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Sends a node's log entries to the host's syslog daemon as RFC 5424 messages over its local datagram socket
/// (`/dev/log`, or another path such as an rsyslog `imuxsock` input), so that rsyslog can forward them to a central
/// collector and a node's lines outlive its host.
///
/// One message per entry: `<PRI>1 TIME NODE genetix PID SOURCE [genetix@32473 level="…" key="value"…] MESSAGE`, the
/// node's name as HOSTNAME (the collector files lines per node), the entry's source as MSGID and its fields as
/// structured data. Never blocks the caller: entries wait in a bounded queue (`capacity`) drained by a private serial
/// queue that sends without blocking (`MSG_DONTWAIT`); an entry that finds the queue full, or the socket's buffer full,
/// or no daemon listening, is dropped and counted (`dropped`). A missing socket is retried at most once a second.
public final class SyslogSink: Sendable {
    /// The private enterprise number in the structured data's id (RFC 5612's documentation number).
    public static let enterpriseNumber = 32473
    /// The default socket path.
    public static let defaultSocket = "/dev/log"

    /// The socket path.
    public let path: String
    /// The node's name, sent as HOSTNAME.
    public let node: String
    /// The syslog facility (16: local0).
    public let facility: Int
    /// The entries waiting to be sent (at most `capacity`) and those dropped.
    private let backlog: BoundedBacklog
    /// The most entries waiting to be sent.
    public var capacity: Int { backlog.limit }
    private let sentCount = Atomic<Int>(0)
    private let socket = Mutex<(fd: Int32, retryAt: ContinuousClock.Instant?)>((-1, nil))
    private let queue = DispatchQueue(label: "genetix.syslog")

    /// A sink for `node` writing to the datagram socket at `path`.
    public init(path: String = SyslogSink.defaultSocket, node: String, facility: Int = 16, capacity: Int = 4096) {
        self.path = path
        self.node = node
        self.facility = facility
        backlog = BoundedBacklog(limit: capacity)
    }

    deinit {
        let fd = socket.withLock { $0.fd }
        if fd >= 0 { close(fd) }
    }

    /// Entries dropped so far (queue full, socket buffer full, or no daemon at `path`).
    public var dropped: Int { backlog.dropped }
    /// Entries sent so far.
    public var sent: Int { sentCount.load(ordering: .relaxed) }

    /// Queues `entry` for sending; returns at once. Dropped (and counted) when `capacity` entries already wait.
    public func submit(_ entry: LogEntry) {
        submit(.entry(entry))
    }

    /// Queues a log store's entries, in order, with one hop to the sending queue for the lot; what does not fit under
    /// `capacity` is dropped and counted. The messages are formatted on that queue, not by the caller (the store calls
    /// this under its ring's lock), and a request record is formatted from its figures, never made into an entry.
    func submit(_ batch: LogBatch) {
        let admitted = backlog.admit(batch.count)
        guard admitted > 0 else { return }
        let batch = batch.prefix(admitted)
        queue.async { [self] in
            switch batch {
            case .entry(let entry):
                deliver(Self.format(entry, node: node, facility: facility))
            case .requests(let records, let source, _):
                for record in records { deliver(Self.format(record, source: source, node: node, facility: facility)) }
            }
            backlog.finished(batch.count)
        }
    }

    private func deliver(_ message: [UInt8]) {
        if send(message) { sentCount.wrappingAdd(1, ordering: .relaxed) } else { backlog.countDropped(1) }
    }

    /// Waits until every entry submitted so far was sent or dropped.
    public func flush() { queue.sync {} }

    /// The longest message text sent, in bytes; a longer one is cut.
    static let maxMessageBytes = 16_384

    /// The RFC 5424 message for `entry`.
    public static func format(_ entry: LogEntry, node: String, facility: Int = 16, pid: Int32 = getpid()) -> [UInt8] {
        var out = header(level: entry.level, time: entry.time, source: entry.source, node: node, facility: facility, pid: pid)
        for (key, value) in entry.fields {  // in key order
            out.append(0x20)
            out.append(contentsOf: parameterName(key).utf8)
            appendParameterValue(value.utf8, to: &out)
        }
        out.append(contentsOf: "] ".utf8)
        out.append(contentsOf: entry.message.utf8.prefix(maxMessageBytes))
        return out
    }

    /// The RFC 5424 message for an access log's `record` under `source`: the same bytes as `format` of its entry
    /// (`record.entry(seq:source:)`), written from the figures.
    public static func format(_ record: RequestRecord, source: String, node: String, facility: Int = 16, pid: Int32 = getpid()) -> [UInt8] {
        var out = header(level: record.level, time: Date(timeIntervalSince1970: record.time), source: source, node: node,
                         facility: facility, pid: pid)
        record.forEachField { key, value in
            out.append(0x20)
            out.append(contentsOf: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
            switch value {
            case .text(let text): appendParameterValue(text.utf8, to: &out)
            case .number, .milliseconds: appendParameterValue(value.text.utf8, to: &out)
            }
        }
        out.append(contentsOf: "] ".utf8)
        let start = out.count
        out.append(contentsOf: record.method.utf8)
        out.append(0x20)
        out.append(contentsOf: record.path.utf8)
        out.append(0x20)
        NumberText.appendDecimal(record.status, to: &out)
        if out.count - start > maxMessageBytes { out.removeLast(out.count - start - maxMessageBytes) }
        return out
    }

    /// `<PRI>1 TIME NODE genetix PID SOURCE [genetix@32473 level="…"`: everything before the entry's own fields.
    private static func header(level: LogLevel, time: Date, source: String, node: String, facility: Int, pid: Int32) -> [UInt8] {
        let severity = switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warn: 4
        case .error: 3
        case .critical: 2
        }
        let text = "<\(facility * 8 + severity)>1 \(ISO8601Timestamp.format(time)) \(field(node, 255)) genetix \(pid) \(field(source, 32)) "
            + "[genetix@\(enterpriseNumber) level=\"\(level.rawValue)\""
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 256)
        out.append(contentsOf: text.utf8)
        return out
    }

    /// `="value"`, with the bytes `"`, `\` and `]` escaped (RFC 5424 §6.3.3: octets, so a quote followed by a
    /// combining mark is escaped too and cannot end the value early).
    private static func appendParameterValue(_ utf8: some Collection<UInt8>, to out: inout [UInt8]) {
        out.append(0x3D)  // =
        out.append(0x22)
        for byte in utf8 {
            if byte == 0x22 || byte == 0x5C || byte == 0x5D { out.append(0x5C) }
            out.append(byte)
        }
        out.append(0x22)
    }

    private func send(_ message: [UInt8]) -> Bool {
        socket.withLock { state in
            if state.fd < 0 {
                if let retryAt = state.retryAt, ContinuousClock.now < retryAt { return false }
                state.fd = Self.connect(path)
                if state.fd < 0 { state.retryAt = .now + .seconds(1); return false }
            }
            while true {
                let n = message.withUnsafeBytes { Glibc.send(state.fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT | MSG_NOSIGNAL)) }
                if n >= 0 { return true }
                if errno == EINTR { continue }
                if errno == EAGAIN || errno == ENOBUFS { return false }
                // The daemon went away (restarted): reconnect on the next entry.
                close(state.fd)
                state.fd = -1
                return false
            }
        }
    }

    private static func connect(_ path: String) -> Int32 {
        let fd = Glibc.socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return -1 }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { close(fd); return -1 }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard result == 0 else { close(fd); return -1 }
        return fd
    }

    /// A header field: printable US-ASCII without spaces, at most `limit` characters, `-` when empty.
    static func field(_ text: String, _ limit: Int) -> String {
        let kept = String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.value > 32 && $0.value < 127 }.prefix(limit)))
        return kept.isEmpty ? "-" : kept
    }

    /// An SD-PARAM name: printable US-ASCII except `=`, space, `]` and `"`, at most 32 characters.
    static func parameterName(_ key: String) -> String {
        let scalars = key.unicodeScalars.map { s -> Unicode.Scalar in
            (s.value > 32 && s.value < 127 && s != "=" && s != "]" && s != "\"") ? s : "_"
        }
        let name = String(String.UnicodeScalarView(scalars.prefix(32)))
        return name.isEmpty ? "_" : name
    }
}
