import Foundation
import Glibc

/// A test's stand-in for systemd's notification socket: an AF_UNIX datagram socket bound at a path, or in the
/// abstract namespace when the name starts with `@` (what `NOTIFY_SOCKET` then says).
final class NotifySocket: Sendable {
    let fd: Int32
    /// The value for `NOTIFY_SOCKET`.
    let name: String

    init(name: String) throws {
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        self.name = name
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var path = Array(name.utf8)
        let abstract = path.first == UInt8(ascii: "@")
        if abstract { path[0] = 0 }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in for (i, byte) in path.enumerated() { raw[i] = byte } }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + path.count + (abstract ? 0 : 1))
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard bound == 0 else {
            let code = errno
            Glibc.close(fd)
            throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EINVAL)
        }
        var timeout = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// The next datagram, or nil when none came within `seconds` (read on a thread of its own, never the test's pool).
    func receive(within seconds: Int) async -> String? {
        let fd = self.fd
        return await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var buffer = [UInt8](repeating: 0, count: 4096)
                for _ in 0..<seconds {
                    let n = recv(fd, &buffer, buffer.count, 0)
                    if n > 0 { continuation.resume(returning: String(decoding: buffer[0..<n], as: UTF8.self)); return }
                }
                continuation.resume(returning: nil)
            }
        }
    }

    func close() {
        Glibc.close(fd)
        if !name.hasPrefix("@") { unlink(name) }
    }
}
