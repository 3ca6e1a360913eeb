import Foundation
import GenetixCore
import GenetixTesting
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `--syslog`: each log line as an RFC 5424 datagram on a local socket (a real one, bound here the way rsyslog's
/// imuxsock binds /dev/log), and lines dropped and counted — never a blocked caller — when no one listens.
@Suite struct SyslogSinkTests {
    @Test func aLineBecomesAnRFC5424MessageWithItsLevelNodeSourceAndFields() {
        let entry = LogEntry(seq: 7, time: Date(timeIntervalSince1970: 1_764_672_000.25), level: .warn, source: "worker-3",
                             message: "slow request to /api/kits", fields: ["path": "/api/kits", "why": "said \"no\" ]", "bad key=": "x"])
        let text = String(decoding: SyslogSink.format(entry, node: "app-1", pid: 4242), as: UTF8.self)
        // local0 (16) × 8 + warning (4) = 132.
        #expect(text == #"<132>1 2025-12-02T10:40:00.250Z app-1 genetix 4242 worker-3 [genetix@32473 level="warn" bad_key_="x" path="/api/kits" why="said \"no\" \]"] slow request to /api/kits"#)
    }

    @Test func aRequestRecordIsSentAsTheMessageOfItsEntry() {
        let records = [
            RequestRecord(time: 1_764_700_000.123, client: "127.0.0.1", method: "GET", path: "/", status: 200, bytes: 3,
                          durationMicros: 1234, backend: "127.0.0.1:8101", requestId: "lb-1-7f", cache: nil),
            RequestRecord(time: 0, client: "::1", method: "POST", path: "/a b=\"c\"]\\", status: 502, bytes: 0,
                          durationMicros: 5, backend: nil, requestId: "", cache: "STALE"),
            RequestRecord(time: 1, client: "c", method: "GET", path: "/" + String(repeating: "p", count: 20_000), status: 404,
                          bytes: 1, durationMicros: 61_000_007, backend: "b", requestId: "x\ny", cache: "HIT"),
        ]
        for record in records {
            let entry = record.entry(seq: 3, source: "access")
            #expect(SyslogSink.format(record, source: "access", node: "lb-1", pid: 9) == SyslogSink.format(entry, node: "lb-1", pid: 9))
        }
        let text = String(decoding: SyslogSink.format(records[1], source: "access", node: "lb-1", pid: 9), as: UTF8.self)
        #expect(text == #"<132>1 1970-01-01T00:00:00.000Z lb-1 genetix 9 access [genetix@32473 level="warn" bytes="0" cache="STALE" client="::1" durationMs="0.005" method="POST" path="/a b=\"c\"\]\\" requestId="" status="502"] POST /a b="c"]\ 502"#)
    }

    @Test func aQuoteWithACombiningMarkCannotEndAValueEarly() {
        // As Characters, "\"\u{301}" is one grapheme that is not a quote; its first byte still ends an SD-PARAM value.
        let entry = LogEntry(seq: 1, time: Date(timeIntervalSince1970: 0), level: .info, source: "s", message: "m",
                             fields: ["k": "a\"\u{301}] x=\"y"])
        let text = String(decoding: SyslogSink.format(entry, node: "n", pid: 1), as: UTF8.self)
        #expect(text.hasSuffix(#"[genetix@32473 level="info" k="a\"\#u{301}\] x=\"y"] m"#), "\(text)")
    }

    @Test func linesReachTheSocketInOrderAndAreDroppedWhenNoOneListens() async throws {
        try await TemporaryDirectory.with(prefix: "syslog") { dir in
            let path = dir.file("log.sock")
            let receiver = try DatagramReceiver(path: path)
            defer { receiver.close() }
            let logs = try LogStore(syslog: SyslogSink(path: path, node: "lb-1"))
            for i in 1...3 { logs.logger("proxy").info("line \(i)", fields: ["n": "\(i)"]) }
            logs.syslog?.flush()
            let got = (0..<3).compactMap { _ in receiver.receive() }
            #expect(got.count == 3)
            for (i, message) in got.enumerated() {
                #expect(message.hasPrefix("<134>1 ") && message.contains(" lb-1 genetix \(getpid()) proxy [genetix@32473 level=\"info\" n=\"\(i + 1)\"] line \(i + 1)"))
            }
            #expect(logs.syslog?.sent == 3 && logs.syslog?.dropped == 0)

            let nobody = try LogStore(syslog: SyslogSink(path: dir.file("absent.sock"), node: "lb-1"))
            nobody.logger("proxy").error("lost")
            nobody.syslog?.flush()
            #expect(nobody.syslog?.dropped == 1 && nobody.syslog?.sent == 0)
            #expect(nobody.page(after: 0, limit: 10).entries.map(\.message) == ["lost"], "the ring keeps the line all the same")
        }
    }

    @Test func aDaemonThatDoesNotReadCostsDroppedLinesNotABlockedCaller() async throws {
        try await TemporaryDirectory.with(prefix: "syslog-full") { dir in
            let path = dir.file("log.sock")
            let receiver = try DatagramReceiver(path: path)   // bound, never read: its queue fills (net.unix.max_dgram_qlen)
            defer { receiver.close() }
            let sink = SyslogSink(path: path, node: "app-1", capacity: 64)
            let entry = LogEntry(seq: 1, time: Date(), level: .info, source: "test", message: String(repeating: "x", count: 200))
            for _ in 0..<5000 { sink.submit(entry) }
            sink.flush()
            #expect(sink.sent + sink.dropped == 5000)
            #expect(sink.dropped > 0 && sink.sent > 0)
        }
    }

    @Test func anAccessLogBatchReachesTheSocketAsOneMessagePerRecord() async throws {
        try await TemporaryDirectory.with(prefix: "syslog-batch") { dir in
            let path = dir.file("log.sock")
            let receiver = try DatagramReceiver(path: path)
            defer { receiver.close() }
            let logs = try LogStore(syslog: SyslogSink(path: path, node: "lb-1"))
            let records = (1...5).map { i in
                RequestRecord(time: 1, client: "c", method: "GET", path: "/\(i)", status: 200, bytes: i, durationMicros: 1,
                              backend: nil, requestId: "r\(i)", cache: nil)
            }
            logs.appendRequests(records, source: "access")
            logs.syslog?.flush()
            let got = (0..<5).compactMap { _ in receiver.receive() }
            #expect(got.map { $0.components(separatedBy: "] ").last ?? "" } == (1...5).map { "GET /\($0) 200" })
            #expect(got.first?.contains(" lb-1 genetix \(getpid()) access [genetix@32473 level=\"info\" bytes=\"1\"") == true, "\(got)")
            #expect(logs.syslog?.sent == 5 && logs.syslog?.dropped == 0)
        }
    }
}

/// A bound Unix datagram socket, like the syslog daemon's.
private final class DatagramReceiver {
    private let fd: Int32

    init(path: String) throws {
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: Array(path.utf8))
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// The next datagram as text, or nil after 5 s without one.
    func receive() -> String? {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        return n > 0 ? String(decoding: buffer[..<n], as: UTF8.self) : nil
    }

    func close() { Glibc.close(fd) }
}
