import Foundation
import GenetixNet
import Glibc

/// A TCP server that reads each request head and answers with canned byte pieces, a short pause between them, then
/// closes the connection.
///
/// The accepting thread owns the listening descriptor and closes it itself: `stop()` only shuts the socket down. Were
/// `stop()` to close it, a test running in parallel could be given the same descriptor number for its own listener,
/// and this thread would go on accepting that test's connections and answering them with the wrong pieces.
public final class CannedServer: Sendable {
    private let fd: Int32
    /// The ephemeral port it listens on.
    public let port: Int

    /// Listens on 127.0.0.1 and answers every connection with `pieces`.
    public init(_ pieces: [String]) throws(NetError) {
        fd = try Socket.listen(on: SocketAddress(host: "127.0.0.1", port: 0), reusePort: false)
        port = Socket.localAddress(of: fd)!.port
        let fd = self.fd
        // The listener is non-blocking: poll it from a plain thread; accepted sockets are blocking.
        let thread = Thread {
            defer { close(fd) }
            while true {
                var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                let r = poll(&p, 1, 100)
                if r < 0 && errno != EINTR { return }
                if p.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 { return }
                if r <= 0 { continue }
                let c = accept(fd, nil, nil)
                if c < 0 { if errno == EINVAL { return } else { continue } }
                Self.answer(c, with: pieces)
            }
        }
        thread.start()
    }

    private static func answer(_ c: Int32, with pieces: [String]) {
        defer { close(c) }
        var request: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !String(decoding: request, as: UTF8.self).contains("\r\n\r\n") {
            let n = recv(c, &buffer, buffer.count, 0)
            if n <= 0 { break }
            request.append(contentsOf: buffer[0..<n])
        }
        for piece in pieces {
            let bytes = Array(piece.utf8)
            _ = send(c, bytes, bytes.count, Int32(MSG_NOSIGNAL))
            usleep(20_000)
        }
    }

    /// Stops listening: the socket is shut down at once (new connections are refused), and the accepting thread
    /// closes it within 100 ms.
    public func stop() { shutdown(fd, Int32(SHUT_RDWR)) }
}
