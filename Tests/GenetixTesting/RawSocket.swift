import CSystem
import Foundation
import Glibc

/// A blocking TCP client for tests that need to send exact bytes (malformed requests, pipelining, slow clients).
public final class RawSocket: @unchecked Sendable {
    // @unchecked Sendable: used by one test at a time; the fd is the only state.
    public let fd: Int32

    /// Connects to 127.0.0.1:`port` with a receive timeout.
    public init(port: Int, host: String = "127.0.0.1", timeout: Double = 5) throws {
        // The descriptor goes into `fd` only once connected: a class whose stored properties are all set runs its
        // deinit when init throws, and closing here as well closed the number twice — by then possibly another
        // thread's fresh socket (seen as "epoll_ctl(ADD): Bad file descriptor" in a test running beside this one).
        let candidate = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, host, &addr.sin_addr)
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(candidate, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if rc != 0 {
            let reason = String(cString: strerror(csystem_errno()))
            close(candidate)
            throw RawSocketError.connect(port, reason)
        }
        fd = candidate
        var tv = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    /// Sends all of `text`.
    public func send(_ text: String) { send(Array(text.utf8)) }

    /// Sends all of `bytes`; stops quietly if the peer closed.
    public func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            offset += n
        }
    }

    /// Reads until the peer closes or the timeout passes, on a Dispatch thread so that a blocking read never starves
    /// Swift's cooperative pool (the server's own async handlers need it).
    public func readAll() async -> String { await Self.offload { self.readAllBlocking() } }

    /// Reads until `marker` has appeared `count` times (or close/timeout), off the cooperative pool.
    public func read(until marker: String, count: Int = 1) async -> String {
        await Self.offload { self.readBlocking(until: marker, count: count) }
    }

    /// Whether the peer closes (a read returns 0 within the timeout), off the cooperative pool.
    public func peerClosed() async -> Bool { await Self.offload { self.peerClosedBlocking() } }

    /// Runs blocking work on a Dispatch thread and returns its result.
    public static func offload<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: work()) }
        }
    }

    private func readAllBlocking() -> String {
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buf, buf.count, 0)
            if n <= 0 { break }
            out.append(contentsOf: buf[0..<n])
        }
        return String(decoding: out, as: UTF8.self)
    }

    private func readBlocking(until marker: String, count: Int) -> String {
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 65536)
        while String(decoding: out, as: UTF8.self).components(separatedBy: marker).count - 1 < count {
            let n = recv(fd, &buf, buf.count, 0)
            if n <= 0 { break }
            out.append(contentsOf: buf[0..<n])
        }
        return String(decoding: out, as: UTF8.self)
    }

    private func peerClosedBlocking() -> Bool {
        var buf = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = recv(fd, &buf, buf.count, 0)
            if n == 0 { return true }
            if n < 0 { return csystem_errno() == ECONNRESET }
        }
    }

    /// Half-closes the sending side.
    public func shutdownWrite() { Glibc.shutdown(fd, Int32(SHUT_WR)) }
}

/// Why a raw test connection failed.
public enum RawSocketError: Error, CustomStringConvertible {
    case connect(Int, String)
    public var description: String {
        switch self {
        case .connect(let port, let why): "cannot connect to 127.0.0.1:\(port): \(why)"
        }
    }
}
