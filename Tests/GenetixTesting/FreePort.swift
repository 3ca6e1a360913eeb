import Foundation
import Glibc
import Synchronization

/// TCP ports on 127.0.0.1 for tests to hand to a server or a child process, which binds them a moment later.
///
/// They come from 12000–19999, below the kernel's ephemeral range (32768 on): the kernel never gives those to a
/// connection's local end or to a bind of port 0, so no socket of a test running beside this one can take a port
/// between this check and the bind. (A port picked by binding port 0 and closing did just that once: etcd's peer
/// port became a parallel test's outgoing connection, and etcd died on "address already in use".) Ports are handed
/// out in order, each once per process until the range wraps, and each is checked free by a bind first.
public enum FreePort {
    /// The range handed out.
    public static let range = 12_000..<20_000
    private static let cursor = Atomic<Int>(0)

    /// A free port; 0 only if no port of the range binds (then the caller's bind fails clearly).
    public static func next() -> Int {
        block(1)
    }

    /// The first of `count` consecutive free ports (an app node's workers take base, base + 1, …).
    public static func block(_ count: Int) -> Int {
        precondition(count >= 1 && count < range.count / 4, "FreePort.block: count \(count) out of range")
        for _ in 0..<(range.count / count) {
            let offset = cursor.wrappingAdd(count, ordering: .relaxed).oldValue % (range.count - count)
            let base = range.lowerBound + offset
            if (base..<(base + count)).allSatisfy(isFree) { return base }
        }
        return 0
    }

    /// Whether 127.0.0.1:`port` binds now (without SO_REUSEADDR: a port in TIME_WAIT counts as taken).
    public static func isFree(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }
}
