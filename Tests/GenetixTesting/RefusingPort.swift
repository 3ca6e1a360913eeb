import Foundation
import Glibc

/// A loopback TCP port where connections are refused, held so that no parallel test can take it: the socket is bound
/// and never listens, so the kernel answers every SYN with a reset. A listener opened and closed to find a "dead"
/// port does not do this — the port is free again, and another test's server may be given it (CI once saw the
/// "dead" node of one test answered by a server of another).
public final class RefusingPort: Sendable {
    private let fd: Int32
    /// The port number; connections to 127.0.0.1 on it fail with ECONNREFUSED until `close()`.
    public let port: Int

    public init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EMFILE) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard bound == 0 else { Glibc.close(fd); throw POSIXError(.EADDRINUSE) }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        self.fd = fd
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    /// `http://127.0.0.1:PORT`, an admin address nobody answers.
    public var url: String { "http://127.0.0.1:\(port)" }

    /// Lets the port go.
    public func close() { Glibc.close(fd) }
}
