import CSystem
import Glibc

/// The outcome of one read, write or handshake step on a non-blocking connection.
public enum TransportIO: Equatable {
    /// Bytes moved (0 for a finished handshake).
    case bytes(Int)
    /// Try again when the socket is readable.
    case wantRead
    /// Try again when the socket is writable.
    case wantWrite
    /// The peer closed the connection.
    case eof
    /// The connection broke.
    case failed(String)
}

/// Byte I/O over a connected socket: plain TCP or TLS. Owned by one event-loop thread.
public protocol ConnectionTransport: AnyObject {
    /// Completes a handshake step (`.bytes(0)` when done; plain TCP is always done).
    func handshake() -> TransportIO
    func read(into buffer: UnsafeMutableRawBufferPointer) -> TransportIO
    func write(_ bytes: UnsafeRawBufferPointer) -> TransportIO
    /// Whether decrypted bytes wait inside the transport (read again without waiting for epoll).
    var hasBufferedBytes: Bool { get }
    /// Sends a close notification when the protocol has one; does not close the fd.
    func shutdown()
}

/// Plain TCP.
public final class PlainTransport: ConnectionTransport {
    private let fd: Int32
    public init(fd: Int32) { self.fd = fd }

    public func handshake() -> TransportIO { .bytes(0) }

    public func read(into buffer: UnsafeMutableRawBufferPointer) -> TransportIO {
        while true {
            // recv, not read: the socket call skips the file layer's work (position lock, area checks) on every read.
            let n = recv(fd, buffer.baseAddress, buffer.count, 0)
            if n > 0 { return .bytes(n) }
            if n == 0 { return .eof }
            let e = csystem_errno()
            if e == EINTR { continue }
            if e == EAGAIN || e == EWOULDBLOCK { return .wantRead }
            if e == ECONNRESET { return .eof }
            return .failed(SystemError("recv", code: e).description)
        }
    }

    public func write(_ bytes: UnsafeRawBufferPointer) -> TransportIO {
        while true {
            let n = send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
            if n >= 0 { return .bytes(n) }
            let e = csystem_errno()
            if e == EINTR { continue }
            if e == EAGAIN || e == EWOULDBLOCK { return .wantWrite }
            if e == EPIPE || e == ECONNRESET { return .eof }
            return .failed(SystemError("send", code: e).description)
        }
    }

    public var hasBufferedBytes: Bool { false }
    public func shutdown() {}
}
